import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HttpKubeClient } from "../../../src/client/http-client.js";
import { restConfigFromKubeconfig } from "../../../src/client/rest-config.js";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";
import { defaultUserAgent } from "../../../src/client/user-agent.js";
import { makeTestPki, startFakeApiServer, type FakeApiServer, type TestPki } from "./fake-apiserver.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

let pki: TestPki;
let server: FakeApiServer;
const clients: HttpKubeClient[] = [];
const client = (extra: Partial<ConstructorParameters<typeof HttpKubeClient>[0]> = {}) => {
  const c = new HttpKubeClient({ server: server.url, caData: pki.caCert, certData: pki.clientCert, keyData: pki.clientKey, ...extra });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  pki = makeTestPki();
  server = await startFakeApiServer(pki, () => ({ status: 200, body: {} }));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
  pki.cleanup();
});

describe("HttpKubeClient", () => {
  it("presents the client certificate and sends JSON with a kubeadm User-Agent", async () => {
    server.requests.length = 0;
    server.handler = () => ({ status: 200, body: { kind: "ConfigMap", metadata: { name: "x", namespace: "kube-system" } } });
    // the build stamp `kubeadm version` prints as gitCommit (read from the environment when run from source)
    vi.stubEnv("KUBEADM_TS_GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567");
    const c = client();
    vi.unstubAllEnvs();
    const cm = await c.get("configmaps", "x", "kube-system");
    expect(cm.metadata?.name).toBe("x");
    const req = server.requests[0]!;
    expect(req.method).toBe("GET");
    expect(req.url).toBe("/api/v1/namespaces/kube-system/configmaps/x");
    expect(req.clientCN).toBe("kubernetes-admin");
    expect(req.headers["user-agent"]).toBe(defaultUserAgent({ gitCommit: "0123456789abcdef0123456789abcdef01234567" }));
    expect(req.headers["user-agent"]).toMatch(new RegExp(`^kubeadm/${KUBERNETES_VERSION.replaceAll(".", "\\.")} \\(linux/[a-z0-9]+\\) kubernetes/0123456$`));
    expect(req.headers.authorization).toBeUndefined();
  });

  it("sends a bearer token and no client certificate when configured so", async () => {
    server.requests.length = 0;
    server.handler = () => ({ status: 200, body: { items: [] } });
    await client({ certData: undefined, keyData: undefined, bearerToken: "abcdef.0123456789abcdef" }).list("nodes", { labelSelector: "a=b" });
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe("Bearer abcdef.0123456789abcdef");
    expect(req.clientCN).toBeUndefined();
    expect(req.url).toBe("/api/v1/nodes?labelSelector=a%3Db");
  });

  it("fails with a clear TLS error against an unknown CA, without leaking the token", async () => {
    const c = client({ caData: pki.otherCaCert, certData: undefined, keyData: undefined, bearerToken: "abcdef.0123456789abcdef" });
    const err = await c.get("nodes", "n1").then(() => new Error("expected a failure"), (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(`Get "${server.url}/api/v1/nodes/n1": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
    expect(err.message).not.toContain("0123456789abcdef");
  });

  it("skips verification with insecureSkipTLSVerify", async () => {
    server.handler = () => ({ status: 200, body: { metadata: { name: "n1" } } });
    const n = await client({ caData: pki.otherCaCert, insecureSkipTLSVerify: true }).get("nodes", "n1");
    expect(n.metadata?.name).toBe("n1");
  });

  it("accepts a custom checkServerIdentity (CA pinning for discovery)", async () => {
    server.handler = () => ({ status: 200, body: { metadata: { name: "n1" } } });
    const c = client({ tlsServerName: "not-in-the-cert.example", checkServerIdentity: () => undefined });
    await expect(c.get("nodes", "n1")).resolves.toMatchObject({ metadata: { name: "n1" } });
    const strict = client({ tlsServerName: "not-in-the-cert.example" });
    await expect(strict.get("nodes", "n1")).rejects.toThrow(/tls: failed to verify certificate/);
  });

  it("sends each patch type with its Content-Type", async () => {
    server.requests.length = 0;
    server.handler = () => ({ status: 200, body: {} });
    const c = client();
    await c.patch("nodes", "n1", "strategic", { metadata: { labels: { a: "b" } } });
    await c.patch("configmaps", "x", "merge", { data: { k: "v" } }, "kube-system");
    await c.patch("deployments", "coredns", "json", [{ op: "replace", path: "/spec/replicas", value: 2 }], "kube-system");
    expect(server.requests.map((r) => [r.method, r.url, r.headers["content-type"]])).toEqual([
      ["PATCH", "/api/v1/nodes/n1", "application/strategic-merge-patch+json"],
      ["PATCH", "/api/v1/namespaces/kube-system/configmaps/x", "application/merge-patch+json"],
      ["PATCH", "/apis/apps/v1/namespaces/kube-system/deployments/coredns", "application/json-patch+json"],
    ]);
    expect(JSON.parse(server.requests[2]!.body)).toEqual([{ op: "replace", path: "/spec/replicas", value: 2 }]);
  });

  it("returns raw status codes for health endpoints", async () => {
    server.handler = (req) => (req.url === "/livez" ? { status: 200, body: "ok" } : { status: 500, body: "[-]etcd failed" });
    const c = client();
    expect(await c.getRaw("/livez")).toEqual({ statusCode: 200, body: "ok" });
    expect((await c.getRaw("/readyz")).statusCode).toBe(500);
  });

  // The one error a real kube-apiserver cannot be made to give: no answer at all. The errors it
  // answers (NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Unauthorized, a non-Status
  // 404) and createOrUpdate's retries are tested against the real one, and compared with upstream
  // kubeadm's output, in test/integration/client/real-apiserver.test.ts.
  it("times out a request that gets no answer", async () => {
    server.handler = () => ({ status: 0 });
    const c = client({ timeoutMs: 200 });
    await expect(c.get("nodes", "slow")).rejects.toThrow(
      `Get "${server.url}/api/v1/nodes/slow?timeout=200ms": net/http: request canceled (Client.Timeout exceeded while awaiting headers)`,
    );
  });

  it("builds its TLS and credentials from a kubeconfig and the files it names", async () => {
    const { writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    writeFileSync(join(pki.dir, "client.pem"), pki.clientCert);
    writeFileSync(join(pki.dir, "client-key.pem"), pki.clientKey);
    const kc = parseKubeconfig(
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: k",
        "  cluster:",
        `    server: ${server.url}`,
        `    certificate-authority-data: ${pki.caCert.toString("base64")}`,
        "users:",
        "- name: admin",
        "  user:",
        `    client-certificate: ${join(pki.dir, "client.pem")}`,
        `    client-key: ${join(pki.dir, "client-key.pem")}`,
        "contexts:",
        "- name: admin@k",
        "  context: {cluster: k, user: admin}",
        "current-context: admin@k",
      ].join("\n"),
      join(pki.dir, "admin.conf"),
    );
    const cfg = await restConfigFromKubeconfig(kc);
    const c = new HttpKubeClient(cfg);
    clients.push(c);
    server.requests.length = 0;
    server.handler = () => ({ status: 200, body: { major: "1", minor: "36", gitVersion: "v1.36.3" } });
    expect((await c.serverVersion()).gitVersion).toBe("v1.36.3");
    expect(server.requests[0]!.clientCN).toBe("kubernetes-admin");
  });
});
