import { readFileSync } from "node:fs";
// The API client's transport: bounded response bodies, one deadline over the whole exchange,
// and the proxy client-go would use (the kubeconfig cluster's proxy-url, else HTTPS_PROXY /
// NO_PROXY by Go's ProxyFromEnvironment), through the one CONNECT tunnel src/host/http-transport.ts
// also gives the internet fetch.
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpKubeClient, proxyForServer } from "../../../src/client/http-client.js";
import { restConfigFromKubeconfig, type RestConfig } from "../../../src/client/rest-config.js";
import { fetchURL } from "../../../src/host/fetch-url.js";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";
import { startTunnelProxy, type TunnelProxy } from "../../support/proxy.js";
import { makeTestPki, startFakeApiServer, type FakeApiServer, type TestPki } from "./fake-apiserver.js";

/** The first DNS server of /etc/resolv.conf as Go's resolver names it (host:53). */
function firstNameserver(): string {
  const ns = /^nameserver\s+(\S+)/m.exec(readFileSync("/etc/resolv.conf", "utf8"))?.[1] ?? "";
  return ns.includes(":") ? `[${ns}]:53` : `${ns}:53`;
}

let pki: TestPki;
let api: FakeApiServer;
let proxy: TunnelProxy;
/** An https server answering from `route` (raw control over headers and body pacing). */
let raw: https.Server;
let route: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end();
const clients: HttpKubeClient[] = [];

const newClient = (config: Partial<RestConfig> & { server: string }, env: Record<string, string> = {}): HttpKubeClient => {
  const c = new HttpKubeClient({ caData: pki.caCert, certData: pki.clientCert, keyData: pki.clientKey, ...config }, { env });
  clients.push(c);
  return c;
};
const rawURL = (): string => `https://127.0.0.1:${(raw.address() as AddressInfo).port}`;
const apiPort = (): number => Number(new URL(api.url).port);
const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return "no error";
  } catch (err) {
    return (err as Error).message;
  }
};

beforeAll(async () => {
  pki = makeTestPki();
  api = await startFakeApiServer(pki, () => ({ status: 200, body: { kind: "ConfigMap", metadata: { name: "x" } } }));
  proxy = await startTunnelProxy({
    targetPort: apiPort,
    refuse: (req) => (req.url?.startsWith("forbidden.test") ? "403 Forbidden" : undefined),
    plain: (req, res) => {
      // plain http through the proxy: the absolute URL is the request target
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ kind: "ConfigMap", metadata: { name: "via-proxy" }, data: { target: req.url ?? "", auth: req.headers["proxy-authorization"] ?? "-" } }));
    },
  });
  raw = https.createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => route(req, res));
  await new Promise<void>((r) => raw.listen(0, "127.0.0.1", () => r()));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await api.close();
  await proxy.close();
  raw.closeAllConnections();
  await new Promise((r) => raw.close(r));
  pki.cleanup();
});

describe("response bodies are bounded", () => {
  it("one object: a body past the bound fails the request, whether announced or streamed", async () => {
    const big = JSON.stringify({ kind: "ConfigMap", data: { a: "x".repeat(3000) } });
    route = (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(big.length) });
      res.end(big);
    };
    const c = newClient({ server: rawURL(), maxResponseBytes: 2048 });
    expect(await errorOf(c.get("configmaps", "x", "kube-system"))).toBe(
      `Get "${rawURL()}/api/v1/namespaces/kube-system/configmaps/x": the response body is larger than 2 KiB, the most kubeadm-ts reads for this request`,
    );
    // chunked, no length: stopped after the bound
    let written = 0;
    route = (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const pump = (): void => {
        while (written < 64 * 1024 * 1024 && res.write("x".repeat(16 * 1024))) written += 16 * 1024;
        if (written < 64 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      pump();
    };
    expect(await errorOf(c.get("configmaps", "x", "kube-system"))).toMatch(/the response body is larger than 2 KiB/);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("a client with a timeout sends it as client-go does (?timeout=, parameters sorted; never on a list: client-go's typed List sets the timeout from ListOptions.TimeoutSeconds)", async () => {
    const urls: string[] = [];
    route = (req, res) => {
      urls.push(req.url ?? "");
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"items":[]}');
    };
    await newClient({ server: rawURL(), timeoutMs: 10_000 }).list("secrets", { namespace: "kube-system", labelSelector: "a=b", fieldSelector: "type=x" });
    await newClient({ server: rawURL() }).list("secrets", { namespace: "kube-system" });
    await newClient({ server: rawURL(), timeoutMs: 10_000 }).get("secrets", "s", "kube-system").catch(() => undefined);
    expect(urls).toEqual([
      "/api/v1/namespaces/kube-system/secrets?fieldSelector=type%3Dx&labelSelector=a%3Db",
      "/api/v1/namespaces/kube-system/secrets",
      "/api/v1/namespaces/kube-system/secrets/s?timeout=10s",
    ]);
  });

  it("the default bounds: 8 MiB for one object, 64 MiB for a list", async () => {
    const item = { metadata: { name: "s" }, data: { v: "x".repeat(1024 * 1024) } };
    const list = JSON.stringify({ kind: "SecretList", items: Array.from({ length: 9 }, () => item) });
    route = (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(list);
    };
    const c = newClient({ server: rawURL() });
    expect((await c.list("secrets", { namespace: "kube-system" })).items).toHaveLength(9);
    expect(await errorOf(c.get("secrets", "s", "kube-system"))).toMatch(/the response body is larger than 8 MiB, the most kubeadm-ts reads for this request$/);
  });

  it("the internet fetch: 64 KiB for a version label", async () => {
    route = (_q, res) => {
      res.writeHead(200);
      res.end("v".repeat(65 * 1024));
    };
    const url = `${rawURL()}/release/stable.txt`;
    expect(await errorOf(fetchURL(url, 5000, { SSL_CERT_FILE: `${pki.dir}/ca.crt` }))).toBe(
      `Get "${url}": the response body is larger than 64 KiB, the most kubeadm-ts reads for this request`,
    );
    expect((await fetchURL(url, 5000, { SSL_CERT_FILE: `${pki.dir}/ca.crt` }, 1024 * 1024)).body).toHaveLength(65 * 1024);
  });
});

describe("the deadline covers the whole exchange", () => {
  it("a server that trickles its body is cut off at the timeout", async () => {
    const timers: NodeJS.Timeout[] = [];
    route = (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write("{");
      // one byte every 100 ms: never idle long enough for a socket timeout
      const t = setInterval(() => res.write(" "), 100);
      timers.push(t);
      res.on("close", () => clearInterval(t));
    };
    const c = newClient({ server: rawURL(), timeoutMs: 700 });
    const start = Date.now();
    expect(await errorOf(c.get("configmaps", "x", "kube-system"))).toBe(
      // client-go sends a client's timeout along: ?timeout=<duration>
      `Get "${rawURL()}/api/v1/namespaces/kube-system/configmaps/x?timeout=700ms": net/http: request canceled (Client.Timeout or context cancellation while reading body)`,
    );
    expect(Date.now() - start).toBeLessThan(5000);
    for (const t of timers) clearInterval(t);
  });
});

describe("proxies, as client-go picks them", () => {
  const kubeconfig = (server: string, proxyURL?: string): string =>
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: c",
      "  cluster:",
      `    server: ${server}`,
      `    certificate-authority-data: ${pki.caCert.toString("base64")}`,
      ...(proxyURL ? [`    proxy-url: ${proxyURL}`] : []),
      "contexts:",
      "- name: x",
      "  context: {cluster: c, user: u}",
      "current-context: x",
      "users:",
      "- name: u",
      "  user:",
      `    client-certificate-data: ${pki.clientCert.toString("base64")}`,
      `    client-key-data: ${pki.clientKey.toString("base64")}`,
    ].join("\n");

  it("the kubeconfig's proxy-url: every request tunnels through it, loopback too, credentials sent", async () => {
    proxy.connects.length = 0;
    const cfg = await restConfigFromKubeconfig(parseKubeconfig(kubeconfig(api.url, proxy.url().replace("http://", "http://user:p%40ss@"))));
    expect(cfg.proxyURL).toBeDefined();
    const cm = await newClient(cfg).get("configmaps", "x", "kube-system");
    expect(cm.metadata?.name).toBe("x");
    expect(proxy.connects).toEqual([{ target: `127.0.0.1:${apiPort()}`, auth: `Basic ${Buffer.from("user:p@ss").toString("base64")}` }]);
  });

  it("proxy-url wins over the environment (NO_PROXY does not apply to it)", async () => {
    proxy.connects.length = 0;
    const cfg = await restConfigFromKubeconfig(parseKubeconfig(kubeconfig(api.url, proxy.url())));
    await newClient(cfg, { HTTPS_PROXY: "http://127.0.0.1:1", NO_PROXY: "*" }).get("configmaps", "x", "kube-system");
    expect(proxy.connects).toHaveLength(1);
  });

  it("HTTPS_PROXY for a named server; NO_PROXY naming it, or a loopback server, connect directly", async () => {
    proxy.connects.length = 0;
    const server = `https://kube-apiserver.test:${apiPort()}`;
    const viaEnv = newClient({ server, tlsServerName: "localhost" }, { HTTPS_PROXY: proxy.url() });
    expect((await viaEnv.get("configmaps", "x", "kube-system")).metadata?.name).toBe("x");
    expect(proxy.connects.map((c) => c.target)).toEqual([`kube-apiserver.test:${apiPort()}`]);
    // bypassed: the name is then looked up, and does not exist
    const bypass = newClient({ server, tlsServerName: "localhost" }, { HTTPS_PROXY: proxy.url(), NO_PROXY: ".test" });
    expect(await errorOf(bypass.get("configmaps", "x", "kube-system"))).toBe(
      `Get "${server}/api/v1/namespaces/kube-system/configmaps/x": dial tcp: lookup kube-apiserver.test on ${firstNameserver()}: no such host`,
    );
    const loopback = newClient({ server: api.url }, { HTTPS_PROXY: "http://127.0.0.1:1" });
    expect((await loopback.get("configmaps", "x", "kube-system")).metadata?.name).toBe("x");
    expect(proxy.connects).toHaveLength(1);
    expect(proxyForServer(new URL(server), {}, { https_proxy: "proxy.example:3128" })?.href).toBe("http://proxy.example:3128/");
  });

  it("plain http through a proxy: the absolute URL as target", async () => {
    const c = newClient({ server: "http://kube-apiserver.test:8080" }, { HTTP_PROXY: proxy.url() });
    const cm = (await c.get("configmaps", "x", "kube-system")) as { data?: Record<string, string> };
    expect(cm.data?.target).toBe("http://kube-apiserver.test:8080/api/v1/namespaces/kube-system/configmaps/x");
  });

  it("proxy failures are worded as Go's transport words them", async () => {
    const refused = newClient({ server: `https://forbidden.test:${apiPort()}`, tlsServerName: "localhost" }, { HTTPS_PROXY: proxy.url() });
    expect(await errorOf(refused.get("configmaps", "x", "kube-system"))).toBe(`Get "https://forbidden.test:${apiPort()}/api/v1/namespaces/kube-system/configmaps/x": Forbidden`);
    const down = newClient({ server: `https://kube-apiserver.test:${apiPort()}` }, { HTTPS_PROXY: "http://127.0.0.1:1" });
    expect(await errorOf(down.get("configmaps", "x", "kube-system"))).toBe(
      `Get "https://kube-apiserver.test:${apiPort()}/api/v1/namespaces/kube-system/configmaps/x": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused`,
    );
    const socks = newClient({ server: api.url, proxyURL: "socks5://127.0.0.1:1080" });
    expect(await errorOf(socks.get("configmaps", "x", "kube-system"))).toBe(
      `Get "${api.url}/api/v1/namespaces/kube-system/configmaps/x": proxy scheme "socks5" is not supported by kubeadm-ts (use an http:// or https:// proxy)`,
    );
  });

  it("a proxy-url client-go would refuse is an invalid configuration", async () => {
    await expect(restConfigFromKubeconfig(parseKubeconfig(kubeconfig(api.url, "ftp://proxy:21")))).rejects.toThrow(
      `invalid configuration: invalid 'proxy-url' "ftp://proxy:21" for cluster "c": unsupported scheme "ftp", must be http, https, or socks5`,
    );
    await expect(restConfigFromKubeconfig(parseKubeconfig(kubeconfig(api.url, "proxy:3128")))).rejects.toThrow(`unsupported scheme "proxy", must be http, https, or socks5`);
  });
});
