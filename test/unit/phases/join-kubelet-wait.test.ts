// join phase kubelet-wait-bootstrap with the real node's effects on a temp dir: the kubelet health
// wait (faked HTTP), then kubelet.conf polled until a client can be made from it (its certificate
// and key readable and matching, also from one combined PEM as the kubelet writes
// kubelet-client-current.pem), bootstrap-kubelet.conf removed afterwards whatever the outcome,
// upstream's lines and errors; the dry-run twin only says it would wait.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dryRunJoinNode, kubeconfigUsable, realJoinNode } from "../../../src/host/join-node.js";
import { realControlPlaneWaiter } from "../../../src/host/control-plane-health.js";
import { kubeletWaitBootstrapPhase } from "../../../src/phases/join/kubelet-wait-bootstrap.js";
import { KUBELET_FAIL_MESSAGE } from "../../../src/phases/init/wait-control-plane.js";
import { bufferWriter } from "../../../src/cluster/index.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import { emptyKubeletConfiguration } from "../../../src/config/componentconfigs.js";
import { TEST_CA_CERT as CERT, TEST_CA_KEY as KEY } from "./join-fixtures.js";


function kubeletConf(dir: string, combined: boolean): string {
  const file = join(dir, "kubelet.conf");
  let user: string[];
  if (combined) {
    writeFileSync(join(dir, "kubelet-client-current.pem"), CERT + KEY);
    user = [`    client-certificate: ${join(dir, "kubelet-client-current.pem")}`, `    client-key: ${join(dir, "kubelet-client-current.pem")}`];
  } else {
    user = [`    client-certificate-data: ${Buffer.from(CERT).toString("base64")}`, `    client-key-data: ${Buffer.from(KEY).toString("base64")}`];
  }
  writeFileSync(file, ["apiVersion: v1", "kind: Config", "clusters:", "- name: kubernetes", "  cluster:", "    server: https://127.0.0.1:6443", "contexts:", "- name: system:node:w1@kubernetes", "  context: {cluster: kubernetes, user: system:node:w1}", "current-context: system:node:w1@kubernetes", "users:", "- name: system:node:w1", "  user:", ...user, ""].join("\n"));
  return file;
}

function data(dir: string, over: { healthy?: boolean; tlsBootstrapMs?: number; dryRun?: boolean; healthzPort?: number } = {}): { d: JoinData; out: ReturnType<typeof bufferWriter>; urls: string[] } {
  const out = bufferWriter();
  const urls: string[] = [];
  const kubelet = { ...emptyKubeletConfiguration(), healthzBindAddress: "127.0.0.1", healthzPort: over.healthzPort ?? 10248 };
  const d = {
    cfg: { nodeRegistration: { criSocket: "unix:///var/run/containerd/containerd.sock" }, timeouts: { kubeletHealthCheck: 300, tlsBootstrap: over.tlsBootstrapMs ?? 300 } },
    dryRun: over.dryRun ?? false,
    out,
    patchesDir: "",
    verbosity: 0,
    log: { info: () => undefined, warn: () => undefined },
    kubeConfigDir: dir,
    env: { PATH: "" },
    kubeletKubeconfigPath: join(dir, "kubelet.conf"),
    node: over.dryRun ? dryRunJoinNode({ out }) : realJoinNode({ out, warn: () => undefined, v1: () => undefined, initSystem: () => null }),
    waiter: realControlPlaneWaiter({
      out,
      get: async (url) => {
        urls.push(url);
        if (over.healthy === false) throw new Error(`Get "${url}": dial tcp 127.0.0.1:10248: connect: connection refused`);
        return 200;
      },
    }),
    initCfg: async () => ({ clusterConfiguration: { componentConfigs: { kubelet } } }),
  } as unknown as JoinData;
  return { d, out, urls };
}

const run = (d: JoinData) => kubeletWaitBootstrapPhase.run!(d, {} as never);

describe("kubelet-wait-bootstrap", () => {
  it("kubelet.conf usable (embedded data, or one combined PEM file named twice): done, bootstrap-kubelet.conf removed", async () => {
    for (const combined of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), "join-wait-"));
      writeFileSync(join(dir, "bootstrap-kubelet.conf"), "x");
      kubeletConf(dir, combined);
      const { d, out, urls } = data(dir, { healthzPort: 10300 });
      await run(d);
      expect(urls).toEqual(["http://127.0.0.1:10300/healthz"]);
      expect(out.text()).toMatch(
        /^\[kubelet-check\] Waiting for a healthy kubelet at http:\/\/127\.0\.0\.1:10300\/healthz\. This can take up to 300ms\n\[kubelet-check\] The kubelet is healthy after \d+(\.\d+)?[mµn]?s\n\[kubelet-start\] Waiting for the kubelet to perform the TLS Bootstrap\n$/,
      );
      expect(existsSync(join(dir, "bootstrap-kubelet.conf"))).toBe(false);
    }
  });

  it("kubelet.conf never usable: the troubleshooting text, upstream's error, bootstrap-kubelet.conf removed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-wait-"));
    writeFileSync(join(dir, "bootstrap-kubelet.conf"), "x");
    // a certificate without its key is not enough
    writeFileSync(join(dir, "kubelet.conf"), kubeletConf(dir, false) && "apiVersion: v1\nkind: Config\n");
    const { d, out } = data(dir, { tlsBootstrapMs: 250 });
    await expect(run(d)).rejects.toThrow(/^failed while waiting for TLS bootstrap: context deadline exceeded$/);
    expect(out.text().endsWith(`[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n${KUBELET_FAIL_MESSAGE}`)).toBe(true);
    expect(existsSync(join(dir, "bootstrap-kubelet.conf"))).toBe(false);
  });

  it("an unhealthy kubelet: the troubleshooting text and upstream's error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-wait-"));
    writeFileSync(join(dir, "bootstrap-kubelet.conf"), "x");
    const { d, out } = data(dir, { healthy: false });
    await expect(run(d)).rejects.toThrow(/^failed while waiting for the kubelet to start: The HTTP call equal to 'curl -sSL http:\/\/127\.0\.0\.1:10248\/healthz' returned error: /);
    expect(out.text().endsWith(KUBELET_FAIL_MESSAGE)).toBe(true);
    expect(existsSync(join(dir, "bootstrap-kubelet.conf"))).toBe(false);
  });

  it("dry-run: one line, nothing read or removed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-wait-"));
    writeFileSync(join(dir, "bootstrap-kubelet.conf"), "x");
    const { d, out, urls } = data(dir, { dryRun: true });
    await run(d);
    expect(out.text()).toBe("[kubelet-wait] Would wait for the kubelet to be bootstrapped\n");
    expect(urls).toEqual([]);
    expect(existsSync(join(dir, "bootstrap-kubelet.conf"))).toBe(true);
  });

  it("kubeconfigUsable: a key that does not match the certificate, a missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "join-wait-"));
    const file = kubeletConf(dir, true);
    expect(await kubeconfigUsable(file)).toBe(true);
    const { generateKeyPairSync } = await import("node:crypto");
    const other = String(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(dir, "kubelet-client-current.pem"), CERT + other);
    expect(await kubeconfigUsable(file)).toBe(false);
    expect(await kubeconfigUsable(join(dir, "nope.conf"))).toBe(false);
  });
});
