// `kubeadm join`'s data stage (upstream's newJoinData: flag rules, configuration loading and
// validation), bin/kubeadm against the pinned upstream kubeadm in the lab oracle's private namespaces: every
// invocation here fails before any phase runs, with the same output and exit code.
// Needs upstream kubeadm (`npm run lab:build`) and bin/kubeadm built (`npm run build`).
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { requireUpstream } from "../../support/upstream.js";

beforeAll(() => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
});

/** stderr with klog headers (time, pid) masked. */
const masked = (s: string) => s.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, "$1<klog> ");

const TOKEN = "abcdef.0123456789abcdef";
const cases: Array<{ name: string; args: string[]; config?: string }> = [
  { name: "no discovery at all", args: ["join"] },
  { name: "token discovery without CA pins", args: ["join", "192.0.2.10:6443", "--token", TOKEN] },
  { name: "an endpoint without a port", args: ["join", "192.0.2.10", "--token", TOKEN, "--discovery-token-unsafe-skip-ca-verification"] },
  { name: "a malformed token (discovery and TLS bootstrap)", args: ["join", "192.0.2.10:6443", "--token", "bad", "--discovery-token-unsafe-skip-ca-verification"] },
  { name: "control-plane flags without --control-plane, a missing discovery file", args: ["join", "--discovery-file", "/run/nope.conf", "--certificate-key", "abc", "--apiserver-bind-port", "7443"] },
  { name: "--config mixed with flags", args: ["join", "192.0.2.10:6443", "--config", "{config}", "--token", TOKEN], config: "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n" },
  { name: "a config file without discovery", args: ["join", "--config", "{config}"], config: "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  name: node-b\n" },
  { name: "two endpoints", args: ["join", "192.0.2.10:6443", "192.0.2.11:6443", "--token", TOKEN] },
  { name: "a phase without discovery flags and no admin.conf", args: ["join", "phase", "control-plane-prepare", "control-plane"] },
  { name: "--ignore-preflight-errors all with others", args: ["join", "192.0.2.10:6443", "--token", TOKEN, "--discovery-token-unsafe-skip-ca-verification", "--ignore-preflight-errors", "all,Swap"] },
];

describe("join's data stage, as upstream", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const opts = { args: c.args, ...(c.config ? { config: c.config } : {}), timeoutMs: 30_000 };
      const up = await runKubeadm(opts);
      const ts = await runKubeadm({ ...opts, bin: "ts" });
      expect(up.code).not.toBe(0);
      expect({ code: ts.code, stdout: ts.stdout, stderr: masked(ts.stderr) }).toEqual({ code: up.code, stdout: up.stdout, stderr: masked(up.stderr) });
    });
  }
});
