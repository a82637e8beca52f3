// Token discovery against a real kube-apiserver: cluster-info and its anonymous-read RBAC as
// `kubeadm init` writes them (createClusterInfo), the JWS signature added by the real bootstrap
// signer (upstream kube-controller-manager running only that controller, for a bootstrap token
// Secret written here as upstream documents it), then `join`'s discovery: insecure read, JWS and
// CA-pin checks, TLS-verified re-read.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterInfo } from "../../../src/cluster/cluster-info.js";
import { computeDetachedSignature, detachedTokenIsValid } from "../../../src/discovery/jws.js";
import { retrieveValidatedConfigInfo } from "../../../src/discovery/token.js";
import { publicKeyPinsFromPem } from "../../../src/pki/pin.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { startControllerManager, type RealControllerManager } from "../../support/controller-manager.js";

let api: RealApiserver;
let kcm: RealControllerManager | undefined;
let caPem: string;
const TOKEN = "abcdef.0123456789abcdef";

beforeAll(async () => {
  api = await startApiserver("token-discovery-");
  caPem = readFileSync(join(api.dir, "ca.crt"), "utf8");
  kcm = startControllerManager(api, ["bootstrap-signer-controller"]);
}, 120_000);
afterAll(async () => {
  await kcm?.stop();
  await api?.stop();
});

const endpoint = () => new URL(api.server).host;
const discover = (over: { caCertHashes?: string[]; token?: string; timeoutMs?: number } = {}) =>
  retrieveValidatedConfigInfo({
    apiServerEndpoint: endpoint(),
    token: over.token ?? TOKEN,
    caCertHashes: over.caCertHashes ?? publicKeyPinsFromPem(caPem),
    timeoutMs: over.timeoutMs ?? 10_000,
    retryIntervalMs: 200,
  });

describe("token discovery on a real API server", () => {
  it("before init has published cluster-info, anonymous reads are forbidden: the last error after the timeout", async () => {
    await expect(discover({ timeoutMs: 500 })).rejects.toThrow(/^failed to request the cluster-info ConfigMap: configmaps "cluster-info" is forbidden: User "system:anonymous" cannot get resource "configmaps"/);
  });

  it("with cluster-info published and signed by kube-controller-manager's bootstrap signer: the pinned CA, verified over TLS", async () => {
    const out: string[] = [];
    await createClusterInfo(api.admin, { server: api.server, certificateAuthorityData: Buffer.from(caPem) }, { write: (s: string) => out.push(s) });
    // no bootstrap token yet, so the signer has nothing to sign with
    await expect(discover({ timeoutMs: 500 })).rejects.toThrow('could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"');

    // a bootstrap token Secret as upstream's bootstrap token docs spell it (not through our code)
    await api.admin.create("secrets", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "bootstrap-token-abcdef", namespace: "kube-system" },
      type: "bootstrap.kubernetes.io/token",
      stringData: { "token-id": "abcdef", "token-secret": "0123456789abcdef", "usage-bootstrap-signing": "true", "usage-bootstrap-authentication": "true" },
    }, "kube-system");
    const deadline = Date.now() + 60_000;
    let cm = await api.admin.get("configmaps", "cluster-info", "kube-public");
    while (cm.data?.["jws-kubeconfig-abcdef"] === undefined) {
      if (Date.now() > deadline) throw new Error(`kube-controller-manager did not sign cluster-info within 60 s; its log:\n${kcm!.log().slice(-4000)}`);
      await new Promise((res) => setTimeout(res, 250));
      cm = await api.admin.get("configmaps", "cluster-info", "kube-public");
    }
    const kubeconfig = cm.data!.kubeconfig!;
    const upstreamSig = cm.data!["jws-kubeconfig-abcdef"]!;
    expect(Object.keys(cm.data!).sort()).toEqual(["jws-kubeconfig-abcdef", "kubeconfig"]);

    // kcm's signature: our verifier accepts it, our signer makes the same bytes, another secret fails
    expect(detachedTokenIsValid(upstreamSig, kubeconfig, "abcdef", "0123456789abcdef")).toBe(true);
    expect(computeDetachedSignature(kubeconfig, "abcdef", "0123456789abcdef")).toBe(upstreamSig);
    expect(detachedTokenIsValid(upstreamSig, kubeconfig, "abcdef", "ffffffffffffffff")).toBe(false);
    expect(detachedTokenIsValid(upstreamSig, kubeconfig + "\n", "abcdef", "0123456789abcdef")).toBe(false);

    const r = await discover();
    expect(r.kubeconfigText).toBe(kubeconfig);
    expect(r.cluster.server).toBe(api.server);
    expect(r.cluster.certificateAuthorityData?.toString()).toBe(caPem);
  }, 90_000);

  it("a token the cluster did not sign, a wrong secret, a CA that is not pinned", async () => {
    await expect(discover({ token: "zzzzzz.0123456789abcdef", timeoutMs: 300 })).rejects.toThrow('could not find a JWS signature in the cluster-info ConfigMap for token ID "zzzzzz"');
    await expect(discover({ token: "abcdef.ffffffffffffffff" })).rejects.toThrow("failed to verify JWS signature of received cluster info object, can't trust this API Server");
    const foreign = `sha256:${"0".repeat(64)}`;
    await expect(discover({ caCertHashes: [foreign] })).rejects.toThrow(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${publicKeyPinsFromPem(caPem)[0]}" are pinned`);
  });
});
