// cri-client's klog lines during `kubeadm init phase preflight` on a private real containerd 1.6
// (which lacks the CRI RuntimeConfig call): bin/kubeadm prints the same klog lines on stderr as
// the pinned upstream kubeadm (time and pid masked), both run by the lab oracle in a private mount namespace.
// Needs root, `containerd` + `ctr` (installed when missing), upstream kubeadm (`npm run lab:build`)
// and bin/kubeadm built (`npm run build`).
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { startContainerd, type PrivateContainerd } from "../../support/containerd.js";
import { requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

let containerd: PrivateContainerd | undefined;

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  containerd = await startContainerd("kubeadm-ts-klog-");
}, 60_000);

afterAll(async () => {
  await containerd?.stop();
});

/** The klog lines of a stderr, header time and pid (and the dry-run dir's random suffix) masked. */
const klogLines = (stderr: string): string[] =>
  stderr
    .split("\n")
    .filter((l) => /^[EWI]\d{4} /.test(l))
    .map((l) => l.replace(/^([EWI])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ /, "$1 ").replace(/(kubeadm-init-dryrun)\w+/, "$1<random>"));

describe("init phase preflight on containerd 1.6: cri-client's klog lines", () => {
  const configFor = (extra: string[]) =>
    [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: InitConfiguration",
      "localAPIEndpoint:",
      "  advertiseAddress: 10.0.0.5",
      "nodeRegistration:",
      `  name: ${hostname().toLowerCase()}`,
      `  criSocket: ${containerd!.endpoint}`,
      "  imagePullPolicy: Always",
      "---",
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: ClusterConfiguration",
      `kubernetesVersion: ${KUBERNETES_VERSION}`,
      ...extra,
      "",
    ].join("\n");

  it("the RuntimeConfig error line, as upstream prints it", async () => {
    const config = configFor([]);
    const args = ["init", "phase", "preflight", "--dry-run", "--ignore-preflight-errors=all"];
    const up = await runKubeadm({ args, config });
    const ts = await runKubeadm({ bin: "ts", args, config });
    expect(up.code).toBe(0);
    expect(ts.code).toBe(0);
    const line =
      'E remote_runtime.go:1359] "RuntimeConfig from runtime service failed" err="rpc error: code = Unimplemented desc = unknown method RuntimeConfig for service runtime.v1.RuntimeService"';
    expect(klogLines(up.stderr)).toContain(line);
    expect(klogLines(ts.stderr)).toEqual(klogLines(up.stderr));
    expect(ts.stderr).toContain("[WARNING ContainerRuntimeVersion]");
  }, 120_000);

  it("ImagePull from a refused registry: the same PullImage lines (five attempts per image) as upstream", async () => {
    const config = configFor(["imageRepository: 127.0.0.1:1/k8s"]);
    const args = ["init", "phase", "preflight", "--ignore-preflight-errors=all"];
    const up = await runKubeadm({ args, config });
    const ts = await runKubeadm({ bin: "ts", args, config });
    expect(ts.code).toBe(up.code);
    const pulls = klogLines(up.stderr).filter((l) => l.includes('"PullImage from image service failed"'));
    expect(pulls).toHaveLength(35);
    expect(pulls[0]).toMatch(new RegExp(String.raw`^E remote_image\.go:334\] "PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image .*connection refused" image="127\.0\.0\.1:1\/k8s\/kube-apiserver:${KUBERNETES_VERSION.replaceAll(".", "\\.")}"$`));
    expect(klogLines(ts.stderr)).toEqual(klogLines(up.stderr));
  }, 120_000);
});
