// Every failure of the built CLI ends in an `error: …` line and exit status 1, never in a stack
// trace at default verbosity: under Node options that refuse things (code generated from
// strings, the permission model), for what escapes a command (a throw in a callback or a .then,
// an unhandled rejection, an 'error' event nobody listens to, a reader that went away), for a TLS
// option Node refuses behind a proxy tunnel, and for a launcher that lacks part of its build.
// Runs bin/kubeadm, dist/launch.cjs and dist/kubeadm.cjs (needs `npm run build`).
import * as grpc from "@grpc/grpc-js";
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { criServiceDefinitions } from "../../../src/host/cri/index.js";
import { startTunnelProxy, type TunnelProxy } from "../../support/proxy.js";
import { COREDNS_VERSION, DEFAULT_ETCD_VERSION, KUBERNETES_VERSION } from "../../../src/constants.js";

const repo = resolve(import.meta.dirname, "../../..");
const kubeadm = join(repo, "bin", "kubeadm");
const launchCjs = join(repo, "dist", "launch.cjs");
const bundle = join(repo, "dist", "kubeadm.cjs");
const HINT = "To see the stack trace of this error execute with --v=5 or higher\n";
const NO_CODEGEN = "--disallow-code-generation-from-strings";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "crash-paths-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the caller's NODE_OPTIONS (they would change which build runs). */
const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: undefined, ...extra };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return e;
};

const run = (cmd: string, args: string[], extra: Record<string, string | undefined> = {}): Run => {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", env: env(extra), timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** run, without blocking this process's event loop (for servers answering from it). */
const runAsync = (cmd: string, args: string[], extra: Record<string, string | undefined> = {}, options: SpawnOptions = {}): Promise<Run> =>
  new Promise((done) => {
    const p = spawn(cmd, args, { cwd: dir, env: env(extra), ...options });
    let stdout = "";
    let stderr = "";
    p.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("close", (status) => done({ status, stdout, stderr }));
  });

/** kubeadm's way to fail: exit 1, stderr starting with `error: `, no stack frame. */
function expectErrorLine(r: Run, message: RegExp): void {
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/^at /m);
  expect(r.stderr).toMatch(message);
  expect(r.status).toBe(1);
}

/** The files `init phase certs all` writes. */
const PKI_FILES = [
  "apiserver-etcd-client.crt",
  "apiserver-etcd-client.key",
  "apiserver-kubelet-client.crt",
  "apiserver-kubelet-client.key",
  "apiserver.crt",
  "apiserver.key",
  "ca.crt",
  "ca.key",
  "etcd/ca.crt",
  "etcd/ca.key",
  "etcd/healthcheck-client.crt",
  "etcd/healthcheck-client.key",
  "etcd/peer.crt",
  "etcd/peer.key",
  "etcd/server.crt",
  "etcd/server.key",
  "front-proxy-ca.crt",
  "front-proxy-ca.key",
  "front-proxy-client.crt",
  "front-proxy-client.key",
  "sa.key",
  "sa.pub",
];
const files = (d: string): string[] => (readdirSync(d, { recursive: true }) as string[]).filter((f) => f !== "etcd").sort();

describe("under node --disallow-code-generation-from-strings", () => {
  it("the builds hold no eval and no Function constructor", () => {
    const built = [launchCjs, bundle, join(repo, "dist", "main.js"), ...readdirSync(join(repo, "dist", "chunks")).filter((f) => f.endsWith(".js")).map((f) => join(repo, "dist", "chunks", f))];
    for (const file of built) {
      const text = readFileSync(file, "utf8");
      expect({ file, hits: text.match(/\bnew Function\b|[^.\w$]Function\(|\beval\(/g) ?? [] }).toEqual({ file, hits: [] });
    }
  });

  it("dist/launch.cjs runs version and init phase certs all (through the ES-module build)", () => {
    const v = run(process.execPath, [NO_CODEGEN, launchCjs, "version", "-o", "short"]);
    expect(v).toEqual({ status: 0, stdout: `${KUBERNETES_VERSION}\n`, stderr: "" });
    const pki = join(dir, "nocodegen-pki");
    const r = run(process.execPath, [NO_CODEGEN, launchCjs, "init", "phase", "certs", "all", "--cert-dir", pki, "--kubernetes-version", KUBERNETES_VERSION]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[certs] Generating "sa" key and public key\n');
    expect(files(pki)).toEqual(PKI_FILES);
  });

  it("bin/kubeadm with the flag in NODE_OPTIONS, and the bundle itself", () => {
    expect(run(kubeadm, ["version", "-o", "short"], { NODE_OPTIONS: NO_CODEGEN })).toEqual({ status: 0, stdout: `${KUBERNETES_VERSION}\n`, stderr: "" });
    const pki = join(dir, "nocodegen-node-options");
    const r = run(kubeadm, ["init", "phase", "certs", "all", "--cert-dir", pki, "--kubernetes-version", KUBERNETES_VERSION], { NODE_OPTIONS: NO_CODEGEN });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(files(pki)).toEqual(PKI_FILES);
    // the CommonJS bundle the code cache is made for, run as a plain file under the flag
    expect(run(process.execPath, [NO_CODEGEN, bundle, "version", "-o", "short"])).toEqual({ status: 0, stdout: `${KUBERNETES_VERSION}\n`, stderr: "" });
  });

  it("speaks gRPC to a container runtime (config images pull against a fake CRI): protobuf.js would need new Function", async () => {
    const sock = join(dir, "cri.sock");
    const defs = await criServiceDefinitions();
    const server = new grpc.Server();
    const pulled: string[] = [];
    server.addService(defs.runtime, { Version: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { version: "0.1.0", runtime_name: "fake", runtime_version: "1", runtime_api_version: "v1" }) });
    server.addService(defs.image, {
      ImageFsInfo: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, {}),
      PullImage: (call: grpc.ServerUnaryCall<{ image: { image: string } }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        pulled.push(call.request.image.image);
        cb(null, { image_ref: `sha256:${pulled.length}` });
      },
    });
    await new Promise<void>((res, rej) => server.bindAsync(`unix://${sock}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
    try {
      const r = await runAsync(process.execPath, [NO_CODEGEN, launchCjs, "config", "images", "pull", "--cri-socket", `unix://${sock}`, "--kubernetes-version", KUBERNETES_VERSION]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(pulled).toEqual([
        `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
        `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
        `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
        `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
        `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`,
        "registry.k8s.io/pause:3.10.2",
        `registry.k8s.io/etcd:${DEFAULT_ETCD_VERSION}`,
      ]);
      expect(r.stdout).toBe(pulled.map((i) => `[config/images] Pulled ${i}\n`).join(""));
    } finally {
      server.forceShutdown();
    }
  });
});

describe("under Node's permission model", () => {
  const permission = (write: string): string[] => [process.execPath, "--experimental-permission", "--no-warnings", "--allow-fs-read=*", `--allow-fs-write=${write}`, launchCjs];

  it("a refused write is an error line naming the permission, the path and the flag that allows it", () => {
    mkdirSync(join(dir, "elsewhere"), { recursive: true });
    const [node, ...args] = permission(join(dir, "elsewhere"));
    const r = run(node!, [...args, "init", "phase", "certs", "all", "--cert-dir", join(dir, "refused"), "--kubernetes-version", KUBERNETES_VERSION]);
    expectErrorLine(r, /^error: error execution phase certs\/ca: .*Access to this API has been restricted: Node's permission model refuses FileSystemWrite of "[^"]+refused[^"]*" \(allow it with --allow-fs-write\)\n/);
    expect(r.stderr.endsWith(HINT)).toBe(true);
    expect(existsSync(join(dir, "refused"))).toBe(false);
  });

  it("the review's repro (writes allowed under /tmp): a complete PKI, or an error line and exit 1", () => {
    const pki = mkdtempSync(join("/tmp", "crash-paths-permission-"));
    try {
      const [node, ...args] = permission("/tmp");
      const r = run(node!, [...args, "init", "phase", "certs", "all", "--cert-dir", join(pki, "x"), "--kubernetes-version", KUBERNETES_VERSION]);
      if (r.status === 0) expect(files(join(pki, "x"))).toEqual(PKI_FILES);
      else expectErrorLine(r, /^error: error execution phase certs\/ca: /);
    } finally {
      rmSync(pki, { recursive: true, force: true });
    }
  });
});

describe("what escapes a command ends in the process-level handler", () => {
  // a preload that makes the command's first write to stdout set off the failure under test
  const preload = (): string => {
    const file = join(dir, "crash-preload.cjs");
    writeFileSync(
      file,
      `const kinds = {
  callback: () => setImmediate(() => { throw new Error("boom in a callback"); }),
  then: () => Promise.resolve().then(() => { throw new Error("boom in a .then"); }),
  rejection: () => { Promise.reject(new Error("boom unhandled")); },
  emitter: () => setImmediate(() => new (require("node:events"))().emit("error", new Error("boom emitted"))),
  string: () => setImmediate(() => { throw "boom as a string"; }),
};
const write = process.stdout.write;
let armed = true;
process.stdout.write = function (...args) {
  if (armed) { armed = false; kinds[process.env.CRASH_KIND](); }
  return write.apply(this, args);
};
`,
    );
    return file;
  };
  const cases: Array<[kind: string, message: string]> = [
    ["callback", "boom in a callback"],
    ["then", "boom in a .then"],
    ["rejection", "boom unhandled"],
    ["emitter", "boom emitted"],
    ["string", "boom as a string"],
  ];

  for (const [entry, file] of [["the cached bundle's code (dist/kubeadm.cjs)", bundle], ["the ES-module build (dist/launch.cjs under other options)", launchCjs]] as const) {
    it(`${entry}: error: <message> and exit 1 for each kind, the stack only at -v=5`, () => {
      const pre = preload();
      for (const [kind, message] of cases) {
        const r = run(process.execPath, ["--require", pre, file, "version", "-o", "short"], { CRASH_KIND: kind });
        expect({ kind, ...r }).toEqual({ kind, status: 1, stdout: `${KUBERNETES_VERSION}\n`, stderr: `error: ${message}\n${HINT}` });
      }
      const verbose = run(process.execPath, ["--require", pre, file, "version", "-o", "short", "-v=5"], { CRASH_KIND: "then" });
      expect(verbose.status).toBe(1);
      expect(verbose.stderr).toMatch(/^error: boom in a \.then\nat .*crash-preload\.cjs/);
      const plain = run(process.execPath, ["--require", pre, file, "version", "-o", "short", "-v=5"], { CRASH_KIND: "string" });
      expect(plain).toMatchObject({ status: 1, stderr: "error: boom as a string\nno stack trace\n" });
    });
  }

  it("a reader that went away (kubeadm … | head): write /dev/stdout: broken pipe", async () => {
    const r = await new Promise<Run>((done) => {
      const p = spawn(kubeadm, ["completion", "bash"], { cwd: dir, env: env(), stdio: ["ignore", "pipe", "pipe"] });
      p.stdout!.destroy(); // before the child starts writing
      let stderr = "";
      p.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      p.on("close", (status) => done({ status, stdout: "", stderr }));
    });
    expect(r).toEqual({ status: 1, stdout: "", stderr: `error: write /dev/stdout: broken pipe\n${HINT}` });
  });
});

describe("a TLS option Node refuses, behind a proxy tunnel", () => {
  let proxy: TunnelProxy;
  let target: Server;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    target = createServer((s) => {
      sockets.add(s);
      s.on("error", () => undefined);
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", () => r()));
    const port = (target.address() as { port: number }).port;
    proxy = await startTunnelProxy({ targetPort: () => port });
  });
  afterAll(async () => {
    await proxy.close();
    for (const s of sockets) s.destroy(); // the tunnel's far end, left open by the proxy
    await new Promise((r) => target.close(r));
  });

  it("a client key that does not match its certificate fails the request with an error line (it used to be thrown inside the tunnel's .then)", async () => {
    // files, not data: client-go checks a pair given as data when the client is made (upstream's
    // "failed to create API client: tls: …", before any connection); files at the TLS handshake,
    // which here happens inside the proxy tunnel
    const key = (name: string) =>
      spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, `${name}.key`), "-out", join(dir, `${name}.crt`), "-subj", "/CN=x", "-days", "1"], { encoding: "utf8" });
    expect(key("one").status).toBe(0);
    expect(key("two").status).toBe(0);
    const kc = join(dir, "bad-key.conf");
    writeFileSync(
      kc,
      `apiVersion: v1
kind: Config
clusters:
- name: k
  cluster:
    server: https://10.255.255.1:6443
    insecure-skip-tls-verify: true
    proxy-url: ${proxy.url()}
contexts:
- name: c
  context: {cluster: k, user: u}
current-context: c
users:
- name: u
  user:
    client-certificate: ${join(dir, "one.crt")}
    client-key: ${join(dir, "two.key")}
`,
    );
    const r = await runAsync(kubeadm, ["token", "list", "--kubeconfig", kc]);
    expectErrorLine(r, /^error: failed to list bootstrap tokens: .*\n/);
    expect(proxy.connects.map((c) => c.target)).toContain("10.255.255.1:6443");
  });
});

describe("the launcher with part of its build missing", () => {
  const copy = (name: string): string => {
    const pkg = join(dir, name);
    cpSync(join(repo, "bin"), join(pkg, "bin"), { recursive: true });
    cpSync(join(repo, "dist"), join(pkg, "dist"), { recursive: true });
    return pkg;
  };

  it("no bundle beside its code cache: the ES-module build runs instead", () => {
    const pkg = copy("pkg-no-bundle");
    rmSync(join(pkg, "dist", "kubeadm.cjs"));
    expect(run(join(pkg, "bin", "kubeadm"), ["version", "-o", "short"])).toEqual({ status: 0, stdout: `${KUBERNETES_VERSION}\n`, stderr: "" });
  });

  it("no ES-module build where it is needed: an error line naming the module", () => {
    const pkg = copy("pkg-no-esm");
    rmSync(join(pkg, "dist", "main.js"));
    const r = run(join(pkg, "bin", "kubeadm"), ["version"], { NODE_OPTIONS: "--stack-trace-limit=20" });
    expectErrorLine(r, /^error: Cannot find module '[^']*pkg-no-esm\/dist\/main\.js'/);
  });
});
