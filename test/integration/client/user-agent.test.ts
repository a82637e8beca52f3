// The User-Agent kubeadm sends to the API server, compared with the one upstream's kubeadm sends
// (client-go's rest.DefaultKubernetesUserAgent: "<command>/<version> (<os>/<arch>) kubernetes/<commit>"
// from its own version info). Both run `kubeadm token list` against the same local HTTPS server,
// which records the headers. Ours must have upstream's exact shape filled with kubeadm-ts's own
// version info, as `kubeadm version` prints it:
// - run from source with the build stamp set to upstream's gitCommit (the lab's upstream build
//   stamps 0000000000…), byte for byte upstream's header;
// - bin/kubeadm (needs `npm run build`), upstream's header with the commit part replaced by the
//   first 7 characters of the gitCommit `bin/kubeadm version -o json` prints.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { requireUpstream } from "../../support/upstream.js";
import { cli, runUpstreamAsync } from "../../unit/cli/harness.js";
import { makeTestPki, startFakeApiServer, type FakeApiServer, type TestPki } from "../../unit/client/fake-apiserver.js";

const ROOT = resolve(__dirname, "../../..");
const OURS = join(ROOT, "bin", "kubeadm");

let pki: TestPki;
let server: FakeApiServer;
let dir: string;
let kubeconfig: string;
let upstream: string;

beforeAll(async () => {
  upstream = requireUpstream("kubeadm");
  pki = makeTestPki();
  server = await startFakeApiServer(pki, (req) =>
    req.method === "GET" && req.url.startsWith("/api/v1/namespaces/kube-system/secrets?")
      ? { status: 200, body: { kind: "SecretList", apiVersion: "v1", metadata: { resourceVersion: "1" }, items: [] } }
      : { status: 404, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "NotFound", code: 404 } },
  );
  dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-user-agent-"));
  kubeconfig = join(dir, "admin.conf");
  const b64 = (b: Buffer) => b.toString("base64");
  writeFileSync(kubeconfig, [
    "apiVersion: v1", "kind: Config",
    "clusters:", "- name: k", "  cluster:", `    server: ${server.url}`, `    certificate-authority-data: ${b64(pki.caCert)}`,
    "users:", "- name: admin", "  user:", `    client-certificate-data: ${b64(pki.clientCert)}`, `    client-key-data: ${b64(pki.clientKey)}`,
    "contexts:", "- name: admin@k", "  context: {cluster: k, user: admin}", "current-context: admin@k", "",
  ].join("\n"));
}, 60_000);
afterAll(async () => {
  await server?.close();
  pki?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `run`, then the User-Agent of every request it made (at least one, all the same). */
async function userAgentOf(what: string, run: () => Promise<{ code: number; stderr: string }>): Promise<string> {
  server.requests.length = 0;
  const r = await run();
  expect(r.code, `${what}: ${r.stderr}`).toBe(0);
  const agents = [...new Set(server.requests.map((q) => String(q.headers["user-agent"])))];
  expect(server.requests.length, `${what} made no request`).toBeGreaterThan(0);
  expect(agents, `${what} sent more than one User-Agent`).toHaveLength(1);
  return agents[0]!;
}

const tokenList = () => ["token", "list", "--kubeconfig", kubeconfig];
const gitCommitOf = (bin: string): string => {
  const r = spawnSync(bin, ["version", "-o", "json"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { clientVersion: { gitCommit: string } }).clientVersion.gitCommit;
};

describe("User-Agent: kubeadm-ts against upstream kubeadm's request", () => {
  let upstreamAgent = "";
  let upstreamCommit = "";

  it("upstream's header: client-go's shape, with its own gitVersion and first 7 characters of gitCommit", async () => {
    upstreamAgent = await userAgentOf("upstream kubeadm", () => runUpstreamAsync(upstream, tokenList()));
    upstreamCommit = gitCommitOf(upstream);
    const m = /^kubeadm\/(v\d+\.\d+\.\d+) \(([a-z0-9]+)\/([a-z0-9]+)\) kubernetes\/([0-9a-f]{7})$/.exec(upstreamAgent);
    expect(m, upstreamAgent).not.toBeNull();
    expect(m![4]).toBe(upstreamCommit.slice(0, 7));
  });

  it("ours, stamped with upstream's gitCommit: byte for byte upstream's header", async () => {
    expect(upstreamAgent).not.toBe("");
    vi.stubEnv("KUBEADM_TS_GIT_COMMIT", upstreamCommit);
    try {
      const ours = await userAgentOf("kubeadm-ts (from source)", () => cli(tokenList()));
      expect(ours).toBe(upstreamAgent);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("bin/kubeadm: upstream's header with the commit of this build, as `kubeadm version` prints it", async () => {
    expect(upstreamAgent).not.toBe("");
    if (!existsSync(join(ROOT, "dist", "launch.cjs"))) throw new Error("bin/kubeadm is not built: run `npm run build`");
    const ourCommit = gitCommitOf(OURS);
    expect(ourCommit).toMatch(/^[0-9a-f]{40}$/);
    const ours = await userAgentOf("bin/kubeadm", () => runUpstreamAsync(OURS, tokenList()));
    expect(ours).toBe(upstreamAgent.replace(/ kubernetes\/[0-9a-f]{7}$/, ` kubernetes/${ourCommit.slice(0, 7)}`));
  });
});
