// Resolving a version label (`--kubernetes-version stable-1`) over the network, the pinned upstream kubeadm
// and bin/kubeadm side by side (lab oracle, same minimal environment): both go through the proxy
// HTTPS_PROXY names (a local CONNECT proxy standing in for dl.k8s.io's route), both trust the CA
// store SSL_CERT_FILE names, and both print the same warnings when the answer is refused or
// untrusted. Needs upstream kubeadm (`npm run lab:build`) and bin/kubeadm built (`npm run build`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runKubeadm, TS_KUBEADM } from "../../lab/oracle/index.js";
import { requireUpstream } from "../../support/upstream.js";
import { makeNamedServerPki, startTunnelProxy, type TunnelProxy } from "../../support/proxy.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

let dir: string;
let release: Server; // plays https://dl.k8s.io
let proxy: TunnelProxy;

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  dir = mkdtempSync(join(tmpdir(), "version-fetch-"));
  const pki = makeNamedServerPki(dir, "dl.k8s.io", ["ca", "other-ca"]);
  release = createHttpsServer({ cert: readFileSync(pki.cert), key: readFileSync(pki.key) }, (req, res) => {
    if (req.url === "/release/stable-1.txt") {
      res.writeHead(200);
      res.end("v1.36.1\n");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => release.listen(0, "127.0.0.1", () => r()));
  proxy = await startTunnelProxy({
    targetPort: () => (release.address() as AddressInfo).port,
    refuse: (req) => (req.headers["proxy-authorization"] !== `Basic ${Buffer.from("op:pw").toString("base64")}` ? "407 Proxy Authentication Required" : undefined),
  });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  release?.closeAllConnections();
  await new Promise((r) => release?.close(r));
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

const proxyEnv = (auth = "op:pw") => ({ HTTPS_PROXY: proxy.url().replace("http://", `http://${auth}@`), SSL_CERT_DIR: "/nonexistent" });

describe("version labels over the network, as upstream resolves them", () => {
  it("through HTTPS_PROXY, trusting SSL_CERT_FILE: the remote answer picks the images", async () => {
    proxy.connects.length = 0;
    const { up, ts } = await both({ ...proxyEnv(), SSL_CERT_FILE: "/run/kubeadm-oracle/ca.crt" });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain("registry.k8s.io/kube-apiserver:v1.36.1\n");
    expect(ts.stdout).toBe(up.stdout);
    expect(masked(ts.stderr)).toBe(masked(up.stderr));
    expect(ts.code).toBe(up.code);
    expect(proxy.connects.map((c) => c.target)).toEqual(["dl.k8s.io:443", "dl.k8s.io:443"]);
  });

  it("an untrusted answer: the same warnings and the client version", async () => {
    const { up, ts } = await both({ ...proxyEnv(), SSL_CERT_FILE: "/run/kubeadm-oracle/other-ca.crt" });
    expect(up.stderr).toContain("x509: certificate signed by unknown authority");
    expect(up.stdout).toContain(`registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}\n`);
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
