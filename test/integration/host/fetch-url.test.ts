// One GET to the internet as upstream kubeadm makes it (version labels): the operating system's CA
// store as trust (SSL_CERT_FILE/SSL_CERT_DIR here), Go-shaped errors, a timeout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer as createHttpsServer, type Server } from "node:https";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { makeEtcdPki, type EtcdPki } from "../etcd/etcd-fixture.js";
import { fetchURL } from "../../../src/host/fetch-url.js";
import { fetchFromURL } from "../../../src/util/version.js";
import { makeNamedServerPki, startTunnelProxy, type TunnelProxy } from "../../support/proxy.js";

/** The first DNS server of /etc/resolv.conf as Go's resolver names it (host:53). */
function firstNameserver(): string {
  const ns = /^nameserver\s+(\S+)/m.exec(readFileSync("/etc/resolv.conf", "utf8"))?.[1] ?? "";
  return ns.includes(":") ? `[${ns}]:53` : `${ns}:53`;
}

let pki: EtcdPki;
let tls: Server;
let plain: ReturnType<typeof createHttpServer>;
let silent: ReturnType<typeof createHttpServer>;
const url = (s: { address(): AddressInfo | string | null }, p: string, scheme = "https") => `${scheme}://127.0.0.1:${(s.address() as AddressInfo).port}${p}`;
const listen = (s: { listen(port: number, host: string, cb: () => void): unknown }) => new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));

beforeAll(async () => {
  pki = makeEtcdPki("fetch-url-");
  const handler = (req: { url?: string }, res: { writeHead(s: number): void; end(b?: string): void }) => {
    if (req.url === "/release/stable.txt") {
      res.writeHead(200);
      res.end("v1.36.3\n");
    } else {
      res.writeHead(404);
      res.end("not here\n");
    }
  };
  tls = createHttpsServer({ cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) }, handler);
  plain = createHttpServer(handler);
  silent = createHttpServer(() => undefined); // never answers
  await Promise.all([listen(tls), listen(plain), listen(silent)]);
});
afterAll(async () => {
  for (const s of [tls, plain, silent]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  rmSync(pki.dir, { recursive: true, force: true });
});

const noDirs = () => ({ SSL_CERT_DIR: join(pki.dir, "no-such-dir") });

describe("fetchURL", () => {
  it("trusts the CA of SSL_CERT_FILE (the system store), nothing else", async () => {
    const r = await fetchURL(url(tls, "/release/stable.txt"), 5000, { SSL_CERT_FILE: pki.ca, ...noDirs() });
    expect(r).toEqual({ status: 200, statusText: "200 OK", body: "v1.36.3\n" });
    await expect(fetchURL(url(tls, "/release/stable.txt"), 5000, { SSL_CERT_FILE: pki.otherCa, ...noDirs() })).rejects.toThrow(
      `Get "${url(tls, "/release/stable.txt")}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
  });

  it("trusts the NODE_EXTRA_CA_CERTS file the launcher handed over", async () => {
    const r = await fetchURL(url(tls, "/release/stable.txt"), 5000, { SSL_CERT_FILE: pki.otherCa, KUBEADM_TS_NODE_EXTRA_CA_CERTS: pki.ca, ...noDirs() });
    expect(r.body).toBe("v1.36.3\n");
  });

  it("an empty, unreadable store fails with Go's message", async () => {
    await expect(fetchURL(url(tls, "/x"), 5000, { SSL_CERT_FILE: pki.dir, ...noDirs() })).rejects.toThrow(
      /tls: failed to verify certificate: x509: failed to load system roots and no roots provided; /,
    );
  });

  it("any HTTP answer resolves; no answer in time rejects as Go's client timeout", async () => {
    expect(await fetchURL(url(plain, "/nope", "http"), 5000)).toEqual({ status: 404, statusText: "404 Not Found", body: "not here\n" });
    const t = Date.now();
    await expect(fetchURL(url(silent, "/x", "http"), 300)).rejects.toThrow(`Get "${url(silent, "/x", "http")}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    expect(Date.now() - t).toBeLessThan(3000);
  });

  it("connection refused and unknown hosts are worded as Go's dialer words them", async () => {
    const port = (silent.address() as AddressInfo).port;
    const s = createHttpServer();
    await listen(s);
    const closed = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    expect(closed).not.toBe(port);
    await expect(fetchURL(`http://127.0.0.1:${closed}/x`, 5000)).rejects.toThrow(`Get "http://127.0.0.1:${closed}/x": dial tcp 127.0.0.1:${closed}: connect: connection refused`);
    // Go's pure resolver (upstream is built without cgo) names the DNS server it asked
    await expect(fetchURL("http://no-such-host.invalid/x", 5000)).rejects.toThrow(
      `Get "http://no-such-host.invalid/x": dial tcp: lookup no-such-host.invalid on ${firstNameserver()}: no such host`,
    );
  });
});

describe("fetchFromURL (the version-label fetcher)", () => {
  it("returns the trimmed body of a 200 and upstream's messages otherwise", async () => {
    expect(await fetchFromURL(url(plain, "/release/stable.txt", "http"), 5000)).toBe("v1.36.3");
    await expect(fetchFromURL(url(plain, "/release/nope.txt", "http"), 5000)).rejects.toThrow(
      `unable to fetch file. URL: "${url(plain, "/release/nope.txt", "http")}", status: 404 Not Found`,
    );
    await expect(fetchFromURL(url(silent, "/x", "http"), 200)).rejects.toThrow(`unable to get URL "${url(silent, "/x", "http")}": Get "${url(silent, "/x", "http")}": context deadline exceeded`);
  });
});

describe("fetchURL through the proxy the environment names", () => {
  let dir: string;
  let named: Server; // https server for https://dl.example.test (a name only the proxy knows)
  let proxy: TunnelProxy;
  const plainRequests: string[] = [];
  const NAME = "dl.example.test";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fetch-proxy-"));
    const pki = makeNamedServerPki(dir, NAME);
    named = createHttpsServer({ cert: readFileSync(pki.cert), key: readFileSync(pki.key) }, (_req, res) => {
      res.writeHead(200);
      res.end("v1.36.9\n");
    });
    await listen(named);
    proxy = await startTunnelProxy({
      targetPort: () => (named.address() as AddressInfo).port,
      refuse: (req) => (req.url!.startsWith("forbidden.") ? "403 Forbidden" : undefined),
      // plain http through the proxy: the request target is the whole URL
      plain: (req, res) => {
        plainRequests.push(`GET ${req.url} host=${req.headers.host}`);
        const up = httpRequest({ host: "127.0.0.1", port: (plain.address() as AddressInfo).port, path: new URL(req.url!).pathname }, (r) => {
          res.writeHead(r.statusCode!);
          r.pipe(res);
        });
        up.end();
      },
    });
  });
  afterAll(async () => {
    await proxy.close();
    named.closeAllConnections();
    await new Promise((r) => named.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const trust = () => ({ SSL_CERT_FILE: join(dir, "ca.crt"), SSL_CERT_DIR: join(dir, "no-such-dir") });

  it("https: a CONNECT tunnel with the proxy's credentials, TLS to the target's name inside it", async () => {
    proxy.connects.length = 0;
    const port = (named.address() as AddressInfo).port;
    const withAuth = proxy.url().replace("http://", "http://kube%20adm:s3cret@");
    const r = await fetchURL(`https://${NAME}:${port}/release/stable-1.txt`, 5000, { ...trust(), HTTPS_PROXY: withAuth });
    expect(r.body).toBe("v1.36.9\n");
    expect(proxy.connects).toEqual([{ target: `${NAME}:${port}`, auth: `Basic ${Buffer.from("kube adm:s3cret").toString("base64")}` }]);
  });

  it("http: the whole URL to the proxy", async () => {
    plainRequests.length = 0;
    const r = await fetchURL(`http://${NAME}/release/stable.txt`, 5000, { HTTP_PROXY: proxy.url() });
    expect(r).toEqual({ status: 200, statusText: "200 OK", body: "v1.36.3\n" });
    expect(plainRequests).toEqual([`GET http://${NAME}/release/stable.txt host=${NAME}`]);
  });

  it("NO_PROXY sends the request direct (here: a name no DNS knows)", async () => {
    proxy.connects.length = 0;
    await expect(fetchURL(`https://${NAME}/x`, 5000, { ...trust(), HTTPS_PROXY: proxy.url(), NO_PROXY: "example.test" })).rejects.toThrow(`dial tcp: lookup ${NAME}`);
    expect(proxy.connects).toEqual([]);
  });

  it("a refused tunnel and an unreachable proxy are worded as Go words them", async () => {
    await expect(fetchURL("https://forbidden.example.test/x", 5000, { ...trust(), HTTPS_PROXY: proxy.url() })).rejects.toThrow(
      'Get "https://forbidden.example.test/x": Forbidden',
    );
    const s = createHttpServer();
    await listen(s);
    const closed = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    await expect(fetchURL(`https://${NAME}/x`, 5000, { ...trust(), HTTPS_PROXY: `127.0.0.1:${closed}` })).rejects.toThrow(
      `Get "https://${NAME}/x": proxyconnect tcp: dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    );
  });
});
