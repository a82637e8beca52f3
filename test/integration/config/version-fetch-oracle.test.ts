// Resolving a version label (`--kubernetes-version stable-1`) over the network, upstream v1.36.3
// and bin/kubeadm side by side (lab oracle, same minimal environment): both go through the proxy
// HTTPS_PROXY names (a local CONNECT proxy standing in for dl.k8s.io's route), both trust the CA
// store SSL_CERT_FILE names, and both print the same warnings when the answer is refused or
// untrusted. Needs upstream kubeadm (`npm run lab:build`) and bin/kubeadm built (`npm run build`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer, type Server } from "node:https";
import { connect as netConnect, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { requireUpstream } from "../../support/upstream.js";

let dir: string;
let release: Server; // plays https://dl.k8s.io
let proxy: ReturnType<typeof createHttpServer>;
const tunnels = new Set<Socket>();
const connects: string[] = [];

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  dir = mkdtempSync(join(tmpdir(), "version-fetch-"));
  const ossl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  for (const ca of ["ca", "other-ca"]) {
    ossl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${ca}.key`, "-out", `${ca}.crt`, "-days", "2", "-subj", `/CN=${ca}`);
  }
  ossl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=dl.k8s.io");
  writeFileSync(join(dir, "srv.ext"), "subjectAltName=DNS:dl.k8s.io\n");
  ossl("x509", "-req", "-in", "srv.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.crt", "-days", "2", "-extfile", "srv.ext");
  release = createHttpsServer({ cert: readFileSync(join(dir, "srv.crt")), key: readFileSync(join(dir, "srv.key")) }, (req, res) => {
    if (req.url === "/release/stable-1.txt") {
      res.writeHead(200);
      res.end("v1.36.1\n");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  proxy = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on("connect", (req, socket: Socket) => {
    connects.push(req.url!);
    tunnels.add(socket);
    if (req.headers["proxy-authorization"] !== `Basic ${Buffer.from("op:pw").toString("base64")}`) {
      socket.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
      return;
    }
    const up = netConnect((release.address() as AddressInfo).port, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on("error", () => socket.destroy());
    socket.on("error", () => up.destroy());
  });
  await Promise.all([release, proxy].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()))));
}, 60_000);

afterAll(async () => {
  for (const t of tunnels) t.destroy();
  for (const s of [release, proxy]) {
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** stderr with klog headers (time, pid, source line) masked. */
const masked = (s: string) => s.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ [^\]]+\]/gm, "$1<klog>]");

async function both(env: Record<string, string>) {
  const args = ["config", "images", "list", "--kubernetes-version", "stable-1"];
  const inputs = { "ca.crt": readFileSync(join(dir, "ca.crt")), "other-ca.crt": readFileSync(join(dir, "other-ca.crt")) };
  const up = await runKubeadm({ args, env, inputs });
  const ts = await runKubeadm({ bin: "ts", args, env, inputs });
  return { up, ts };
}

const proxyEnv = (auth = "op:pw") => ({ HTTPS_PROXY: `http://${auth}@127.0.0.1:${(proxy.address() as AddressInfo).port}`, SSL_CERT_DIR: "/nonexistent" });

describe("version labels over the network, as upstream resolves them", () => {
  it("through HTTPS_PROXY, trusting SSL_CERT_FILE: the remote answer picks the images", async () => {
    connects.length = 0;
    const { up, ts } = await both({ ...proxyEnv(), SSL_CERT_FILE: "/run/kubeadm-oracle/ca.crt" });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("registry.k8s.io/kube-apiserver:v1.36.1\n");
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(connects).toEqual(["dl.k8s.io:443", "dl.k8s.io:443"]);
  });

  it("an untrusted answer: the same warnings and the client version", async () => {
    const { up, ts } = await both({ ...proxyEnv(), SSL_CERT_FILE: "/run/kubeadm-oracle/other-ca.crt" });
    expect(up.stderr).toContain("x509: certificate signed by unknown authority");
    expect(up.stdout).toContain("registry.k8s.io/kube-apiserver:v1.36.3\n");
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
  });

  it("a proxy that refuses the tunnel: the same warnings", async () => {
    const { up, ts } = await both({ ...proxyEnv("op:wrong"), SSL_CERT_FILE: "/run/kubeadm-oracle/ca.crt" });
    expect(up.stderr).toContain("Proxy Authentication Required");
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
  });
});
