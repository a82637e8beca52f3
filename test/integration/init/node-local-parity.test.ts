// Issue 4: node-local parity of `kubeadm init` phases with the pinned upstream kubeadm.
// For every configuration of the corpus, upstream kubeadm and bin/kubeadm each run
//   init phase preflight --ignore-preflight-errors=all, certs all, kubeconfig all,
//   control-plane all, etcd local, kubelet-start
// on a private node (the oracle's mount namespace). The results must match: the same files with
// the same modes, certificates structurally equal, kubeconfigs equal but for key material,
// manifests, config.yaml, instance-config.yaml and kubeadm-flags.env byte-identical, and the
// same printed lines. Re-running the phases on their own output changes nothing, and an
// existing certificate that does not match its CA fails naming it.
// Needs root (mount namespaces), unshare, upstream kubeadm (`npm run lab:build`) and our build
// (`npm run build`): without them these tests FAIL, they are never skipped.
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  TS_KUBEADM,
  diffFiles,
  formatDifferences,
  kubeconfigSummary,
  normalizeOutput,
  textDiff,
  runKubeadm,
  type FileEntry,
} from "../../lab/oracle/index.js";
import { requireUpstream } from "../../support/upstream.js";
import { PHASES, corpus } from "./corpus.js";
import { runCommands, type PhaseRun } from "./run-phases.js";

const TIMEOUT = 300_000;

function requirements(): string[] {
  const missing: string[] = [];
  if (typeof process.getuid !== "function" || process.getuid() !== 0) missing.push("root (mount namespaces)");
  try {
    requireUpstream("kubeadm");
  } catch (e) {
    missing.push((e as Error).message);
  }
  if (!existsSync(TS_KUBEADM) || !existsSync(new URL("../../../dist", import.meta.url))) missing.push("bin/kubeadm with dist/ (run `npm run build`)");
  return missing;
}

/** Files to compare byte for byte beyond the oracle's defaults (everything not a cert, key or kubeconfig). */
const BYTE_IDENTICAL = [/\/manifests\/.*\.yaml$/, /\/var\/lib\/kubelet\/(config\.yaml|instance-config\.yaml|kubeadm-flags\.env)$/];

const normalize = (s: string) => normalizeOutput(s);

/**
 * Kubeconfigs compared as the oracle does, except for the client certificate's validity: it runs
 * from the CA's NotBefore (written by the certs phase) to the kubeconfig phase's start plus a
 * year, so it depends on how long apart the two commands ran (with RSA-4096 keys from OpenSSL on two
 * busy cores, the certs run alone can take tens of seconds). Up to 60 s of slack is accepted: the
 * year and the CA's 5-minute backdate are what this checks, and a wrong one is off by far more.
 */
function kubeconfigDifference(expected: Buffer, actual: Buffer): string {
  const e = kubeconfigSummary(expected.toString("utf8"));
  const a = kubeconfigSummary(actual.toString("utf8"));
  const t = textDiff(e.maskedText, a.maskedText);
  if (t) return t;
  const slack: string[] = [];
  // the validities are compared below, with the slack; rounding them here (to minutes) made two
  // values a second apart differ when they fell on both sides of a minute's half
  const strip = (m: typeof e.material) =>
    JSON.stringify(
      m,
      (key, value) => {
        if (key === "validitySeconds" && typeof value === "number") {
          slack.push(String(value));
          return "<validity>";
        }
        return value;
      },
      2,
    );
  const es = strip(e.material);
  const as = strip(a.material);
  if (es !== as) return textDiff(es, as);
  const values = slack.map(Number);
  const half = values.length / 2;
  for (let i = 0; i < half; i++) {
    if (Math.abs(values[i]! - values[i + half]!) > 60) return `client certificate validity ${values[i]} s expected, got ${values[i + half]} s`;
  }
  return "";
}

function seedFrom(files: Record<string, FileEntry>): Record<string, { content: Buffer; mode: number }> {
  const seed: Record<string, { content: Buffer; mode: number }> = {};
  for (const [p, f] of Object.entries(files)) if (f.type === "file" && !p.startsWith("/run/")) seed[p] = { content: f.content, mode: f.mode };
  return seed;
}

describe("init phases: node-local parity with upstream kubeadm", () => {
  beforeAll(() => {
    const missing = requirements();
    if (missing.length > 0) throw new Error(`the init parity corpus cannot run; missing: ${missing.join(", ")}`);
  });

  it("has at least 12 configurations", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of corpus) {
    describe(c.name, () => {
      let upstream: PhaseRun;
      let ours: PhaseRun;

      beforeAll(async () => {
        if (requirements().length > 0) return;
        const opts = { config: c.config, ...(c.inputs ? { inputs: c.inputs } : {}) };
        upstream = await runCommands("upstream", PHASES, opts);
        ours = await runCommands("ts", PHASES, opts);
      }, TIMEOUT);

      it("every phase succeeds, as upstream's", () => {
        expect(upstream.codes, upstream.result.stderr).toEqual(PHASES.map(() => 0));
        expect(ours.codes, ours.result.stderr).toEqual(PHASES.map(() => 0));
      });

      it("writes the same files with the same modes and equal contents", () => {
        const isKubeconfig = (p: string) => /^\/etc\/kubernetes\/[^/]+\.conf$/.test(p);
        const diffs = diffFiles(upstream.result.files, ours.result.files, {
          compareKind: (p) => (BYTE_IDENTICAL.some((re) => re.test(p)) ? "bytes" : isKubeconfig(p) ? "skip" : undefined),
        });
        expect(formatDifferences(diffs)).toBe("");
        for (const [p, f] of Object.entries(upstream.result.files)) {
          if (!isKubeconfig(p) || f.type !== "file") continue;
          expect(kubeconfigDifference(f.content, ours.result.files[p]!.content), p).toBe("");
        }
        // the corpus really wrote the node's files
        const written = Object.keys(ours.result.files);
        expect(written.some((p) => p.endsWith("/manifests/kube-apiserver.yaml"))).toBe(true);
        expect(written).toContain("/var/lib/kubelet/config.yaml");
      });

      it("prints the same lines, phase by phase", () => {
        for (let i = 0; i < PHASES.length; i++) {
          expect(normalize(ours.stdout[i] ?? ""), PHASES[i]!.join(" ")).toBe(normalize(upstream.stdout[i] ?? ""));
        }
      });

      it("re-running every phase on its own output changes nothing", async () => {
        const again = await runCommands("ts", PHASES.slice(1), { config: c.config, ...(c.inputs ? { inputs: c.inputs } : {}), seed: seedFrom(ours.result.files) });
        expect(again.codes, again.result.stderr).toEqual(PHASES.slice(1).map(() => 0));
        const onlyFiles = (fs: Record<string, FileEntry>) => Object.fromEntries(Object.entries(fs).filter(([, f]) => f.type === "file"));
        const diffs = diffFiles(onlyFiles(ours.result.files), onlyFiles(again.result.files), { compareKind: () => "bytes" });
        expect(formatDifferences(diffs)).toBe("");
        expect(again.stdout[0]).toMatch(/Using existing ca certificate authority|External etcd|Using existing/);
      }, TIMEOUT);
    });
  }

  describe("an existing certificate that does not match", () => {
    it("fails naming the certificate and the mismatch, as upstream does", async () => {
      if (requirements().length > 0) throw new Error("requirements missing");
      const c = corpus[0]!;
      // two unrelated PKIs: the CA of one, the apiserver certificate of the other
      const a = await runKubeadm({ bin: "ts", args: ["init", "phase", "certs", "all"], config: c.config });
      const b = await runKubeadm({ bin: "ts", args: ["init", "phase", "certs", "all"], config: c.config });
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      const pick = (r: typeof a, p: string) => ({ content: r.files[p]!.content, mode: r.files[p]!.mode });
      const seed = {
        "/etc/kubernetes/pki/ca.crt": pick(a, "/etc/kubernetes/pki/ca.crt"),
        "/etc/kubernetes/pki/ca.key": pick(a, "/etc/kubernetes/pki/ca.key"),
        "/etc/kubernetes/pki/apiserver.crt": pick(b, "/etc/kubernetes/pki/apiserver.crt"),
        "/etc/kubernetes/pki/apiserver.key": pick(b, "/etc/kubernetes/pki/apiserver.key"),
      };
      const args = ["init", "phase", "certs", "apiserver"];
      const up = await runKubeadm({ bin: "upstream", args, config: c.config, seed });
      const ts = await runKubeadm({ bin: "ts", args, config: c.config, seed });
      expect(up.code).toBe(1);
      expect(ts.code).toBe(1);
      const errorLine = (s: string) => s.split("\n").find((l) => l.includes("error execution phase")) ?? "";
      expect(errorLine(ts.stderr)).toContain("error execution phase certs/apiserver: [certs] certificate apiserver not signed by CA certificate ca: x509: ");
      expect(errorLine(ts.stderr)).toBe(errorLine(up.stderr));
      // the mismatching certificate is left alone
      expect(ts.files["/etc/kubernetes/pki/apiserver.crt"]!.content.equals(seed["/etc/kubernetes/pki/apiserver.crt"].content)).toBe(true);
    }, TIMEOUT);
  });
});
