// Secrets never reach a dry-run or verbose print (src/util/redact.ts, marker "REDACTED"): with a
// real PKI in place, `init phase upload-certs --upload-certs --dry-run -v=10` and a full
// `init --dry-run --upload-certs -v=10` print the kubeadm-certs and bootstrap-token Secrets with
// every value REDACTED and the certificate key REDACTED, while the objects' structure is still
// printed. Upstream prints the encrypted CA and service-account keys next to the key that
// decrypts them (checked live: an accepted difference of test/support/known-differences.mjs); the
// join command at the end of init keeps its token and key, as upstream's does.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeadm } from "../../lab/oracle/index.js";
import { REDACTION_TEST_KEY } from "../../support/known-differences.mjs";
import { parity } from "../../support/parity.js";
import { requireRoot, requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const KUBEADM = resolve(__dirname, "../../../bin/kubeadm");
const KEY = REDACTION_TEST_KEY;
const TOKEN = "wxyz12.abcdefghij012345";
const TOKEN_SECRET = "abcdefghij012345";
const CONFIG = `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.0.2.10
bootstrapTokens:
- token: ${TOKEN}
certificateKey: ${KEY}
nodeRegistration:
  name: redaction-node
  criSocket: unix:///var/run/containerd/containerd.sock
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
controlPlaneEndpoint: cp.example.com:6443
`;

let pkiDir: string;
let adminConf: Buffer;
const DRY_RUN_DIR = "/etc/kubernetes/tmp/kubeadm-redaction-dryrun";
/** /etc/kubernetes/pki/* of the run, made by our own `certs all`. */
const seed: Record<string, Buffer> = {};
/** Every private key of the PKI (PEM body lines, and the file's base64): none may show up in the output. */
const material: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/**
 * Lines of `text` that hold something secret. Allowed: the join commands printed at the end of
 * init (their token and certificate key are what they are for) and "[bootstrap-token] Using
 * token:", which every init prints for the same join; public material (the CA certificate in
 * cluster-info, sha256 hashes) is not secret.
 */
function leaks(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (/^\s*kubeadm join |^\s*--(discovery-token-ca-cert-hash|control-plane|certificate-key)\b/.test(line)) continue;
    if (line === `[bootstrap-token] Using token: ${TOKEN}`) continue;
    const scrubbed = line.replace(/sha256:[0-9a-f]{64}/g, "").replace(/^(\s*certificate-authority-data: ).*/, "$1");
    if (scrubbed.includes(KEY) || scrubbed.includes(TOKEN_SECRET) || /PRIVATE KEY/.test(scrubbed)) out.push(line);
    // base64 of 48+ bytes: encrypted keys, key files
    else if (/[A-Za-z0-9+/]{64,}={0,2}/.test(scrubbed)) out.push(line);
    else if (material.some((m) => scrubbed.includes(m))) out.push(line);
  }
  return out;
}

beforeAll(() => {
  pkiDir = mkdtempSync(join(tmpdir(), "kubeadm-ts-redaction-"));
  execFileSync(KUBEADM, ["init", "phase", "certs", "all", "--cert-dir", pkiDir], { stdio: "pipe" });
  for (const f of walk(pkiDir)) {
    const content = readFileSync(f);
    seed[`/etc/kubernetes/pki/${relative(pkiDir, f)}`] = content;
    if (!f.endsWith(".key")) continue;
    for (const l of content.toString("utf8").split("\n")) if (/^[A-Za-z0-9+/]{40,}$/.test(l)) material.push(l);
    material.push(content.toString("base64").slice(0, 60));
  }
  // upstream's phase alone reads admin.conf from the dry-run directory (the kubeconfig phase writes it)
  execFileSync(KUBEADM, ["init", "phase", "kubeconfig", "admin", "--cert-dir", pkiDir, "--kubeconfig-dir", pkiDir, "--control-plane-endpoint", "cp.example.com:6443"], { stdio: "pipe" });
  adminConf = readFileSync(join(pkiDir, "admin.conf"));
  expect(Object.keys(seed)).toContain("/etc/kubernetes/pki/ca.key");
}, 60_000);

afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

const check = parity(import.meta.url);
/** The line a dry run prints the certificate key on, and the one after it. */
const certificateKeyLines = (stdout: string): string => /^\[upload-certs\] Using certificate key:\n.*\n/m.exec(stdout)?.[0] ?? "(no certificate key line)";

describe("dry-run and verbose prints redact secrets", () => {
  it("init phase upload-certs --upload-certs --dry-run -v=10", async () => {
    const upstream = requireUpstream("kubeadm");
    requireRoot("the redaction test");
    const r = await runKubeadm({ bin: "ts", args: ["init", "phase", "upload-certs", "--upload-certs", "--dry-run", "-v=10"], config: CONFIG, seed });
    expect(r.code, r.stderr).toBe(0);
    const all = `${r.stdout}\n${r.stderr}`;
    expect(leaks(all)).toEqual([]);
    // the structure is there, every value replaced by the marker
    expect(r.stdout).toMatch(/\ndata:\n  ca\.crt: REDACTED\n  ca\.key: REDACTED\n  etcd-ca\.crt: REDACTED\n  etcd-ca\.key: REDACTED\n  front-proxy-ca\.crt: REDACTED\n  front-proxy-ca\.key: REDACTED\n  sa\.key: REDACTED\n  sa\.pub: REDACTED\nkind: Secret\nmetadata:\n  name: kubeadm-certs\n/);
    expect(r.stdout).toMatch(/\n  token-secret: REDACTED\n/);
    expect(r.stdout).toContain("[upload-certs] Using certificate key:\nREDACTED\n");
    // what upstream prints instead: the key that decrypts the Secret printed just above it
    const u = await runKubeadm({
      bin: upstream,
      args: ["init", "phase", "upload-certs", "--upload-certs", "--dry-run", "-v=10"],
      config: CONFIG,
      seed: { ...seed, [`${DRY_RUN_DIR}/admin.conf`]: adminConf },
      env: { KUBEADM_INIT_DRYRUN_DIR: DRY_RUN_DIR },
    });
    expect(u.code, u.stderr).toBe(0);
    expect(leaks(`${u.stdout}\n${u.stderr}`).length).toBeGreaterThan(0);
    check.same(
      "kubeadm init phase upload-certs --upload-certs --dry-run -v=10: the certificate key line",
      certificateKeyLines(u.stdout),
      certificateKeyLines(r.stdout),
    );
  }, 120_000);

  it("init --dry-run --upload-certs -v=10: secrets only in the join command", async () => {
    const r = await runKubeadm({ bin: "ts", args: ["init", "--dry-run", "--upload-certs", "--ignore-preflight-errors=all", "-v=10"], config: CONFIG, seed });
    expect(r.code, r.stderr).toBe(0);
    const all = `${r.stdout}\n${r.stderr}`;
    expect(leaks(all)).toEqual([]);
    expect(r.stdout).toMatch(/\n  token-secret: REDACTED\n/);
    expect(r.stdout).toMatch(/\n  ca\.key: REDACTED\n/);
    // the join commands printed at the end keep what they are for
    expect(r.stdout).toContain(`--token ${TOKEN}`);
    expect(r.stdout).toContain(`--certificate-key ${KEY}`);
  }, 180_000);

  it("every known difference of this file was met", () => {
    expect(check.entries.length).toBeGreaterThan(0);
    expect(check.unmet(), "entries no case met: remove them or fix their case").toEqual([]);
  });
});
