// bin/kubeadm reaches a real kube-apiserver through a proxy as client-go does: the kubeconfig
// cluster's proxy-url first, else HTTPS_PROXY unless NO_PROXY names the server. Upstream kubeadm
// of the pinned release (required: `npm run lab:build`) is run the same way, and must tunnel the
// same way and print the same.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { startTunnelProxy, type TunnelProxy } from "../../support/proxy.js";
import { requireUpstream } from "../../support/upstream.js";

const KUBEADM = resolve(__dirname, "../../../bin/kubeadm");

/** Runs a kubeadm binary without blocking the proxy (it answers from this process). */
async function run(bin: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { spawn } = await import("node:child_process");
  return new Promise((done) => {
    const p = spawn(bin, args, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe("API server connections through a proxy", () => {
  let api: RealApiserver | undefined;
  let proxy: TunnelProxy;
  let port = 0;
  /** admin.conf with the server renamed and, optionally, a proxy-url. */
  const variant = (name: string, server: string, proxyURL?: string): string => {
    let text = readFileSync(api!.kubeconfig, "utf8").replace(/server: .*/, `server: ${server}\n    tls-server-name: localhost`);
    if (proxyURL) text = text.replace(/(\n\s+server: .*)/, `$1\n    proxy-url: ${proxyURL}`);
    const file = join(api!.dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    api = await startApiserver("kubeadm-ts-proxy-", { embedCerts: true });
    port = Number(new URL(api.server).port);
    proxy = await startTunnelProxy({ targetPort: () => port });
    expect(spawnSync(KUBEADM, ["version", "-o", "short"]).status).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await api?.stop();
  }, 30_000);

  const cases = (): Array<{ name: string; file: string; env: Record<string, string>; tunnels: string[] }> => [
    { name: "proxy-url (loopback server)", file: variant("proxy-url.conf", api!.server, proxy.url()), env: {}, tunnels: [`127.0.0.1:${port}`] },
    { name: "HTTPS_PROXY", file: variant("named.conf", `https://kube-apiserver.test:${port}`), env: { HTTPS_PROXY: proxy.url() }, tunnels: [`kube-apiserver.test:${port}`] },
    { name: "proxy-url over NO_PROXY", file: variant("both.conf", `https://kube-apiserver.test:${port}`, proxy.url()), env: { NO_PROXY: "*" }, tunnels: [`kube-apiserver.test:${port}`] },
  ];

  it("token list goes through the proxy the kubeconfig or the environment names", async () => {
    const upstream = requireUpstream("kubeadm");
    for (const c of cases()) {
      proxy.connects.length = 0;
      const ours = await run(KUBEADM, ["token", "list", "--kubeconfig", c.file], c.env);
      expect(ours.stderr, c.name).toBe("");
      expect(ours.code, c.name).toBe(0);
      expect([...new Set(proxy.connects.map((x) => x.target))], c.name).toEqual(c.tunnels);
      proxy.connects.length = 0;
      const theirs = await run(upstream, ["token", "list", "--kubeconfig", c.file], c.env);
      expect(theirs.code, c.name).toBe(0);
      expect(ours.stdout, c.name).toBe(theirs.stdout);
      expect([...new Set(proxy.connects.map((x) => x.target))], c.name).toEqual(c.tunnels);
    }
  }, 60_000);

  it("NO_PROXY naming the server bypasses HTTPS_PROXY (then the name must resolve)", async () => {
    proxy.connects.length = 0;
    const file = variant("bypass.conf", `https://kube-apiserver.test:${port}`);
    const r = await run(KUBEADM, ["token", "list", "--kubeconfig", file], { HTTPS_PROXY: proxy.url(), NO_PROXY: "kube-apiserver.test" });
    expect(proxy.connects).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`dial tcp: lookup kube-apiserver.test`);
  }, 60_000);
});
