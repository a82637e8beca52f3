// A corpus of bad kubeconfigs run by the pinned upstream kubeadm and by bin/kubeadm (`npm run
// build`) through the commands that load one: `token list --kubeconfig`, `token list --dry-run`
// (DryRun.WithKubeConfigFile), `upgrade plan --kubeconfig` (ClientSetFromFile wrapped by
// enforceRequirements), `init phase upload-config kubeadm --kubeconfig` (LoadFromFile, then
// ToClientSet) and `join phase preflight` with file discovery (clientcmd.Validate, the CA and
// credentials embedded, ToClientSet). Both run from a working directory that is not the
// kubeconfig's folder (the kubeconfigs sit in sub/), so a relative file reference shows whether
// it is read from the current directory, as upstream's clientcmd.LoadFromFile leaves it, or from
// the kubeconfig's folder. Each case must end with the same exit code and the same error line.
// The upstream binary is required (`npm run lab:build`); without it every case fails.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, startFakeApiServer, type FakeApiServer, type TestPki } from "../../unit/client/fake-apiserver.js";
import { requireUpstream } from "../../support/upstream.js";

const KUBEADM = resolve(__dirname, "../../../bin/kubeadm");
const HINT = "To see the stack trace of this error execute with --v=5 or higher";
/** Nobody listens there: a kubeconfig that passes every check fails on the connection. */
const DEAD = "https://127.0.0.1:1";

let pki: TestPki;
const root = mkdtempSync(join(tmpdir(), "kubeadm-ts-bad-kubeconfig-"));
const sub = join(root, "sub");

beforeAll(() => {
  if (!existsSync(KUBEADM) || !existsSync(resolve(__dirname, "../../../dist/main.js"))) throw new Error("bin/kubeadm is not built: run `npm run build`");
  pki = makeTestPki();
  mkdirSync(sub);
  for (const f of ["ca.crt", "ca.key", "other.crt", "client.crt", "client.key", "server.key"]) copyFileSync(join(pki.dir, f), join(sub, f));
  writeFileSync(join(sub, "junk.txt"), "junk\n");
  writeFileSync(join(sub, "token"), "abcdef.0123456789abcdef\n");
}, 60_000);

afterAll(() => {
  pki?.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const b64 = (file: string): string => readFileSync(join(sub, file)).toString("base64");
const b64text = (text: string): string => Buffer.from(text).toString("base64");

interface KcParts {
  cluster?: string;
  user?: string;
  context?: string;
  current?: string | null;
}

/** A kubeconfig with one cluster c, one user u and one context x; the parts are YAML mapping bodies (indented 4). */
function kubeconfig(p: KcParts): string {
  const cur = p.current === undefined ? "x" : p.current;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: c",
    "  cluster:",
    p.cluster ?? `    server: ${DEAD}`,
    "users:",
    "- name: u",
    "  user:",
    p.user ?? "    token: abcdef.0123456789abcdef",
    "contexts:",
    "- name: x",
    "  context:",
    p.context ?? "    cluster: c\n    user: u",
    ...(cur === null ? [] : [`current-context: ${cur}`]),
    "",
  ].join("\n");
}

interface Case {
  name: string;
  /** The kubeconfig's text (built lazily: some parts read the PKI). */
  text: () => string;
  /** Also run through upgrade plan and join's file discovery (cases that fail before any connection). */
  everywhere?: boolean;
}

const CASES: Case[] = [
  // relative references: upstream reads them from the current directory, not from sub/
  { name: "relative paths next to the kubeconfig", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority: ca.crt`, user: "    client-certificate: client.crt\n    client-key: client.key" }) },
  { name: "relative paths from the current directory", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority: sub/ca.crt`, user: "    client-certificate: sub/client.crt\n    client-key: sub/client.key" }) },
  { name: "a relative token file next to the kubeconfig", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: true`, user: "    tokenFile: token" }) },
  { name: "a relative token file from the current directory", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: true`, user: "    tokenFile: sub/token" }) },
  // files
  { name: "a CA file that does not exist", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority: /nonexistent/ca.crt` }) },
  { name: "a CA file that is a directory", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority: sub` }) },
  { name: "a CA file that is no PEM", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority: sub/junk.txt` }) },
  { name: "CA data that is no PEM", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority-data: ${b64text("junk")}` }) },
  { name: "CA data holding a key", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority-data: ${b64("client.key")}` }) },
  { name: "CA data with a bad certificate", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority-data: ${b64text("-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n")}` }) },
  // the user
  { name: "a client certificate without a key", everywhere: true, text: () => kubeconfig({ user: `    client-certificate-data: ${b64("client.crt")}` }) },
  { name: "a client key without a certificate", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: true`, user: `    client-key-data: ${b64("client.key")}` }) },
  { name: "client certificate data and file", everywhere: true, text: () => kubeconfig({ user: `    client-certificate-data: ${b64("client.crt")}\n    client-certificate: sub/client.crt\n    client-key: sub/client.key` }) },
  { name: "client key data and file", text: () => kubeconfig({ user: `    client-certificate: sub/client.crt\n    client-key: sub/client.key\n    client-key-data: ${b64("client.key")}` }) },
  { name: "a token and a username", everywhere: true, text: () => kubeconfig({ user: "    token: abcdef.0123456789abcdef\n    username: admin\n    password: secret" }) },
  { name: "impersonated groups without a user", text: () => kubeconfig({ user: "    token: abcdef.0123456789abcdef\n    as-groups: [devs]" }) },
  { name: "an exec plugin without interactiveMode", text: () => kubeconfig({ user: "    exec:\n      command: get-token\n      apiVersion: client.authentication.k8s.io/v1" }) },
  { name: "an exec plugin and an auth provider", text: () => kubeconfig({ user: "    exec:\n      command: get-token\n      apiVersion: client.authentication.k8s.io/v1beta1\n      env:\n      - value: x\n    auth-provider:\n      name: gcp" }) },
  { name: "a certificate and key data that do not match", text: () => kubeconfig({ user: `    client-certificate-data: ${b64("client.crt")}\n    client-key-data: ${b64("server.key")}` }) },
  { name: "certificate and key data switched", text: () => kubeconfig({ user: `    client-certificate-data: ${b64("client.key")}\n    client-key-data: ${b64("client.crt")}` }) },
  { name: "certificate data that is no PEM", text: () => kubeconfig({ user: `    client-certificate-data: ${b64text("junk")}\n    client-key-data: ${b64("client.key")}` }) },
  // the cluster
  { name: "a cluster without a server", everywhere: true, text: () => kubeconfig({ cluster: "    insecure-skip-tls-verify: true" }) },
  { name: "an empty cluster", text: () => kubeconfig({ cluster: "    {}" }) },
  { name: "the insecure flag and a CA file", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: true\n    certificate-authority: sub/ca.crt` }) },
  { name: "the insecure flag and CA data", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: true\n    certificate-authority-data: ${b64("ca.crt")}` }) },
  { name: "CA data and file", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority: sub/ca.crt\n    certificate-authority-data: ${b64("ca.crt")}` }) },
  { name: "a server that is no URL", text: () => kubeconfig({ cluster: "    server: 'https://[::1'" }) },
  { name: "a server without a scheme (plain http)", text: () => kubeconfig({ cluster: "    server: 127.0.0.1:1\n    insecure-skip-tls-verify: true" }) },
  { name: "an http server and certificate files that do not exist", text: () => kubeconfig({ cluster: "    server: http://127.0.0.1:1", user: "    client-certificate: none.crt\n    client-key: none.key" }) },
  // contexts
  { name: "an unknown current context", everywhere: true, text: () => kubeconfig({ current: "nope" }) },
  { name: "no current context", everywhere: true, text: () => kubeconfig({ current: null }) },
  { name: "a context naming a missing cluster", everywhere: true, text: () => kubeconfig({ context: "    cluster: gone\n    user: u" }) },
  { name: "a context naming a missing user", text: () => kubeconfig({ context: "    cluster: c\n    user: gone" }) },
  { name: "a context with a bad namespace", text: () => kubeconfig({ context: "    cluster: c\n    user: u\n    namespace: Bad_NS" }) },
  // the file itself (clientcmd.Load's decoding)
  { name: "an empty file", everywhere: true, text: () => "" },
  { name: "only apiVersion and kind", text: () => "apiVersion: v1\nkind: Config\n" },
  { name: "a list, not a mapping", everywhere: true, text: () => "- a\n- b\n" },
  { name: "an apiVersion that is a number", text: () => "apiVersion: 1\nkind: Config\n" },
  { name: "a kind the scheme does not know", everywhere: true, text: () => "apiVersion: v1\nkind: Pod\n" },
  { name: "an apiVersion the scheme does not know", text: () => "apiVersion: v2\nkind: Config\n" },
  { name: "a server that is a number", everywhere: true, text: () => kubeconfig({ cluster: "    server: 6443" }) },
  { name: "the insecure flag as a quoted string", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: "yes"` }) },
  { name: "the insecure flag as YAML 1.1's yes", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    insecure-skip-tls-verify: yes` }) },
  { name: "users as a mapping", text: () => "apiVersion: v1\nkind: Config\nusers: {u: {token: t}}\n" },
  { name: "two fields of the wrong type (the first in sorted order wins)", text: () => kubeconfig({ user: "    username: 6\n    token: 5" }) },
  { name: "key data that is not base64", everywhere: true, text: () => kubeconfig({ user: "    client-certificate: sub/client.crt\n    client-key-data: QQ=x" }) },
  { name: "CA data cut short", text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority-data: QUJDRA=` }) },
  { name: "a cluster named n (a YAML 1.1 boolean)", text: () => kubeconfig({}).replace("- name: c\n", "- name: n\n") },
  { name: "a cluster name used twice", everywhere: true, text: () => kubeconfig({ cluster: `    server: ${DEAD}\n    certificate-authority-data: ${b64text("ABC")}\n- name: c\n  cluster:\n    server: https://127.0.0.1:2` }) },
  { name: "a context name used twice", text: () => kubeconfig({ context: "    cluster: c\n    user: u\n- name: x\n  context:\n    namespace: ns" }) },
];

interface Outcome {
  code: number | null;
  /** The last "error: …" line of stderr ("" when none). */
  error: string;
}

interface FullOutcome extends Outcome {
  stdout: string;
  /** klog's warning lines, without their headers. */
  warnings: string[];
}

function outcomeOf(code: number | null, stdout: string, stderr: string): FullOutcome {
  const lines = stderr.split("\n").filter((l) => l !== "" && l !== HINT);
  return {
    code,
    error: lines.filter((l) => l.startsWith("error: ")).pop() ?? "",
    warnings: lines.flatMap((l) => /^W\d{4} [^\]]*\] (.*)$/.exec(l)?.[1] ?? []),
    stdout,
  };
}

const ENV = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root });

function run(bin: string, args: string[]): FullOutcome {
  const r = spawnSync(bin, args, { cwd: root, encoding: "utf8", timeout: 60_000, env: ENV() });
  return outcomeOf(r.status, r.stdout, r.stderr);
}

/** run(), without blocking this process (the live cases' API server answers from it). */
function runAsync(bin: string, args: string[]): Promise<FullOutcome> {
  return new Promise((done, fail) => {
    const p = spawn(bin, args, { cwd: root, env: ENV(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", fail);
    p.on("close", (code) => done(outcomeOf(code, stdout, stderr)));
  });
}

function file(c: Case, dir = sub): string {
  const name = `${c.name.replace(/[^a-z0-9]+/gi, "-")}.conf`;
  writeFileSync(join(dir, name), c.text());
  return `sub/${name}`;
}

function both(args: string[]): { upstream: Outcome; ours: Outcome } {
  const outcome = ({ code, error }: Outcome): Outcome => ({ code, error });
  return { upstream: outcome(run(requireUpstream("kubeadm"), args)), ours: outcome(run(KUBEADM, args)) };
}

describe("bad kubeconfigs: upstream's exit code and error line", () => {
  it("the corpus makes every stage fail: validation, the client's TLS settings, the connection", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter((c) => c.everywhere).length).toBeGreaterThanOrEqual(10);
  });

  it("the lead's case: relative references are read from the current directory", () => {
    const kc = file(CASES[0]!);
    const { upstream, ours } = both(["token", "list", "--kubeconfig", kc]);
    const expected =
      "error: failed to create API client configuration from kubeconfig: invalid configuration: [unable to read client-cert client.crt for u due to open client.crt: no such file or directory, unable to read client-key client.key for u due to open client.key: no such file or directory, unable to read certificate-authority ca.crt for c due to open ca.crt: no such file or directory]";
    expect(upstream).toEqual({ code: 1, error: expected });
    expect(ours).toEqual({ code: 1, error: expected });
  });

  describe("kubeadm token list --kubeconfig", () => {
    for (const c of CASES) {
      it(c.name, () => {
        const { upstream, ours } = both(["token", "list", "--kubeconfig", file(c)]);
        expect(upstream.code, "upstream fails").toBe(1);
        expect(upstream.error).not.toBe("");
        expect(ours).toEqual(upstream);
      });
    }
    it("a kubeconfig that does not exist", () => {
      const { upstream, ours } = both(["token", "list", "--kubeconfig", "sub/none.conf"]);
      expect(upstream).toEqual({ code: 1, error: "error: failed to load admin kubeconfig: open sub/none.conf: no such file or directory" });
      expect(ours).toEqual(upstream);
    });
  });

  describe("kubeadm token list --dry-run --kubeconfig (the dry run needs a usable kubeconfig too)", () => {
    for (const c of CASES.filter((x) => x.everywhere)) {
      it(c.name, () => {
        const { upstream, ours } = both(["token", "list", "--dry-run", "--kubeconfig", file(c)]);
        expect(upstream.code, "upstream fails").toBe(1);
        expect(ours).toEqual(upstream);
      });
    }
    it("a kubeconfig that does not exist", () => {
      const { upstream, ours } = both(["token", "list", "--dry-run", "--kubeconfig", "sub/none.conf"]);
      expect(upstream).toEqual({ code: 1, error: "error: failed to load kubeconfig: open sub/none.conf: no such file or directory" });
      expect(ours).toEqual(upstream);
    });
  });

  describe("kubeadm upgrade plan --kubeconfig", () => {
    for (const c of CASES.filter((x) => x.everywhere)) {
      it(c.name, () => {
        const { upstream, ours } = both(["upgrade", "plan", "--kubeconfig", file(c)]);
        expect(upstream.error).toMatch(/^error: couldn't create a Kubernetes client from file "sub\//);
        expect(ours).toEqual(upstream);
      });
    }
  });

  describe("kubeadm init phase upload-config kubeadm --kubeconfig (initData's KubeConfig, then ToClientSet)", () => {
    const config = (): string => {
      writeFileSync(join(root, "init.yaml"), "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.2\n");
      return "init.yaml";
    };
    for (const c of CASES.filter((x) => x.everywhere)) {
      it(c.name, () => {
        const { upstream, ours } = both(["init", "phase", "upload-config", "kubeadm", "--config", config(), "--kubeconfig", file(c)]);
        expect(upstream.error).toMatch(/^error: error execution phase upload-config\/kubeadm: /);
        expect(ours).toEqual(upstream);
      });
    }
    it("a kubeconfig that does not exist", () => {
      const { upstream, ours } = both(["init", "phase", "upload-config", "kubeadm", "--config", config(), "--kubeconfig", "sub/none.conf"]);
      expect(upstream).toEqual({ code: 1, error: "error: error execution phase upload-config/kubeadm: open sub/none.conf: no such file or directory" });
      expect(ours).toEqual(upstream);
    });
  });

  describe("kubeadm join phase preflight with file discovery (discovery.file.kubeConfigPath: sub/…)", () => {
    const joinConfig = (kc: string): string => {
      const cfg = join(root, "join.yaml");
      writeFileSync(
        cfg,
        `apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n  file:\n    kubeConfigPath: ${kc}\ntimeouts:\n  discovery: 1s\nnodeRegistration:\n  name: node-a\n  criSocket: unix:///run/containerd/containerd.sock\n`,
      );
      return "join.yaml";
    };
    for (const c of CASES.filter((x) => x.everywhere)) {
      it(c.name, () => {
        const { upstream, ours } = both(["join", "phase", "preflight", "--config", joinConfig(file(c)), "--ignore-preflight-errors=all"]);
        expect(upstream.error).toMatch(/^error: error execution phase preflight: couldn't validate the identity of the API Server: /);
        expect(ours).toEqual(upstream);
      });
    }
  });

  describe("kubeadm token list against a live API server (the files client-go reads at the TLS handshake)", () => {
    let api: FakeApiServer;
    beforeAll(async () => {
      api = await startFakeApiServer(pki, (req) =>
        req.method === "GET" && req.url.startsWith("/api/v1/namespaces/kube-system/secrets?")
          ? { status: 200, body: { kind: "SecretList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items: [] } }
          : { status: 404, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404 } },
      );
    });
    afterAll(() => api?.close());
    const live = (name: string, cluster: string, user: string): Case => ({ name, text: () => kubeconfig({ cluster: `    server: ${api.url}\n${cluster}`, user }) });
    const cases = [
      live("files relative to the current directory: it works", "    certificate-authority: sub/ca.crt", "    client-certificate: sub/client.crt\n    client-key: sub/client.key"),
      live("certificate and key files that are no pair", "    certificate-authority: sub/ca.crt", "    client-certificate: sub/junk.txt\n    client-key: sub/client.key"),
      live("certificate and key files that do not match", "    certificate-authority: sub/ca.crt", "    client-certificate: sub/client.crt\n    client-key: sub/server.key"),
      live("no pair, and a CA that does not trust the server", "    certificate-authority: sub/other.crt", "    client-certificate: sub/junk.txt\n    client-key: sub/client.key"),
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const args = ["token", "list", "--kubeconfig", file(c)];
        const upstream = await runAsync(requireUpstream("kubeadm"), args);
        const ours = await runAsync(KUBEADM, args);
        expect(upstream.code, `upstream: ${upstream.error}`).toBe(c === cases[0] ? 0 : 1);
        if (c !== cases[0]) expect(upstream.error).toMatch(/^error: failed to list bootstrap tokens: Get "https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/kube-system\/secrets\?fieldSelector=[^"]*": /);
        expect(ours).toEqual(upstream);
      });
    }
  });

  describe("kubeadm init phase kubeconfig admin over an existing admin.conf (validateKubeConfig's reuse rules)", () => {
    const existing = (cluster: string): string =>
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://192.0.2.1:6443\n${cluster}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\nusers:\n- name: u\n  user: {token: t}\n`;
    const cases: Array<[string, () => string]> = [
      ["a CA file next to it (read from the current directory: not found)", () => existing("    certificate-authority: ca.crt")],
      ["a CA file relative to the current directory (kept, another server warned about)", () => existing("    certificate-authority: sub/ca.crt")],
      ["another CA", () => existing("    certificate-authority: sub/other.crt")],
      ["CA data that is no certificate", () => existing(`    certificate-authority-data: ${b64text("junk")}`)],
      ["no current context", () => "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://192.0.2.1:6443\n"],
      ["a context naming a missing cluster", () => existing("    certificate-authority: sub/ca.crt").replace("{cluster: c, user: u}", "{cluster: gone, user: u}")],
      ["a file that does not decode", () => "clusters: 5\n"],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        const dir = join(root, `kc-${name.replace(/[^a-z0-9]+/gi, "-")}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "admin.conf"), text());
        writeFileSync(join(root, "init-kc.yaml"), `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.2\ncertificatesDir: ${sub}\n`);
        const args = ["init", "phase", "kubeconfig", "admin", "--config", "init-kc.yaml", "--kubeconfig-dir", dir];
        const upstream = run(requireUpstream("kubeadm"), args);
        expect(upstream.code === 0 ? upstream.stdout : upstream.error).toMatch(/Using existing kubeconfig file|^error: error execution phase kubeconfig\/admin: /);
        expect(run(KUBEADM, args)).toEqual(upstream);
      });
    }
  });

  describe("kubeadm init phase kubeconfig all in external CA mode (ValidateKubeconfigsForExternalCA)", () => {
    const ext = join(root, "external-ca");
    const cfg = join(ext, "cfg.yaml");
    beforeAll(() => {
      // the CA and the certificates external CA mode checks, and the five kubeconfigs, by upstream; then no ca.key
      mkdirSync(ext, { recursive: true });
      writeFileSync(
        cfg,
        `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: 10.0.0.5\nnodeRegistration:\n  name: node-a\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.2\ncertificatesDir: ${join(ext, "pki")}\n`,
      );
      const upstream = requireUpstream("kubeadm");
      for (const args of [["certs", "ca"], ["certs", "apiserver"], ["certs", "apiserver-kubelet-client"], ["kubeconfig", "all", "--kubeconfig-dir", join(ext, "k")]]) {
        const r = spawnSync(upstream, ["init", "phase", ...args, "--config", cfg], { cwd: root, encoding: "utf8", env: ENV() });
        expect(r.status, r.stderr).toBe(0);
      }
      rmSync(join(ext, "pki", "ca.key"));
    });
    const setField = (file: string, field: string, value: string) => writeFileSync(file, readFileSync(file, "utf8").replace(new RegExp(`${field}: .*`), value));
    const cases: Array<[string, (dir: string) => void]> = [
      ["the user's files, all valid", () => undefined],
      ["no controller-manager.conf", (d) => rmSync(join(d, "controller-manager.conf"))],
      ["a scheduler.conf trusting another CA", (d) => setField(join(d, "scheduler.conf"), "certificate-authority-data", `certificate-authority-data: ${b64("other.crt")}`)],
      ["a kubelet.conf naming the CA next to it (read from the current directory)", (d) => {
        copyFileSync(join(ext, "pki", "ca.crt"), join(d, "ca.crt"));
        setField(join(d, "kubelet.conf"), "certificate-authority-data", "certificate-authority: ca.crt");
      }],
      ["an admin.conf with another server", (d) => setField(join(d, "admin.conf"), "server", "server: https://192.0.2.99:6443")],
      ["a super-admin.conf that does not decode", (d) => writeFileSync(join(d, "super-admin.conf"), "clusters: 5\n")],
    ];
    for (const [name, mutate] of cases) {
      it(name, () => {
        const dir = join(ext, `k-${name.replace(/[^a-z0-9]+/gi, "-")}`);
        cpSync(join(ext, "k"), dir, { recursive: true });
        mutate(dir);
        const args = ["init", "phase", "kubeconfig", "all", "--config", cfg, "--kubeconfig-dir", dir];
        const upstream = run(requireUpstream("kubeadm"), args);
        expect(upstream.stdout + upstream.error).toMatch(/External CA mode|^error: the [a-z-]+\.conf file does not exists or it is not valid: /);
        expect(run(KUBEADM, args)).toEqual(upstream);
      });
    }
  });
});
