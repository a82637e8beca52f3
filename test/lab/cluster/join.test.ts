// kubeadm-ts join on real nodes (issue #14), one 3+2 cluster (`npm run test:cluster`):
//  1. kubeadm-ts init on cp1 (the LB as controlPlaneEndpoint, --upload-certs); kubeadm-ts
//     `join --control-plane --certificate-key` on cp2 and cp3 started together (no operator
//     retry), kubeadm-ts join on w1 (token + CA pin) and w2 (token, unsafe-skip-ca-verification):
//     five nodes Ready, three voting etcd members;
//  2. what kubeadm-ts join wrote on w2 and cp3 and changed in the cluster equals what upstream's
//     join writes and changes on the same nodes of the same cluster: kubeadm-ts reset -f of both
//     (cp3's etcd member removed), upstream join of both (kubeadm-ts init + upstream joins);
//  3. discovery: a worker joins with each file variant of kinder's discovery workflow (kubeconfig
//     without credentials + TLS bootstrap token, with a token, with embedded client certificates,
//     with external client certificate files) and with an HTTPS URL; a wrong CA pin, a deleted
//     token, a cluster-info signature that does not verify, an endpoint where nothing listens
//     fail as upstream's join fails, and leave nothing on the node;
//  4. control plane: a wrong certificate key fails as upstream's and leaves nothing; a join whose
//     etcd learner cannot catch up (its peer traffic dropped) removes the learner before exiting
//     and says so; reset, then kubeadm-ts join again: three voting members;
//  5. upstream's e2e_kubeadm passes on the cluster, [multi-node] included.
// Figures go to ~/.cache/kubeadm-ts/upstream/<version>/cluster-metrics.json ("join").
//
// Needs root and `npm run lab:build`; takes the lab lock (/tmp/kubeadm-ts-lab.lock) for the run.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  changedConfigMaps,
  closeClusterSession,
  clusterUp,
  type ClusterSession,
  openClusterSession,
  configMaps,
  deleteNode,
  e2eKubeadm,
  etcdMembers,
  inNode,
  inNodeAsync,
  inNodeOk,
  KUBERNETES_VERSION,
  errorLine,
  joinLeftovers,
  joinResult,
  KUBEADM_CONFIGMAPS,
  kubectlWith,
  nodeFiles,
  readyNodes,
  sh,
  sleep,
  STATE_DIR,
  UPSTREAM_BIN,
  waitFor,
} from "./cluster.js";

const IGNORE = "--ignore-preflight-errors=SystemVerification";
const TS = "kubeadm-ts";
const UP = "kubeadm";
const METRICS_FILE = join(dirname(UPSTREAM_BIN), "cluster-metrics.json");
// a token of our own for the discovery cases (the init's is deleted in one of them)
const TOKEN = "kts123.0123456789abcdef";

let session: ClusterSession | undefined;
let tmp = "";
let admin = "";
let kubectl = kubectlWith("/nonexistent");
let endpoint = "";
let caHash = "";
let certKey = "";
let joined = false;
let initToken = "";
/** The ConfigMaps kubeadm-ts's joins (test 1) changed. */
let oursChangedCMs: string[] | undefined;
const metrics: Record<string, unknown> = { version: KUBERNETES_VERSION, date: new Date().toISOString() };

function recordMetrics() {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(METRICS_FILE, "utf8"));
  } catch {
    /* first */
  }
  all.join = metrics;
  writeFileSync(METRICS_FILE, JSON.stringify(all, null, 2));
}

const ok = (r: { code: number | null; stdout: string; stderr: string }, what: string) =>
  expect(r.code, `${what}: ${r.stdout.slice(-3000)}\n${r.stderr.slice(-5000)}`).toBe(0);

const tokenArgs = (token = TOKEN) => [endpoint, "--token", token, "--discovery-token-ca-cert-hash", caHash];
const cpArgs = () => ["--control-plane", "--certificate-key", certKey];

/** Joins `node` and waits until its Node is Ready; the times of the join and of join start → Ready. */
async function joinReady(node: string, argv: string[]): Promise<{ joinMs: number; readyMs: number }> {
  const t0 = Date.now();
  const r = await inNodeAsync(node, argv);
  ok(r, `${node}: ${argv.join(" ")}`);
  await waitFor(`${node} Ready`, 5 * 60_000, () => (readyNodes(kubectl).includes(node) ? true : undefined), 500);
  return { joinMs: r.ms, readyMs: Date.now() - t0 };
}

async function resetNode(node: string, tool: string): Promise<void> {
  const r = inNode(node, [tool, "reset", "-f"], { timeoutMs: 5 * 60_000 });
  ok(r, `${node}: ${tool} reset -f`);
  await deleteNode(kubectl, node);
}

/**
 * kube-system's and kube-public's ConfigMaps once they hold still: `ready` holds and two looks
 * 2 s apart agree (the controllers' own writes after an init or a join are done).
 */
async function settledConfigMaps(what: string, ready: (m: ReturnType<typeof configMaps>) => boolean = () => true) {
  let last = "";
  return waitFor(`ConfigMaps settled (${what})`, 2 * 60_000, () => {
    const m = configMaps(kubectl);
    const now = JSON.stringify([...m]);
    const same = now === last && ready(m);
    last = now;
    return same ? m : undefined;
  }, 2000);
}

/** The ConfigMaps' names in a changedConfigMaps() list. */
/** Whether cluster-info carries the bootstrap signer's signature for the token. */
function signedFor(token: string): boolean {
  const r = kubectl(["get", "cm", "-n", "kube-public", "cluster-info", "-o", "json"]);
  return r.code === 0 && JSON.parse(r.stdout).data?.[`jws-kubeconfig-${token.slice(0, 6)}`] !== undefined;
}

const cmNames = (changed: string[]) => changed.map((c) => c.split(" ")[0]!);

/** The kubelets' client CSRs made with our token: who asked, for what, and how they were approved. */
function csrsOf() {
  const items = JSON.parse(kubectl(["get", "csr", "-o", "json"]).stdout).items as any[];
  return items
    .filter((c) => c.spec.username === `system:bootstrap:${TOKEN.slice(0, 6)}`)
    .map((c) => ({ signer: c.spec.signerName, usages: c.spec.usages, groups: c.spec.groups, conditions: (c.status.conditions ?? []).map((x: any) => `${x.type}/${x.reason}`) }));
}

beforeAll(async () => {
  session = openClusterSession("kts-join-test-");
  tmp = session.tmp;
  admin = join(tmp, "admin.conf");
  kubectl = kubectlWith(admin);
  clusterUp(session, ["--control-planes", "3", "--workers", "2"]);
  endpoint = readFileSync(join(STATE_DIR, "shared/control-plane-endpoint"), "utf8").trim();
}, 70 * 60_000); // the lock may be held by another lab session for up to an hour

afterAll(() => closeClusterSession(session, recordMetrics), 10 * 60_000);

describe.sequential(`kubeadm-ts join on the multi-node lab (3+2, upstream ${KUBERNETES_VERSION} as the oracle)`, () => {
  it("1. kubeadm-ts init on cp1, kubeadm-ts joins of cp2 and cp3 started together, of w1 (CA pin) and w2 (unsafe skip): five Ready, three voting etcd members", async () => {
    certKey = inNodeOk("cp1", [TS, "certs", "certificate-key"]).trim();
    expect(certKey).toMatch(/^[0-9a-f]{64}$/);
    inNodeOk("cp1", ["sh", "-c", `sed 's/^kind: InitConfiguration$/&\\ncertificateKey: ${certKey}/' /kts-cluster/init.yaml >/root/init.yaml`]);
    const init = inNode("cp1", [TS, "init", "--config", "/root/init.yaml", "--upload-certs"], { timeoutMs: 10 * 60_000 });
    ok(init, "kubeadm-ts init");
    metrics.initMs = init.ms;
    writeFileSync(admin, inNodeOk("cp1", ["cat", "/etc/kubernetes/admin.conf"]), { mode: 0o600 });
    inNodeOk("cp1", [TS, "token", "create", TOKEN]);
    caHash = /--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})/.exec(init.stdout)?.[1] ?? "";
    expect(caHash, init.stdout.slice(-1500)).not.toBe("");
    initToken = /kubeadm join \S+ --token (\S+)/.exec(init.stdout)?.[1] ?? "";
    expect(initToken).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    // the ConfigMaps before the joins: both tokens' signatures in cluster-info, kube-root-ca.crt published
    const cmBefore = await settledConfigMaps("after init", (m) =>
      m.has("kube-system/kube-root-ca.crt") && m.has("kube-public/kube-root-ca.crt") && signedFor(initToken) && signedFor(TOKEN),
    );

    // cp2 and cp3 at once: the second learner waits for the first one's promotion, no retry by hand
    const t0 = Date.now();
    const [cp2, cp3] = await Promise.all(["cp2", "cp3"].map((n) => joinReady(n, [TS, "join", ...tokenArgs(), ...cpArgs(), IGNORE])));
    metrics.concurrentCpJoin = { cp2: cp2, cp3: cp3, bothReadyMs: Date.now() - t0 };
    const w1 = await joinReady("w1", [TS, "join", ...tokenArgs(), IGNORE]);
    const w2 = await joinReady("w2", [TS, "join", endpoint, "--token", TOKEN, "--discovery-token-unsafe-skip-ca-verification", IGNORE]);
    metrics.workerJoin = { w1, w2 };
    expect(readyNodes(kubectl)).toEqual(["cp1", "cp2", "cp3", "w1", "w2"]);
    const members = await waitFor("three voting etcd members", 2 * 60_000, () => {
      const m = etcdMembers("cp1");
      return m.length === 3 && m.every((x) => !x.isLearner) ? m : undefined;
    });
    expect(members.map((m) => m.name).sort()).toEqual(["cp1", "cp2", "cp3"]);
    joined = true;
    // kubeadm's own ConfigMaps are untouched by the joins (test 2 compares the rest with upstream's joins)
    oursChangedCMs = changedConfigMaps(cmBefore, await settledConfigMaps("after kubeadm-ts's joins"));
    metrics.configMapsChangedByOurJoins = oursChangedCMs;
    expect(cmNames(oursChangedCMs).filter((n) => KUBEADM_CONFIGMAPS.includes(n)), "kubeadm's ConfigMaps changed by kubeadm-ts's joins").toEqual([]);
    recordMetrics();
  });

  it("2. kubeadm-ts join writes on the node and changes in the cluster what upstream's join does (worker w2 and control plane cp3); kubeadm-ts reset of both works", async () => {
    expect(joined, "needs the cluster of test 1").toBe(true);
    const ours = { w2: joinResult(kubectl, "w2"), cp3: joinResult(kubectl, "cp3") };
    const oursCsrs = csrsOf().length;
    // kubeadm-ts reset of kubeadm-ts-joined nodes: cp3's member leaves etcd
    await resetNode("w2", TS);
    await resetNode("cp3", TS);
    expect(etcdMembers("cp1").map((m) => m.name).sort()).toEqual(["cp1", "cp2"]);
    for (const n of ["w2", "cp3"]) expect(nodeFiles(n).tree.filter((l) => !l.endsWith(" d 755") && !l.endsWith(" d 700")), n).toEqual([]);
    // upstream joins into the kubeadm-ts cluster
    const cmBefore = await settledConfigMaps("before upstream's joins");
    const tu = Date.now();
    const upW2 = await joinReady("w2", [UP, "join", endpoint, "--token", TOKEN, "--discovery-token-unsafe-skip-ca-verification", IGNORE]);
    const upCp3 = await joinReady("cp3", [UP, "join", ...tokenArgs(), ...cpArgs(), IGNORE]);
    metrics.upstreamJoin = { w2: upW2, cp3: upCp3, ms: Date.now() - tu };
    await waitFor("three voting etcd members", 2 * 60_000, () => {
      const m = etcdMembers("cp1");
      return m.length === 3 && m.every((x) => !x.isLearner) ? true : undefined;
    });
    // the ConfigMaps upstream's joins changed are those kubeadm-ts's joins changed
    const theirsChangedCMs = changedConfigMaps(cmBefore, await settledConfigMaps("after upstream's joins"));
    metrics.configMapsChangedByUpstreamJoins = theirsChangedCMs;
    expect(oursChangedCMs, "the ConfigMaps of test 1").toBeDefined();
    expect(cmNames(oursChangedCMs!), `ConfigMaps changed: by kubeadm-ts's joins ${JSON.stringify(oursChangedCMs)}, by upstream's ${JSON.stringify(theirsChangedCMs)}`).toEqual(cmNames(theirsChangedCMs));
    // e2e_kubeadm on the cluster of both tools: kubeadm-ts init, cp2 and w1 joined by kubeadm-ts, cp3 and w2 by upstream
    const e2e = e2eKubeadm(admin, join(tmp, "e2e-report-mixed"));
    metrics.e2eKubeadmMixed = { ran: e2e.ran, of: e2e.of, passed: e2e.passed, ms: e2e.ms };
    const theirs = { w2: joinResult(kubectl, "w2"), cp3: joinResult(kubectl, "cp3") };
    for (const n of ["w2", "cp3"] as const) {
      expect(ours[n].tree, `${n}: files and modes`).toEqual(theirs[n].tree);
      expect(ours[n].contents, `${n}: manifests and kubelet files`).toEqual(theirs[n].contents);
      expect(ours[n].meta, `${n}: Node labels, annotations, taints`).toEqual(theirs[n].meta);
    }
    // the kubelet's CSRs: one per TLS bootstrap (ours, then upstream's), approved alike
    const csrs = csrsOf();
    expect(csrs.length).toBeGreaterThanOrEqual(oursCsrs);
    expect(new Set(csrs.map((c) => JSON.stringify(c))).size, JSON.stringify(csrs)).toBe(1);
    expect(csrs[0]!.conditions).toEqual(["Approved/AutoApproved"]);
    recordMetrics();
  });

  it("3. a worker joins with every discovery variant of kinder's discovery workflow and an HTTPS URL; bad discovery input fails as upstream's and leaves nothing", async () => {
    expect(joined, "needs the cluster of test 1").toBe(true);
    await resetNode("w2", UP);
    const clean = nodeFiles("w2").tree;
    // discovery files from admin.conf, as kinder makes them
    const kc = parse(readFileSync(admin, "utf8"));
    const user = kc.users[0].user;
    const noCreds = structuredClone(kc);
    delete noCreds.users[0].user["client-certificate-data"];
    delete noCreds.users[0].user["client-key-data"];
    const withToken = structuredClone(noCreds);
    withToken.users[0].user.token = TOKEN;
    const external = structuredClone(noCreds);
    external.users[0].user["client-certificate"] = "/root/discovery-client-cert.pem";
    external.users[0].user["client-key"] = "/root/discovery-client-key.pem";
    inNodeOk("w2", ["sh", "-c", "cat >/root/discovery-client-cert.pem"], { input: Buffer.from(user["client-certificate-data"], "base64").toString() });
    inNodeOk("w2", ["sh", "-c", "umask 077; cat >/root/discovery-client-key.pem"], { input: Buffer.from(user["client-key-data"], "base64").toString() });
    const put = (name: string, obj: unknown) => inNodeOk("w2", ["sh", "-c", `umask 077; cat >/root/${name}`], { input: stringify(obj) });
    put("file.conf", noCreds);
    put("file-with-token.conf", withToken);
    put("file-with-embedded.conf", kc);
    put("file-with-external.conf", external);

    // the HTTPS URL: a throwaway CA the node trusts through SSL_CERT_FILE, openssl's web server on the host
    const www = join(tmp, "www");
    sh("mkdir", ["-p", www]);
    writeFileSync(join(www, "discovery.conf"), stringify(withToken));
    const o = (args: string[]) => expect(sh("openssl", args).code).toBe(0);
    o(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=kts-lab-ca", "-keyout", join(tmp, "ca.key"), "-out", join(tmp, "ca.crt")]);
    o(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=10.77.0.1", "-keyout", join(tmp, "srv.key"), "-out", join(tmp, "srv.csr")]);
    writeFileSync(join(tmp, "ext"), "subjectAltName=IP:10.77.0.1\n");
    o(["x509", "-req", "-in", join(tmp, "srv.csr"), "-CA", join(tmp, "ca.crt"), "-CAkey", join(tmp, "ca.key"), "-CAcreateserial", "-days", "1", "-extfile", join(tmp, "ext"), "-out", join(tmp, "srv.crt")]);
    inNodeOk("w2", ["sh", "-c", "cat >/root/lab-ca.pem"], { input: readFileSync(join(tmp, "ca.crt"), "utf8") });
    const port = 18443 + (process.pid % 1000);
    let server: ChildProcess | undefined;
    const variants: Array<[string, string[]]> = [
      ["file (no credentials) + TLS bootstrap token", [TS, "join", "--discovery-file", "/root/file.conf", "--tls-bootstrap-token", TOKEN, IGNORE]],
      ["file with a token", [TS, "join", "--discovery-file", "/root/file-with-token.conf", IGNORE]],
      ["file with embedded client certificates", [TS, "join", "--discovery-file", "/root/file-with-embedded.conf", IGNORE]],
      ["file with external client certificate files", [TS, "join", "--discovery-file", "/root/file-with-external.conf", IGNORE]],
      ["HTTPS URL", ["env", "SSL_CERT_FILE=/root/lab-ca.pem", TS, "join", "--discovery-file", `https://10.77.0.1:${port}/discovery.conf`, IGNORE]],
    ];
    const times: Record<string, number> = {};
    try {
      server = spawn("openssl", ["s_server", "-accept", `10.77.0.1:${port}`, "-cert", join(tmp, "srv.crt"), "-key", join(tmp, "srv.key"), "-WWW", "-quiet"], { cwd: www, stdio: "ignore" });
      await sleep(500);
      for (const [name, argv] of variants) {
        const r = await inNodeAsync("w2", argv);
        ok(r, `w2: ${name}`);
        expect(r.stdout, name).toContain("This node has joined the cluster:");
        times[name] = r.ms;
        await waitFor(`w2's Node after ${name}`, 60_000, () => (kubectl(["get", "node", "w2"]).code === 0 ? true : undefined), 500);
        await resetNode("w2", TS);
        expect(nodeFiles("w2").tree, `w2 after reset (${name})`).toEqual(clean);
      }
    } finally {
      server?.kill();
    }
    metrics.discoveryJoinMs = times;

    // bad discovery input: upstream's error, nothing left on the node (timeouts.discovery 10 s)
    const cfg = (discovery: unknown) =>
      stringify({ apiVersion: "kubeadm.k8s.io/v1beta4", kind: "JoinConfiguration", discovery, timeouts: { discovery: "10s" }, nodeRegistration: { ignorePreflightErrors: ["SystemVerification"] } });
    const tokenDiscovery = (over: Record<string, unknown>) => ({ bootstrapToken: { apiServerEndpoint: endpoint, token: TOKEN, caCertHashes: [caHash], ...over } });
    inNodeOk("cp1", [TS, "token", "delete", initToken]);
    await waitFor("the deleted token's signature gone from cluster-info", 60_000, () => {
      const data = JSON.parse(kubectl(["get", "cm", "-n", "kube-public", "cluster-info", "-o", "json"]).stdout).data;
      return data[`jws-kubeconfig-${initToken.slice(0, 6)}`] === undefined ? true : undefined;
    });
    const cases: Array<[string, unknown]> = [
      ["a CA pin that does not match", tokenDiscovery({ caCertHashes: [`sha256:${"0".repeat(64)}`] })],
      ["a deleted token", tokenDiscovery({ token: initToken })],
      ["a cluster-info signature that does not verify (the token's secret differs)", tokenDiscovery({ token: "kts123.ffffffffffffffff" })],
      ["an endpoint where nothing listens", tokenDiscovery({ apiServerEndpoint: "10.77.0.21:6443" })],
    ];
    const errors: Record<string, string> = {};
    for (const [name, discovery] of cases) {
      inNodeOk("w2", ["sh", "-c", "cat >/root/bad.yaml"], { input: cfg(discovery) });
      const theirs = inNode("w2", [UP, "join", "--config", "/root/bad.yaml"]);
      expect(theirs.code, `upstream, ${name}`).toBe(1);
      const afterTheirs = nodeFiles("w2").tree;
      const ours = inNode("w2", [TS, "join", "--config", "/root/bad.yaml"]);
      expect(ours.code, `kubeadm-ts, ${name}: ${ours.stderr.slice(-2000)}`).toBe(1);
      expect(errorLine(ours.stderr), name).toBe(errorLine(theirs.stderr));
      expect(nodeFiles("w2").tree, `nothing left by the failed join (${name})`).toEqual(clean);
      expect(afterTheirs, `upstream left nothing either (${name})`).toEqual(clean);
      errors[name] = errorLine(ours.stderr);
    }
    metrics.discoveryErrors = errors;
    // w2 back in the cluster (token + CA pin) for what follows
    await joinReady("w2", [TS, "join", ...tokenArgs(), IGNORE]);
    recordMetrics();
  });

  it("4. control plane: a wrong certificate key fails as upstream's and leaves nothing; a learner that cannot catch up is removed before the join exits; reset and join again", async () => {
    expect(joined, "needs the cluster of test 1").toBe(true);
    await resetNode("cp3", UP);
    expect(etcdMembers("cp1").map((m) => m.name).sort()).toEqual(["cp1", "cp2"]);
    const clean = nodeFiles("cp3").tree;
    const wrongKey = ["--control-plane", "--certificate-key", "f".repeat(64)];
    const theirs = inNode("cp3", [UP, "join", ...tokenArgs(), ...wrongKey, IGNORE]);
    expect(theirs.code).toBe(1);
    const afterTheirs = nodeFiles("cp3").tree;
    if (JSON.stringify(afterTheirs) !== JSON.stringify(clean)) metrics.wrongCertificateKeyUpstreamLeft = afterTheirs.filter((l) => !clean.includes(l));
    await resetNode("cp3", UP);
    const clean2 = nodeFiles("cp3").tree;
    const ours = inNode("cp3", [TS, "join", ...tokenArgs(), ...wrongKey, IGNORE]);
    expect(ours.code, ours.stderr.slice(-2000)).toBe(1);
    expect(errorLine(ours.stderr)).toBe(errorLine(theirs.stderr));
    expect(nodeFiles("cp3").tree, "nothing left by the failed join").toEqual(clean2);
    metrics.wrongCertificateKeyError = errorLine(ours.stderr);

    // the joining etcd cannot reach its peers: its learner never catches up, promotion fails
    await resetNode("cp3", TS);
    const clean3 = nodeFiles("cp3").tree;
    const drop = (op: "-A" | "-D") => {
      inNodeOk("cp3", ["iptables", op, "INPUT", "-p", "tcp", "--dport", "2380", "-j", "DROP"]);
      inNodeOk("cp3", ["iptables", op, "OUTPUT", "-p", "tcp", "--dport", "2380", "-j", "DROP"]);
    };
    drop("-A");
    const joinCfg = stringify({
      apiVersion: "kubeadm.k8s.io/v1beta4",
      kind: "JoinConfiguration",
      discovery: { bootstrapToken: { apiServerEndpoint: endpoint, token: TOKEN, caCertHashes: [caHash] } },
      controlPlane: { certificateKey: certKey },
      timeouts: { etcdAPICall: "20s" },
      nodeRegistration: { ignorePreflightErrors: ["SystemVerification"] },
    });
    inNodeOk("cp3", ["sh", "-c", "cat >/root/join.yaml"], { input: joinCfg });
    let failed;
    try {
      failed = inNode("cp3", [TS, "join", "--config", "/root/join.yaml", "-v=1"], { timeoutMs: 5 * 60_000 });
    } finally {
      drop("-D");
    }
    const said = `${failed.stdout.slice(-2000)}\n${failed.stderr.slice(-3000)}`;
    expect(failed.code, said).toBe(1);
    expect(failed.stdout, said).toContain("[etcd] Announced new etcd member joining to the existing etcd cluster");
    expect(failed.stdout, said).toMatch(/^\[etcd\] Removed the etcd learner member [0-9a-f]+ \(https:\/\/10\.77\.0\.13:2380\) that this join added, as the join failed before promoting it$/m);
    expect(errorLine(failed.stderr)).toMatch(/^error: error execution phase [\w/-]+: error creating local etcd static pod manifest file: /);
    const left = etcdMembers("cp1");
    expect(left.map((m) => [m.name, !!m.isLearner]).sort()).toEqual([
      ["cp1", false],
      ["cp2", false],
    ]);
    metrics.learnerCleanupMs = failed.ms;

    // what the failed join left is what it printed (and upstream's error stays the last line)
    const errAt = failed.stderr.indexOf(errorLine(failed.stderr));
    expect(errAt, said).toBeGreaterThan(failed.stderr.indexOf("[join] The join failed after changing this node."));
    expect(failed.stderr.slice(errAt).split("\n").some((l) => l.startsWith("[join] ") || l.startsWith("\t/")), "nothing of ours after the error").toBe(false);
    const leftover = joinLeftovers(failed.stderr);
    expect(leftover.header, said).toBe(true);
    expect(leftover.kubelet, said).toBe(true);
    const afterFail = nodeFiles("cp3").tree;
    const pathOf = (l: string) => l.split(" ")[0]!;
    const covered = (p: string) => leftover.paths.some((x) => p === x || p.startsWith(`${x}/`));
    const cleanSet = new Set(clean3);
    const afterSet = new Set(afterFail);
    const added = afterFail.filter((l) => !cleanSet.has(l));
    const changed = clean3.filter((l) => !afterSet.has(l));
    expect(added.filter((l) => !covered(pathOf(l))), "left by the failed join and not printed").toEqual([]);
    expect(changed.filter((l) => !covered(pathOf(l))), "changed by the failed join and not printed").toEqual([]);
    const cleanLine = new Map(clean3.map((l) => [pathOf(l), l]));
    expect(leftover.paths.filter((p) => cleanLine.has(p) && afterSet.has(cleanLine.get(p)!)), "printed but as the clean node had it").toEqual([]);
    const missing = inNodeOk("cp3", ["sh", "-c", leftover.paths.map((p) => `[ -e '${p}' ] || [ -L '${p}' ] || echo '${p}'`).join("; ")]).trim();
    expect(missing, "printed but not on the node").toBe("");
    expect(added.length, "the failed join left something (certificates, kubeconfigs, manifests)").toBeGreaterThan(10);
    metrics.learnerFailureLeft = leftover.paths;

    // reset the failed node, join again
    await resetNode("cp3", TS);
    const again = await joinReady("cp3", [TS, "join", "--config", "/root/join.yaml"]);
    metrics.cpRejoin = again;
    await waitFor("three voting etcd members", 2 * 60_000, () => {
      const m = etcdMembers("cp1");
      return m.length === 3 && m.every((x) => !x.isLearner) ? true : undefined;
    });
    recordMetrics();
  });

  it("5. upstream's e2e_kubeadm passes on the kubeadm-ts cluster, [multi-node] specs included", () => {
    expect(joined, "needs the cluster of test 1").toBe(true);
    expect(readyNodes(kubectl)).toEqual(["cp1", "cp2", "cp3", "w1", "w2"]);
    const r = e2eKubeadm(admin, join(tmp, "e2e-report"));
    metrics.e2eKubeadm = { ran: r.ran, of: r.of, passed: r.passed, ms: r.ms };
  });
});
