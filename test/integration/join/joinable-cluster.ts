// What every join oracle test starts from: a real kube-apiserver that a bootstrap token can join,
// as `kubeadm init` leaves it (the token abcdef.0123456789abcdef with its RBAC, cluster-info with
// the token's JWS signature). Returns the CA's public key pin for --discovery-token-ca-cert-hash.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runBootstrapTokenPhase } from "../../../src/cluster/bootstrap-token-phase.js";
import { computeDetachedSignature } from "../../../src/discovery/jws.js";
import { publicKeyPinsFromPem } from "../../../src/pki/pin.js";
import type { RealApiserver } from "../../support/apiserver.js";
import { UPSTREAM_ERROR } from "../../support/known-differences.mjs";

export async function makeJoinable(api: RealApiserver): Promise<string> {
  const caPem = readFileSync(join(api.dir, "ca.crt"), "utf8");
  await runBootstrapTokenPhase(
    api.admin,
    {
      tokens: [{ token: { id: "abcdef", secret: "0123456789abcdef" }, ttl: 3_600_000, usages: ["signing", "authentication"], groups: ["system:bootstrappers:kubeadm:default-node-token"] }],
      skipTokenPrint: true,
      cluster: { server: api.server, certificateAuthorityData: Buffer.from(caPem) },
    },
    { write: () => undefined },
  );
  const cm = await api.admin.get("configmaps", "cluster-info", "kube-public");
  cm.data!["jws-kubeconfig-abcdef"] = computeDetachedSignature(cm.data!.kubeconfig!, "abcdef", "0123456789abcdef");
  await api.admin.update("configmaps", cm, "kube-public");
  return publicKeyPinsFromPem(caPem)[0]!;
}

/**
 * A failed join's stderr in two: `tail` from upstream's `error:` line on (from kubeadm-ts, from the
 * list of what the failed join left, printed just before that line: a known difference), `head`
 * what came before (compared as is).
 */
export function splitFailedJoinStderr(stderr: string): { head: string; tail: string } {
  const lines = stderr.split("\n");
  let i = lines.findIndex((l) => l.startsWith("[join] The join failed after changing this node.") || l.startsWith("error: "));
  if (i < 0) i = lines.length;
  return { head: lines.slice(0, i).join("\n"), tail: lines.slice(i).join("\n") };
}

/** A failed join's tail (splitFailedJoinStderr) with upstream's error at its end shown as UPSTREAM_ERROR (ours must end with exactly upstream's). */
export function renderFailedJoinTail(tail: string, upstreamTail: string): string {
  return tail.endsWith(upstreamTail) ? `${tail.slice(0, tail.length - upstreamTail.length)}${UPSTREAM_ERROR}` : tail;
}
