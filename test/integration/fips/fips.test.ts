// kubeadm-ts under OpenSSL's FIPS provider, for real: test/fips/build-fips.sh builds the
// validated provider (OpenSSL 3.0.8's fips.so) and an OpenSSL config into
// ~/.cache/kubeadm-ts/fips (a no-op when cached), then bin/kubeadm (`npm run build` first) runs
// every command that makes keys, signatures, hashes or ciphers with that config. A preload
// (--require, through NODE_OPTIONS) records in each kubeadm process itself that FIPS mode was on
// (crypto.getFips() = 1) and enforced (MD5 and RSA-1024 key generation refused). Every key is
// checked with `openssl pkey -check`, every certificate with `openssl verify` against its CA (the
// system's openssl, outside FIPS mode: an independent check). TLS is exercised against a real
// kube-apiserver (the lab's upstream build). What FIPS forbids (a 1024-bit CA key) fails with one
// clear error line. See docs/fips.md.
import { execFileSync, spawnSync } from "node:child_process";
import { createDecipheriv } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO_DIR, runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { startApiserver } from "../../support/apiserver.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const FIPS_DIR = join(process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache", "kubeadm-ts"), "fips");
const FIPS_CNF = join(FIPS_DIR, "openssl.cnf");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const scratch = mkdtempSync(join(tmpdir(), "kubeadm-fips-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Preloaded into kubeadm's own process: what FIPS mode looked like there, written at exit. */
const PROBE = join(scratch, "fips-probe.cjs");
writeFileSync(
  PROBE,
  `const c = require("node:crypto"), fs = require("node:fs"), { isMainThread } = require("node:worker_threads");
const out = process.env.KUBEADM_FIPS_PROBE;
if (out && isMainThread) process.on("exit", () => {
  const r = { pid: process.pid, fips: c.getFips(), sha256: c.createHash("sha256").update("abc").digest("hex") };
  try { c.createHash("md5").update("x").digest(); r.md5 = "allowed"; } catch (e) { r.md5 = "refused: " + e.message; }
  try { c.generateKeyPairSync("rsa", { modulusLength: 1024 }); r.rsa1024 = "allowed"; } catch (e) { r.rsa1024 = "refused: " + e.message; }
  fs.writeFileSync(out, JSON.stringify(r));
});
`,
);
interface Probe {
  pid: number;
  fips: number;
  sha256: string;
  md5: string;
  rsa1024: string;
}
const SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

/** The probe of a process that ran in FIPS mode with the provider enforcing. */
function expectFipsProbe(file: string): void {
  expect(existsSync(file), `no probe written: ${file}`).toBe(true);
  const p = JSON.parse(readFileSync(file, "utf8")) as Probe;
  expect(p.fips).toBe(1);
  expect(p.sha256).toBe(SHA256_ABC);
  expect(p.md5).toMatch(/^refused: .*unsupported/);
  expect(p.rsa1024).toMatch(/^refused: /);
}

const fipsEnv = (probe?: string): Record<string, string> => ({
  OPENSSL_CONF: FIPS_CNF,
  ...(probe ? { NODE_OPTIONS: `--require ${PROBE}`, KUBEADM_FIPS_PROBE: probe } : {}),
});
/** A minimal environment (nothing of vitest's own NODE_OPTIONS) plus `extra`. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: process.env.HOME ?? "/root",
  LANG: "C",
  ...extra,
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_DIR): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { env, cwd, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const openssl = (...args: string[]): string => execFileSync("openssl", args, { encoding: "utf8", env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });

/** The error output of a refused command: one `error: ...` line, the --v=5 hint, no stack frames. */
function expectCleanError(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l !== "" && !/^[WI]\d{4} /.test(l));
  expect(lines.filter((l) => l.startsWith("error: ")), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Assertion failed|Native stack trace/);
  expect(lines.at(-1)).toBe("To see the stack trace of this error execute with --v=5 or higher");
  return lines.find((l) => l.startsWith("error: "))!;
}

beforeAll(() => {
  expect(existsSync(join(REPO_DIR, "dist/launch.cjs")), "run `npm run build` first").toBe(true);
  // part of the test run: builds the provider when the cache lacks it (~3-5 min on 2 cores)
  execFileSync("bash", [join(REPO_DIR, "test/fips/build-fips.sh")], { stdio: ["ignore", "inherit", "inherit"], timeout: 1_500_000 });
  expect(existsSync(FIPS_CNF)).toBe(true);
}, 1_600_000);

describe("the FIPS provider and Node's FIPS mode", () => {
  const CHECK = `const c = require("node:crypto"); let md5 = "allowed"; try { c.createHash("md5"); } catch (e) { md5 = "refused"; }
let rsa1024 = "allowed"; try { c.generateKeyPairSync("rsa", { modulusLength: 1024 }); } catch (e) { rsa1024 = "refused"; }
const hmac = c.createHmac("sha256", Buffer.from("0123456789abcdef")).update("x").digest("hex").length; // a bootstrap token's JWS
console.log(JSON.stringify({ fips: c.getFips(), md5, rsa1024, hmac, rsa2048: c.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.asymmetricKeyDetails.modulusLength }));`;

  it("OpenSSL lists OpenSSL 3.0.8's FIPS provider (and base) as the active providers of the config", () => {
    for (const bin of ["openssl", join(FIPS_DIR, "openssl")]) {
      const out = run(bin, ["list", "-providers"], cleanEnv({ OPENSSL_CONF: FIPS_CNF }));
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(/ fips\n\s+name: OpenSSL FIPS Provider\n\s+version: 3\.0\.8\n\s+status: active/);
      expect(out.stdout).toMatch(/ base\n\s+name: OpenSSL Base Provider\n[^\n]*\n\s+status: active/);
      expect(out.stdout).not.toMatch(/ default\n/);
    }
    expect(run("node", ["-p", "process.versions.openssl"], cleanEnv()).stdout).toMatch(/^3\.0\.\d+/);
  });

  it("Node with OPENSSL_CONF alone is in FIPS mode and refuses MD5 and RSA-1024; without it, not", () => {
    const on = run("node", ["-e", CHECK], cleanEnv({ OPENSSL_CONF: FIPS_CNF }));
    expect(on.code, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual({ fips: 1, md5: "refused", rsa1024: "refused", hmac: 64, rsa2048: 2048 });
    const off = run("node", ["-e", CHECK], cleanEnv());
    expect(JSON.parse(off.stdout)).toEqual({ fips: 0, md5: "allowed", rsa1024: "allowed", hmac: 64, rsa2048: 2048 });
  });

  it("the other ways Node 20 takes: --enable-fips with OPENSSL_MODULES, --openssl-config, --openssl-shared-config", () => {
    const variants: Array<[string[], Record<string, string>]> = [
      [["--enable-fips"], { OPENSSL_CONF: FIPS_CNF, OPENSSL_MODULES: FIPS_DIR }],
      [["--force-fips"], { OPENSSL_CONF: FIPS_CNF }],
      [[`--openssl-config=${FIPS_CNF}`], {}],
      [["--openssl-shared-config"], { OPENSSL_CONF: FIPS_CNF }],
    ];
    for (const [flags, env] of variants) {
      const r = run("node", [...flags, "-e", CHECK], cleanEnv(env));
      expect(r.code, `${flags.join(" ")}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout), flags.join(" ")).toMatchObject({ fips: 1, md5: "refused", rsa1024: "refused" });
    }
  });

  it("--enable-fips without a FIPS provider configured: Node refuses to start, exit 1, no stack trace", () => {
    const r = run(TS_KUBEADM, ["token", "generate"], cleanEnv({ NODE_OPTIONS: "--enable-fips" }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^node: OpenSSL error when trying to enable FIPS:/);
    expect(r.stderr).not.toMatch(/^\s+at |Native stack trace/m);
  });

  it("bin/kubeadm passes NODE_OPTIONS=--enable-fips and --openssl-config through to its Node", () => {
    const variants: Array<[Record<string, string>, string]> = [
      [{ OPENSSL_CONF: FIPS_CNF, NODE_OPTIONS: `--enable-fips --require ${PROBE}` }, join(scratch, "enable-fips.json")],
      [{ NODE_OPTIONS: `--openssl-config=${FIPS_CNF} --require ${PROBE}` }, join(scratch, "openssl-config.json")],
    ];
    for (const [env, probe] of variants) {
      const r = run(TS_KUBEADM, ["token", "generate"], cleanEnv({ ...env, KUBEADM_FIPS_PROBE: probe }));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}\n$/);
      expectFipsProbe(probe);
    }
  });
});

// ---------------------------------------------------------------------------------------------

interface Profile {
  name: string;
  encryptionAlgorithm?: string;
  /** `openssl pkey -text` first line of every key. */
  keyText: RegExp;
}
const PROFILES: Profile[] = [
  { name: "RSA-2048 (default)", keyText: /^Private-Key: \(2048 bit, 2 primes\)/ },
  { name: "RSA-3072", encryptionAlgorithm: "RSA-3072", keyText: /^Private-Key: \(3072 bit, 2 primes\)/ },
  { name: "ECDSA-P256", encryptionAlgorithm: "ECDSA-P256", keyText: /^Private-Key: \(256 bit\)\n[\s\S]*ASN1 OID: prime256v1/ },
];

function configFor(p: Profile, certificatesDir = "/etc/kubernetes/pki"): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    "localAPIEndpoint:",
    "  advertiseAddress: 192.0.2.10",
    "  bindPort: 6443",
    "nodeRegistration:",
    "  name: node1",
    "  criSocket: unix:///run/containerd/containerd.sock",
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${KUBERNETES_VERSION}`,
    `certificatesDir: ${certificatesDir}`,
    ...(p.encryptionAlgorithm ? [`encryptionAlgorithm: ${p.encryptionAlgorithm}`] : []),
    "",
  ].join("\n");
}

/** A shell driver: $1 kubeadm, $2 output dir, then one command per argument ("!..." = a shell step). */
const DRIVER = join(scratch, "driver.sh");
writeFileSync(
  DRIVER,
  [
    "#!/bin/sh",
    'k="$1"; out="$2"; shift 2; i=0',
    'for cmd in "$@"; do',
    "  i=$((i+1))",
    '  case "$cmd" in "!"*) sh -c "${cmd#!}" >"$out/$i.out" 2>"$out/$i.err"; echo $? >"$out/$i.rc"; continue ;; esac',
    '  KUBEADM_FIPS_PROBE="$out/$i.probe.json" $k $cmd >"$out/$i.out" 2>"$out/$i.err"',
    '  echo $? >"$out/$i.rc"',
    "done",
    "",
  ].join("\n"),
  { mode: 0o755 },
);

interface Step {
  code: number;
  stdout: string;
  stderr: string;
  probe: string;
}
/**
 * Runs `commands` one after another with FIPS on, in a private mount namespace whose
 * /etc/kubernetes, /var/lib/kubelet and /var/lib/etcd are fresh; returns what each printed and
 * the host directory that was /etc/kubernetes.
 */
async function runOnNode(commands: string[], config: string, inputs: Record<string, string> = {}): Promise<{ steps: Step[]; etc: string; tmpDir: string }> {
  const out = mkdtempSync(join(scratch, "out-"));
  const res = await runKubeadm({
    bin: DRIVER,
    args: [TS_KUBEADM, out, ...commands],
    config,
    inputs,
    env: { ...fipsEnv(), NODE_OPTIONS: `--require ${PROBE}` },
    keep: true,
    timeoutMs: 600_000,
  });
  expect(res.code, res.stderr).toBe(0);
  const steps = commands.map((_, i) => ({
    code: Number(readFileSync(join(out, `${i + 1}.rc`), "utf8")),
    stdout: readFileSync(join(out, `${i + 1}.out`), "utf8"),
    stderr: readFileSync(join(out, `${i + 1}.err`), "utf8"),
    probe: join(out, `${i + 1}.probe.json`),
  }));
  return { steps, etc: join(res.tmpDir, "p0"), tmpDir: res.tmpDir };
}

function files(dir: string, ext: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(ext)) found.push(relative(dir, p));
    }
  };
  walk(dir);
  return found.sort();
}

/** `openssl pkey -check` passes and the key is of the profile's type. */
function checkKey(file: string, p: Profile): void {
  expect(openssl("pkey", "-in", file, "-check", "-noout"), file).toMatch(/Key is valid/);
  expect(openssl("pkey", "-in", file, "-noout", "-text"), file).toMatch(p.keyText);
}

const pubOfCert = (file: string): string => openssl("x509", "-in", file, "-noout", "-pubkey");
const pubOfKey = (file: string): string => openssl("pkey", "-in", file, "-pubout");

/** `openssl verify` of a certificate against its CA (itself for a CA). */
function checkCert(file: string, ca: string): void {
  expect(openssl("verify", "-CAfile", ca, file).trim(), file).toBe(`${file}: OK`);
}

/** The CA a file of kubeadm's PKI is signed by. */
function caOf(pki: string, rel: string): string {
  if (rel.startsWith("etcd/") || rel === "apiserver-etcd-client.crt") return join(pki, "etcd/ca.crt");
  if (rel.startsWith("front-proxy-")) return join(pki, "front-proxy-ca.crt");
  return join(pki, "ca.crt");
}

const PKI_CERTS = [
  "apiserver-etcd-client.crt",
  "apiserver-kubelet-client.crt",
  "apiserver.crt",
  "ca.crt",
  "etcd/ca.crt",
  "etcd/healthcheck-client.crt",
  "etcd/peer.crt",
  "etcd/server.crt",
  "front-proxy-ca.crt",
  "front-proxy-client.crt",
];
const KUBECONFIGS = ["admin.conf", "controller-manager.conf", "kubelet.conf", "scheduler.conf", "super-admin.conf"];

/** Every key valid and of the profile's type, every certificate verified against its CA and matching its key. */
function checkPki(pki: string, p: Profile): void {
  expect(files(pki, ".crt")).toEqual(PKI_CERTS);
  expect(files(pki, ".key")).toEqual([...PKI_CERTS.map((c) => c.replace(/\.crt$/, ".key")), "sa.key"].sort());
  for (const crt of PKI_CERTS) {
    const key = join(pki, crt.replace(/\.crt$/, ".key"));
    checkKey(key, p);
    checkCert(join(pki, crt), caOf(pki, crt));
    expect(pubOfCert(join(pki, crt))).toBe(pubOfKey(key));
  }
  checkKey(join(pki, "sa.key"), p);
  expect(readFileSync(join(pki, "sa.pub"), "utf8")).toBe(pubOfKey(join(pki, "sa.key")));
}

/** A kubeconfig's embedded client certificate and key, checked like the PKI's. */
function checkKubeconfig(text: string, ca: string, p: Profile, where: string): void {
  const kc = parseYaml(text) as { users: Array<{ user: Record<string, string> }>; clusters: Array<{ cluster: Record<string, string> }> };
  const dir = mkdtempSync(join(scratch, "kc-"));
  const user = kc.users[0]!.user;
  writeFileSync(join(dir, "client.crt"), Buffer.from(user["client-certificate-data"]!, "base64"));
  writeFileSync(join(dir, "client.key"), Buffer.from(user["client-key-data"]!, "base64"));
  expect(Buffer.from(kc.clusters[0]!.cluster["certificate-authority-data"]!, "base64").toString(), where).toBe(readFileSync(ca, "utf8"));
  checkKey(join(dir, "client.key"), p);
  checkCert(join(dir, "client.crt"), ca);
  expect(pubOfCert(join(dir, "client.crt"))).toBe(pubOfKey(join(dir, "client.key")));
}

const serial = (file: string): string => openssl("x509", "-in", file, "-noout", "-serial");

describe("kubeadm-ts commands in FIPS mode", () => {
  for (const p of PROFILES) {
    it(`${p.name}: certs, kubeconfigs, check-expiration, renew, kubeconfig user, upload-certs, generate-csr, certificate-key, token`, { timeout: 600_000 }, async () => {
      if (!isRoot) throw new Error("needs root (mount namespaces)");
      const commands = [
        "init phase certs all --config {config}",
        "init phase kubeconfig all --config {config}",
        "certs check-expiration --config {config}",
        "!cp -a /etc/kubernetes/pki /etc/kubernetes/pki.before-renew && cp -a /etc/kubernetes/admin.conf /etc/kubernetes/pki.before-renew/",
        "certs renew all --config {config}",
        "kubeconfig user --client-name alice --org devs --config {config}",
        "init phase upload-certs --upload-certs --dry-run --config {config}",
        "certs generate-csr --config /run/kubeadm-oracle/csr.yaml --kubeconfig-dir /etc/kubernetes/csr",
        "certs certificate-key",
        "token generate",
      ];
      const { steps, etc, tmpDir } = await runOnNode(commands, configFor(p), { "csr.yaml": configFor(p, "/etc/kubernetes/csr/pki") });
      try {
        steps.forEach((s, i) => {
          expect(s.code, `${commands[i]}\n${s.stderr}`).toBe(0);
          if (!commands[i]!.startsWith("!")) expectFipsProbe(s.probe);
        });
        const [certs, , expiration, , renew, user, upload, csr, certKey, token] = steps as [Step, Step, Step, Step, Step, Step, Step, Step, Step, Step];
        const pki = join(etc, "pki");
        expect(certs.stdout).toContain('[certs] Generating "ca" certificate and key');
        checkPki(pki, p);

        for (const f of KUBECONFIGS) checkKubeconfig(readFileSync(join(etc, f), "utf8"), join(pki, "ca.crt"), p, f);

        expect(expiration.stdout).toMatch(/^CERTIFICATE\s+EXPIRES/);
        for (const name of ["admin.conf", "apiserver", "etcd-peer", "front-proxy-client", "ca", "etcd-ca", "front-proxy-ca"]) {
          expect(expiration.stdout).toMatch(new RegExp(`^${name.replace(".", "\\.")}\\s`, "m"));
        }

        // renew all: every leaf has a new serial, still verifies, keeps its key; CAs are untouched
        expect(renew.stdout).toContain("Done renewing certificates.");
        const before = join(etc, "pki.before-renew");
        for (const crt of PKI_CERTS) {
          const isCa = /(^|\/)(front-proxy-)?ca\.crt$/.test(crt);
          expect(serial(join(pki, crt)) === serial(join(before, crt)), crt).toBe(isCa);
        }
        checkPki(pki, p);
        for (const f of KUBECONFIGS) checkKubeconfig(readFileSync(join(etc, f), "utf8"), join(pki, "ca.crt"), p, f);
        expect(readFileSync(join(etc, "admin.conf"), "utf8")).not.toBe(readFileSync(join(before, "admin.conf"), "utf8"));

        checkKubeconfig(user.stdout, join(pki, "ca.crt"), p, "kubeconfig user");
        const userCert = join(scratch, `alice-${p.name.replace(/\W+/g, "")}.crt`);
        writeFileSync(userCert, Buffer.from((parseYaml(user.stdout) as { users: Array<{ user: Record<string, string> }> }).users[0]!.user["client-certificate-data"]!, "base64"));
        expect(openssl("x509", "-in", userCert, "-noout", "-subject").trim()).toBe("subject=O = devs, CN = alice");

        // upload-certs (dry run): the Secret is sealed under the FIPS provider and printed with its
        // values and the certificate key REDACTED (src/util/redact.ts); the real upload below, to a
        // kube-apiserver, checks that the sealed keys decrypt
        expect(upload.stdout).toMatch(/^ {2}ca\.crt: REDACTED$/m);
        expect(upload.stdout).toContain("[upload-certs] Using certificate key:\nREDACTED\n");

        // generate-csr: keys and CSRs (self-signed requests verify), no certificate
        const csrPki = join(etc, "csr/pki");
        const csrs = files(csrPki, ".csr");
        expect(csrs).toEqual(PKI_CERTS.filter((c) => !/(^|\/)(front-proxy-)?ca\.crt$/.test(c)).map((c) => c.replace(/\.crt$/, ".csr")));
        expect(files(csrPki, ".crt")).toEqual([]);
        for (const c of csrs) {
          openssl("req", "-verify", "-noout", "-in", join(csrPki, c));
          checkKey(join(csrPki, c.replace(/\.csr$/, ".key")), p);
          expect(openssl("req", "-in", join(csrPki, c), "-noout", "-pubkey")).toBe(pubOfKey(join(csrPki, c.replace(/\.csr$/, ".key"))));
        }
        for (const f of files(join(etc, "csr"), ".csr").filter((f) => !f.startsWith("pki/"))) {
          openssl("req", "-verify", "-noout", "-in", join(etc, "csr", f));
        }
        expect(csr.stdout).toContain("generating keys and CSRs in /etc/kubernetes/csr/pki\n  apiserver\n");

        expect(certKey.stdout).toMatch(/^[0-9a-f]{64}\n$/);
        expect(token.stdout).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}\n$/);
      } finally {
        rmSync(tmpDir, { recursive: true, force: true });
      }
    });

    it(`${p.name}: init --dry-run`, { timeout: 300_000 }, async () => {
      if (!isRoot) throw new Error("needs root (mount namespaces)");
      const { steps, etc, tmpDir } = await runOnNode(
        ["init --dry-run --ignore-preflight-errors=all --config {config}"],
        configFor(p),
      );
      try {
        const s = steps[0]!;
        expect(s.code, s.stderr).toBe(0);
        expectFipsProbe(s.probe);
        expect(s.stdout).toMatch(/kubeadm join 192\.0\.2\.10:6443 --token [a-z0-9]{6}\.[a-z0-9]{16} \\\n\s+--discovery-token-ca-cert-hash sha256:[0-9a-f]{64}/);
        const dry = readdirSync(join(etc, "tmp")).filter((d) => d.startsWith("kubeadm-init-dryrun"));
        expect(dry).toHaveLength(1);
        const dir = join(etc, "tmp", dry[0]!);
        // the dry run's PKI: the same checks as a real one
        const certs = readdirSync(dir).filter((f) => f.endsWith(".crt"));
        expect(certs).toContain("ca.crt");
        for (const crt of certs) {
          const key = join(dir, crt.replace(/\.crt$/, ".key"));
          checkKey(key, p);
          checkCert(join(dir, crt), caOf(dir, crt));
          expect(pubOfCert(join(dir, crt))).toBe(pubOfKey(key));
        }
        // the CA pin printed is the CA's SubjectPublicKeyInfo SHA-256
        const spki = execFileSync("openssl", ["x509", "-in", join(dir, "ca.crt"), "-noout", "-pubkey"], { env: cleanEnv() });
        const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: spki, env: cleanEnv() });
        const pin = execFileSync("openssl", ["dgst", "-sha256", "-hex"], { input: der, env: cleanEnv(), encoding: "utf8" }).trim().split(" ").at(-1);
        expect(s.stdout).toContain(`--discovery-token-ca-cert-hash sha256:${pin}`);
        checkKubeconfig(readFileSync(join(dir, "admin.conf"), "utf8"), join(dir, "ca.crt"), p, "dry-run admin.conf");
      } finally {
        rmSync(tmpDir, { recursive: true, force: true });
      }
    });
  }

  it("bin/kubeadm as documented (OPENSSL_CONF only, no NODE_OPTIONS: the code-cached bundle) makes a PKI", { timeout: 120_000 }, () => {
    const p = PROFILES[0]!;
    const dir = mkdtempSync(join(scratch, "plain-"));
    writeFileSync(join(dir, "cfg.yaml"), configFor(p, join(dir, "pki")));
    const r = run(TS_KUBEADM, ["init", "phase", "certs", "all", "--config", join(dir, "cfg.yaml")], cleanEnv({ OPENSSL_CONF: FIPS_CNF }));
    expect(r.code, r.stderr).toBe(0);
    checkPki(join(dir, "pki"), p);
  });
});

describe("TLS in FIPS mode", () => {
  it("token create, list and create --print-join-command, upload-certs against a real kube-apiserver (mutual TLS)", { timeout: 180_000 }, async () => {
    const api = await startApiserver("kubeadm-fips-api-");
    try {
      const commands = [
        ["token", "create", "--kubeconfig", api.kubeconfig],
        ["token", "list", "--kubeconfig", api.kubeconfig],
        ["token", "create", "--print-join-command", "--kubeconfig", api.kubeconfig],
      ];
      const out = commands.map((args, i) => {
        const probe = join(scratch, `tls-${i}.json`);
        const r = run(TS_KUBEADM, args, cleanEnv(fipsEnv(probe)));
        expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
        expectFipsProbe(probe);
        return r.stdout;
      });
      const token = /^([a-z0-9]{6})\.[a-z0-9]{16}\n$/.exec(out[0]!);
      expect(token, out[0]).toBeTruthy();
      expect(out[1]).toMatch(new RegExp(`^${token![0]!.trim().replace(".", "\\.")}\\s`, "m"));
      const pin = execFileSync("sh", ["-c", `openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -hex`, "sh", join(api.dir, "ca.crt")], { env: cleanEnv(), encoding: "utf8" }).trim().split(" ").at(-1);
      expect(out[2]).toMatch(new RegExp(`^kubeadm join 127\\.0\\.0\\.1:\\d+ --token [a-z0-9]{6}\\.[a-z0-9]{16} --discovery-token-ca-cert-hash sha256:${pin} \\n$`));

      // upload-certs for real: AES-256-GCM under the FIPS provider; the uploaded Secret's ca.crt
      // must decrypt (here, outside FIPS mode) with the certificate key the command printed
      const cfg = join(scratch, "upload-certs.yaml");
      writeFileSync(cfg, configFor(PROFILES[0]!, api.dir));
      const probe = join(scratch, "tls-upload.json");
      const up = run(TS_KUBEADM, ["init", "phase", "upload-certs", "--upload-certs", "--kubeconfig", api.kubeconfig, "--config", cfg], cleanEnv(fipsEnv(probe)));
      expect(up.code, up.stderr).toBe(0);
      expectFipsProbe(probe);
      const key = /\[upload-certs\] Using certificate key:\n([0-9a-f]{64})\n/.exec(up.stdout);
      expect(key, up.stdout).toBeTruthy();
      const secret = await api.admin.get("secrets", "kubeadm-certs", "kube-system");
      const blob = Buffer.from(secret.data!["ca.crt"]!, "base64");
      const decipher = createDecipheriv("aes-256-gcm", Buffer.from(key![1]!, "hex"), blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(blob.length - 16));
      const plain = Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]);
      expect(plain.toString()).toBe(readFileSync(join(api.dir, "ca.crt"), "utf8"));
    } finally {
      await api.stop();
    }
  });
});

describe("what FIPS forbids fails with a clear error line", () => {
  // an existing CA with a 1024-bit RSA key (made outside FIPS mode): FIPS signs with RSA >= 2048 only
  const ecdsa = PROFILES.find((p) => p.name === "ECDSA-P256")!;
  function weakCa(): { dir: string; cfg: string } {
    const dir = mkdtempSync(join(scratch, "weak-ca-"));
    const pki = join(dir, "pki");
    execFileSync("mkdir", ["-p", pki]);
    openssl(
      "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", join(pki, "ca.key"), "-out", join(pki, "ca.crt"),
      "-subj", "/CN=kubernetes", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
    );
    const cfg = join(dir, "cfg.yaml");
    writeFileSync(cfg, configFor(ecdsa, pki));
    return { dir, cfg };
  }
  const EXPLAINED = "error:1C800069:Provider routines::invalid key length (refused by OpenSSL's FIPS provider: FIPS mode needs RSA keys of at least 2048 bits)";

  it("init phase certs apiserver with a 1024-bit CA key: exit 1, one error line naming the key and FIPS, nothing written", () => {
    const { dir, cfg } = weakCa();
    const probe = join(dir, "probe.json");
    const r = run(TS_KUBEADM, ["init", "phase", "certs", "apiserver", "--config", cfg], cleanEnv(fipsEnv(probe)));
    expectFipsProbe(probe);
    expect(r.code).toBe(1);
    expect(expectCleanError(r.stderr)).toBe(
      `error: error execution phase certs/apiserver: failed to write or validate certificate "apiserver": signing with a 1024-bit RSA key: ${EXPLAINED}`,
    );
    expect(readdirSync(join(dir, "pki")).sort()).toEqual(["ca.crt", "ca.key"]);
    // the same outside FIPS mode works: it is FIPS that refuses
    const plain = run(TS_KUBEADM, ["init", "phase", "certs", "apiserver", "--config", cfg], cleanEnv());
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(join(dir, "pki/apiserver.crt"))).toBe(true);
  });

  it("kubeconfig user and certs renew with a 1024-bit CA key: the same clear refusal", () => {
    const { dir, cfg } = weakCa();
    const user = run(TS_KUBEADM, ["kubeconfig", "user", "--client-name", "bob", "--config", cfg], cleanEnv(fipsEnv()));
    expect(user.code).toBe(1);
    expect(user.stdout).toBe("");
    expect(expectCleanError(user.stderr)).toBe(`error: signing with a 1024-bit RSA key: ${EXPLAINED}`);
    // a leaf made outside FIPS mode, renewed inside it
    expect(run(TS_KUBEADM, ["init", "phase", "certs", "apiserver", "--config", cfg], cleanEnv()).code).toBe(0);
    const before = readFileSync(join(dir, "pki/apiserver.crt"));
    const renew = run(TS_KUBEADM, ["certs", "renew", "apiserver", "--config", cfg], cleanEnv(fipsEnv()));
    expect(renew.code).toBe(1);
    expect(expectCleanError(renew.stderr)).toMatch(new RegExp(`^error: .*signing with a 1024-bit RSA key: ${EXPLAINED.replace(/[()]/g, "\\$&")}$`));
    expect(readFileSync(join(dir, "pki/apiserver.crt")).equals(before)).toBe(true);
    expect(statSync(join(dir, "pki/apiserver.crt")).isFile()).toBe(true);
  });
});
