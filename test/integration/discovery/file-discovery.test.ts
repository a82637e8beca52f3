// File and HTTPS discovery, and the TLS bootstrap kubeconfig (discovery.For), against a real
// kube-apiserver: discovery kubeconfigs with and without credentials, with and without a CA,
// cluster-info readable or Forbidden to anonymous, unreachable servers and invalid files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterInfo } from "../../../src/cluster/cluster-info.js";
import { discoverTLSBootstrapKubeconfig, type DiscoveryOptions } from "../../../src/discovery/for.js";
import { publicKeyPinsFromPem } from "../../../src/pki/pin.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { makeNamedServerPki } from "../../support/proxy.js";

let api: RealApiserver;
let dir: string;
let caPem: string;
const logs: string[] = [];
const warnings: string[] = [];
const o = (timeoutMs = 5000): DiscoveryOptions => ({ timeoutMs, retryIntervalMs: 200, log: (l) => logs.push(l), warn: (l) => warnings.push(l) });

beforeAll(async () => {
  api = await startApiserver("file-discovery-");
  dir = mkdtempSync(join(tmpdir(), "file-discovery-"));
  caPem = readFileSync(join(api.dir, "ca.crt"), "utf8");
}, 120_000);
afterAll(async () => {
  await api?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A discovery kubeconfig file: `cluster` and `user` are the YAML lines under cluster: and user:. */
function kubeconfigFile(name: string, cluster: string[], user: string[] = [], extra: string[] = []): string {
  const f = join(dir, `${name}.conf`);
  writeFileSync(
    f,
    [
      "apiVersion: v1", "kind: Config",
      "clusters:", "- name: c", "  cluster:", ...cluster.map((l) => `    ${l}`),
      "users:", "- name: u", "  user:", ...(user.length ? user.map((l) => `    ${l}`) : ["    {}"]),
      "contexts:", "- name: u@c", "  context: {cluster: c, user: u}", "current-context: u@c", ...extra, "",
    ].join("\n"),
  );
  return f;
}

describe("file discovery and the TLS bootstrap kubeconfig", () => {
  it("no credentials and cluster-info Forbidden to anonymous: a warning, then the TLS bootstrap token or an error", async () => {
    const f = kubeconfigFile("nocreds", [`server: ${api.server}`, `certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`]);
    warnings.length = 0;
    await expect(discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: f } }, o())).rejects.toThrow(
      "could not find authentication credentials for the TLS bootstrap process. Please use Token discovery, a discovery file with embedded authentication credentials or a discovery file without authentication credentials but with the TLSBootstrapToken flag",
    );
    expect(warnings).toEqual(["[discovery] Could not access the cluster-info ConfigMap for refreshing the cluster-info information, but the TLS cert is valid so proceeding..."]);
    const kc = await discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: f }, tlsBootstrapToken: "abcdef.0123456789abcdef" }, o());
    expect(kc.currentContext).toBe("tls-bootstrap-token-user@kubernetes");
    expect(kc.clusters.get("kubernetes")).toEqual({ server: api.server, certificateAuthorityData: Buffer.from(caPem) });
    expect(kc.users.get("tls-bootstrap-token-user")).toEqual({ token: "abcdef.0123456789abcdef" });
  });

  it("a discovery file with client credentials: CA and credentials embedded, used as they are", async () => {
    // cluster-info as init publishes it (with it, anonymous may read it too)
    await createClusterInfo(api.admin, { server: api.server, certificateAuthorityData: Buffer.from(caPem) }, { write: () => undefined });
    const f = kubeconfigFile("creds", [`server: ${api.server}`, `certificate-authority: ${join(api.dir, "ca.crt")}`], [`client-certificate: ${join(api.dir, "admin.crt")}`, `client-key: ${join(api.dir, "admin.key")}`]);
    logs.length = 0;
    const kc = await discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: f } }, o());
    const cluster = kc.clusters.get("c")!;
    expect(cluster.certificateAuthority).toBeUndefined();
    expect(cluster.certificateAuthorityData?.toString()).toBe(caPem);
    const user = kc.users.get("u")!;
    expect(user.clientCertificate).toBeUndefined();
    expect(user.clientCertificateData?.toString()).toBe(readFileSync(join(api.dir, "admin.crt"), "utf8"));
    expect(user.clientKeyData?.toString()).toBe(readFileSync(join(api.dir, "admin.key"), "utf8"));
    expect(logs).toContain("[discovery] Using authentication credentials from the discovery file for validating TLS connection");
    expect(logs.at(-1)).toMatch(/^\[discovery\] Using CA certificate from discovery kubeconfig:\nCA Certificate:\n\tSubject: CN=/);
    expect(logs.at(-1)).toContain(`\tHash: ${publicKeyPinsFromPem(caPem)[0]}`);
  });

  it("with cluster-info published: a missing CA comes from it, and another server name is warned about", async () => {
    const localhost = api.server.replace("127.0.0.1", "localhost");
    const f = kubeconfigFile("insecure", [`server: ${localhost}`, "insecure-skip-tls-verify: true"]);
    warnings.length = 0;
    logs.length = 0;
    const kc = await discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: f }, tlsBootstrapToken: "abcdef.0123456789abcdef" }, o());
    expect(kc.clusters.get("kubernetes")).toEqual({ server: localhost, certificateAuthorityData: Buffer.from(caPem) });
    expect(logs).toContain("[discovery] Synced CertificateAuthorityData from the cluster-info ConfigMap");
    expect(warnings).toEqual([`[discovery] the API Server endpoint "${localhost}" in use is different from the endpoint "${api.server}" which defined in the cluster-info ConfigMap`]);
  });

  it("a server that cannot be reached, a CA that does not match, an invalid file", async () => {
    const down = kubeconfigFile("down", ["server: https://127.0.0.1:1", `certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`]);
    await expect(discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: down } }, o(600))).rejects.toThrow(
      /^couldn't validate the identity of the API Server: Abort reading the cluster-info ConfigMap after timeout of 600ms: .*connection refused/,
    );
    const pki = makeNamedServerPki(dir, "other.example");
    const wrongCA = kubeconfigFile("wrongca", [`server: ${api.server}`, `certificate-authority: ${pki.ca("ca")}`]);
    await expect(discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: wrongCA } }, o(300))).rejects.toThrow(/Abort reading the cluster-info ConfigMap after timeout of 300ms: .*certificate/);
    const invalid = kubeconfigFile("invalid", [`server: ${api.server}`], ["token: t", "username: admin", "password: p"]);
    await expect(discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: invalid } }, o())).rejects.toThrow(
      "couldn't validate the identity of the API Server: invalid configuration: more than one authentication method found for u; found [token basicAuth], only one is allowed",
    );
    await expect(discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: join(dir, "missing.conf") } }, o())).rejects.toThrow(
      `couldn't validate the identity of the API Server: open ${join(dir, "missing.conf")}: no such file or directory`,
    );
    await expect(discoverTLSBootstrapKubeconfig({}, o())).rejects.toThrow("couldn't validate the identity of the API Server: couldn't find a valid discovery configuration");
  });

  it("HTTPS discovery: the kubeconfig served at the URL, trusted through the system store", async () => {
    const pki = makeNamedServerPki(join(dir), "localhost", ["web-ca"]);
    const body = readFileSync(kubeconfigFile("served", [`server: ${api.server}`, `certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`]), "utf8");
    // v1.37: any status but 200 fails, whatever the body
    const web = createHttpsServer({ cert: readFileSync(pki.cert), key: readFileSync(pki.key) }, (req, res) => {
      res.writeHead(req.url === "/gone.conf" ? 404 : 200);
      res.end(body);
    });
    await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
    const saved = { file: process.env.SSL_CERT_FILE, dir: process.env.SSL_CERT_DIR };
    process.env.SSL_CERT_FILE = pki.ca("web-ca");
    process.env.SSL_CERT_DIR = join(dir, "none");
    try {
      const url = `https://localhost:${(web.address() as AddressInfo).port}/discovery.conf`;
      const kc = await discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: url }, tlsBootstrapToken: "abcdef.0123456789abcdef" }, o());
      expect(kc.clusters.get("kubernetes")?.server).toBe(api.server);
      const gone = url.replace("/discovery.conf", "/gone.conf");
      await expect(discoverTLSBootstrapKubeconfig({ file: { kubeConfigPath: gone }, tlsBootstrapToken: "abcdef.0123456789abcdef" }, o())).rejects.toThrow(
        `error trying to fetch discovery kubeconfig over HTTPS from ${gone}, received status 404`,
      );
    } finally {
      process.env.SSL_CERT_FILE = saved.file;
      process.env.SSL_CERT_DIR = saved.dir;
      if (saved.file === undefined) delete process.env.SSL_CERT_FILE;
      if (saved.dir === undefined) delete process.env.SSL_CERT_DIR;
      web.closeAllConnections();
      await new Promise((r) => web.close(r));
    }
  });
});
