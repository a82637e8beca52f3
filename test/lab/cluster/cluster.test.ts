// The multi-node lab proven with upstream kubeadm (issue #13): `npm run test:cluster`.
//
// lab:cluster up (LAB_CLUSTER_CONTROL_PLANES, default 3; LAB_CLUSTER_WORKERS, default 2) →
//  1. upstream kubeadm init on cp1 (controlPlaneEndpoint = the LB with >1 control plane,
//     --upload-certs), join --control-plane --certificate-key on cp2, cp3, join on the workers:
//     every node Ready, one voting etcd member per control-plane node, kube-system Pods Running
//     on every node;
//  2. upstream's e2e_kubeadm.test (the pin's) passes, [multi-node] specs included;
//  3. a Pod on the last worker resolves kubernetes.default and a Service whose Pods run on other
//     nodes, and reaches it (and each of those Pods by its IP);
//  4. (more than one control plane) stop cp1: through the LB, kubectl get and a write succeed within
//     30 s; start cp1: it comes back Ready, all etcd members voting;
//  5. kubeadm reset -f on a worker and on a control-plane node (its etcd member removed);
//  6. kubeadm-ts joins those two nodes again (upstream init + kubeadm-ts joins, a cluster of both
//     tools): Ready, all etcd members voting, the same files, manifests and Node metadata as
//     upstream's join left there, e2e_kubeadm passes;
//  7. lab:cluster down leaves no process, mount, link, netns, iptables rule, cgroup or file; a
//     second up works.
// Figures (times, memory per node) go to ~/.cache/kubeadm-ts/upstream/<version>/cluster-metrics.json.
//
// Needs root and `npm run lab:build`. Takes the lab lock (/tmp/kubeadm-ts-lab.lock) for the whole run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cluster,
  deleteNode,
  e2eKubeadm,
  errorLine,
  etcdMembers,
  hostState,
  joinResult,
  readyNodes as readyNodesWith,
  inNode,
  inNodeOk,
  KUBERNETES_VERSION,
  kubectlWith,
  nodeMemory,
  nodePids,
  sleep,
  staleBuild,
  STATE_DIR,
  takeLock,
  topology,
  UPSTREAM_BIN,
  waitFor,
  type HostState,
} from "./cluster.js";

const LOCK = "/tmp/kubeadm-ts-lab.lock";
const CPS = Number(process.env.LAB_CLUSTER_CONTROL_PLANES ?? 3);
const WORKERS = Number(process.env.LAB_CLUSTER_WORKERS ?? 2);
const CP_NAMES = Array.from({ length: CPS }, (_, i) => `cp${i + 1}`);
const W_NAMES = Array.from({ length: WORKERS }, (_, i) => `w${i + 1}`);
const ALL = [...CP_NAMES, ...W_NAMES];
const IGNORE = "--ignore-preflight-errors=SystemVerification";
const METRICS_FILE = join(dirname(UPSTREAM_BIN), "cluster-metrics.json");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

let release: (() => void) | undefined;
let before: HostState | undefined;
let tmp = "";
let admin = "";
let kubectl = kubectlWith("/nonexistent");
let upDone = false;
let initDone = false;
let joinedAll = false;
let certKey = "";
const upstreamJoined: Record<string, ReturnType<typeof joinResult>> = {};
const metrics: Record<string, unknown> = { version: KUBERNETES_VERSION, controlPlanes: CPS, workers: WORKERS, date: new Date().toISOString() };
let tUp0 = 0;

function recordMetrics() {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(METRICS_FILE, "utf8"));
  } catch {
    /* first */
  }
  all[`${CPS}+${WORKERS}`] = metrics;
  writeFileSync(METRICS_FILE, JSON.stringify(all, null, 2));
}

const readyNodes = () => readyNodesWith(kubectl);

beforeAll(async () => {
  expect(isRoot, "needs root").toBe(true);
  expect(existsSync(join(UPSTREAM_BIN, "kubeadm")), "run npm run lab:build first").toBe(true);
  expect(staleBuild(), "kubeadm-ts in the nodes is this checkout's dist/").toBeUndefined();
  release = takeLock(LOCK, 3600);
  // a clean slate (a previous run interrupted)
  const d = cluster(["down"]);
  expect(d.code, d.stderr).toBe(0);
  before = hostState();
  tmp = mkdtempSync(join(tmpdir(), "kts-cluster-test-"));
  admin = join(tmp, "admin.conf");
  kubectl = kubectlWith(admin);
  tUp0 = Date.now();
  const up = cluster(["up", "--control-planes", String(CPS), "--workers", String(WORKERS)]);
  expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
  metrics.upMs = Date.now() - tUp0;
  metrics.upLog = up.stderr.split("\n").filter((l) => /booted in|imported in|up in/.test(l));
  upDone = true;
}, 30 * 60_000);

afterAll(async () => {
  try {
    if (upDone) cluster(["down"]);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    recordMetrics();
    release?.();
  }
}, 10 * 60_000);

describe.sequential(`multi-node lab: ${CPS} control-plane node(s), ${WORKERS} worker(s), upstream kubeadm ${KUBERNETES_VERSION}`, () => {
  it("lab:cluster status shows every node running, with containerd active", () => {
    const r = cluster(["status"]);
    expect(r.code, r.stderr).toBe(0);
    for (const n of ALL) expect(r.stdout).toMatch(new RegExp(`^${n}\\s+\\S+\\s+\\S+\\s+\\S+\\s+running\\s+active`, "m"));
    if (CPS > 1) expect(r.stdout).toMatch(/^lb\s+lb\s+10\.77\.0\.10\s+-\s+running/m);
    // each node has its own hostname and address, and sees only its own network
    for (const n of ALL) {
      expect(inNodeOk(n, ["hostname"]).trim()).toBe(n);
      const ip = topology().find((t) => t.name === n)!.ip;
      expect(inNodeOk(n, ["ip", "-4", "-o", "addr", "show", "dev", "host0"])).toContain(`${ip}/24`);
    }
  });

  it("1. upstream kubeadm init on cp1, joins of the other control-plane nodes and the workers: every node Ready, etcd members all voting, kube-system Pods Running on every node", async () => {
    const t0 = Date.now();
    const key = inNodeOk("cp1", ["kubeadm", "certs", "certificate-key"]).trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    certKey = key;
    // --certificate-key cannot be mixed with --config: the key goes into the InitConfiguration
    inNodeOk("cp1", ["sh", "-c", `sed 's/^kind: InitConfiguration$/&\\ncertificateKey: ${key}/' /kts-cluster/init.yaml >/root/init.yaml`]);
    expect(inNodeOk("cp1", ["cat", "/root/init.yaml"])).toContain(`\ncertificateKey: ${key}\n`);
    const init = inNode("cp1", ["kubeadm", "init", "--config", "/root/init.yaml", "--upload-certs"], { timeoutMs: 10 * 60_000 });
    expect(init.code, `${init.stdout.slice(-3000)}\n${init.stderr.slice(-5000)}`).toBe(0);
    metrics.initMs = init.ms;
    initDone = true;
    writeFileSync(admin, inNodeOk("cp1", ["cat", "/etc/kubernetes/admin.conf"]), { mode: 0o600 });
    const endpoint = readFileSync(join(STATE_DIR, "shared/control-plane-endpoint"), "utf8").trim();
    expect(readFileSync(admin, "utf8")).toContain(`server: https://${endpoint}`);
    const joinCmd = inNodeOk("cp1", ["kubeadm", "token", "create", "--print-join-command"]).trim().split(/\s+/);
    expect(joinCmd.slice(0, 3)).toEqual(["kubeadm", "join", endpoint]);
    for (const cp of CP_NAMES.slice(1)) {
      const r = inNode(cp, [...joinCmd, "--control-plane", "--certificate-key", key, IGNORE], { timeoutMs: 10 * 60_000 });
      expect(r.code, `${cp}: ${r.stdout.slice(-3000)}\n${r.stderr.slice(-5000)}`).toBe(0);
      metrics[`join-${cp}-Ms`] = r.ms;
    }
    for (const w of W_NAMES) {
      const r = inNode(w, [...joinCmd, IGNORE], { timeoutMs: 10 * 60_000 });
      expect(r.code, `${w}: ${r.stdout.slice(-3000)}\n${r.stderr.slice(-5000)}`).toBe(0);
      metrics[`join-${w}-Ms`] = r.ms;
    }
    joinedAll = true;
    await waitFor("every node Ready", 10 * 60_000, () => (readyNodes().join(",") === [...ALL].sort().join(",") ? true : undefined));
    metrics.initToAllReadyMs = Date.now() - t0;
    metrics.upToAllReadyMs = Date.now() - tUp0;

    // etcd: one member per control-plane node, none a learner
    const members = await waitFor("etcd members all voting", 5 * 60_000, () => {
      const m = etcdMembers("cp1");
      return m.length === CPS && m.every((x) => !x.isLearner) ? m : undefined;
    });
    expect(members.map((m) => m.name).sort()).toEqual([...CP_NAMES].sort());

    // kube-system: everything Running and ready, and on each node what belongs there
    const pods = await waitFor("kube-system Pods Running and ready", 10 * 60_000, () => {
      const r = kubectl(["get", "pods", "-n", "kube-system", "-o", "json"]);
      if (r.code !== 0) return undefined;
      const items = JSON.parse(r.stdout).items as any[];
      const ok = items.every((p) => p.status.phase === "Running" && p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
      return ok && items.length >= CPS * 4 + ALL.length + 2 ? items : undefined;
    });
    const on = (node: string) => pods.filter((p) => p.spec.nodeName === node).map((p) => p.metadata.labels?.component ?? p.metadata.labels?.["k8s-app"]);
    for (const cp of CP_NAMES) expect(on(cp).sort(), cp).toEqual(expect.arrayContaining(["etcd", "kube-apiserver", "kube-controller-manager", "kube-proxy", "kube-scheduler"]));
    for (const w of W_NAMES) expect(on(w), w).toContain("kube-proxy");
    expect(pods.filter((p) => p.metadata.labels?.["k8s-app"] === "kube-dns")).toHaveLength(2);
    // the kubelets do not see each other's Pods: each node's containerd runs only its own
    for (const n of ALL) {
      const names = inNodeOk(n, ["ctr", "-n", "k8s.io", "containers", "ls", "-q"]).trim().split("\n").filter(Boolean);
      const podsHere = pods.filter((p) => p.spec.nodeName === n).length;
      expect(names.length, `${n}: containers (sandboxes + containers) for its ${podsHere} Pods`).toBeGreaterThanOrEqual(podsHere * 2);
      // (another node's Pods would be many more: every node runs kube-proxy, every control plane four more)
      expect(names.length).toBeLessThanOrEqual(podsHere * 2 + 12);
    }
    // memory per node (RSS by process, and the node cgroup's usage)
    await sleep(5000);
    const mem: Record<string, unknown> = {};
    for (const n of [...ALL, ...(CPS > 1 ? ["lb"] : [])]) mem[n] = nodeMemory(n);
    metrics.memory = mem;
    recordMetrics();
  });

  it("2. upstream's e2e_kubeadm passes, [multi-node] specs included", () => {
    expect(joinedAll, "needs the cluster of test 1").toBe(true);
    const r = e2eKubeadm(admin, join(tmp, "e2e-report"), { verbose: true });
    metrics.e2eKubeadm = { ran: r.ran, of: r.of, passed: r.passed, ms: r.ms };
    // the [multi-node] specs ran (they are skipped in the one-node smoke)
    expect(r.stdout).toContain("[multi-node]");
  });

  it("3. a Pod on the last worker resolves kubernetes.default and a Service backed by Pods on other nodes, and reaches it", async () => {
    expect(joinedAll, "needs the cluster of test 1").toBe(true);
    const client = W_NAMES.at(-1) ?? CP_NAMES.at(-1)!;
    const backends = ALL.filter((n) => n !== client).slice(0, 3);
    const tolerate = [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }];
    const objs: any[] = backends.map((n) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `web-${n}`, namespace: "default", labels: { app: "kts-web" } },
      spec: {
        nodeName: n,
        tolerations: tolerate,
        containers: [{
          name: "web",
          image: "kubeadm-ts.lab/busybox:lab",
          imagePullPolicy: "Never",
          command: ["sh", "-c", "mkdir -p /tmp/www && hostname >/tmp/www/index.html && exec busybox httpd -f -p 8080 -h /tmp/www"],
          ports: [{ containerPort: 8080 }],
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        }],
      },
    }));
    objs.push({ apiVersion: "v1", kind: "Service", metadata: { name: "kts-web", namespace: "default" }, spec: { selector: { app: "kts-web" }, ports: [{ port: 80, targetPort: 8080 }] } });
    const r = kubectl(["apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: objs }) });
    expect(r.code, r.stderr).toBe(0);
    await waitFor("web Pods ready", 5 * 60_000, () => {
      const s = kubectl(["get", "pods", "-l", "app=kts-web", "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}"]).stdout.trim().split("\n");
      return s.length === backends.length && s.every((x) => x === "True") ? true : undefined;
    });
    const podIPs = kubectl(["get", "pods", "-l", "app=kts-web", "-o", "jsonpath={range .items[*]}{.spec.nodeName}={.status.podIP}{\"\\n\"}{end}"]).stdout.trim().split("\n");
    const svcIP = kubectl(["get", "svc", "kts-web", "-o", "jsonpath={.spec.clusterIP}"]).stdout.trim();
    // the client (debian image): glibc's resolver for DNS, bash's /dev/tcp for HTTP (Debian's
    // static busybox wget segfaults)
    const script = [
      "set -e",
      `get() { timeout 5 bash -c 'exec 3<>/dev/tcp/$0/$1 && printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3 && tail -n1 <&3' "$1" "$2"; }`,
      "getent hosts kubernetes.default",
      "getent hosts kts-web",
      // through the Service, until every backend answered (kube-proxy picks at random)
      `seen=""; for i in $(seq 1 60); do h=$(get kts-web 80 || true); case " $seen " in *" $h "*) ;; *) [ -n "$h" ] && seen="$seen $h";; esac; [ $(echo $seen | wc -w) -ge ${backends.length} ] && break; done; echo "service:$seen"`,
      ...podIPs.map((l) => `echo "pod ${l.split("=")[0]}: $(get ${l.split("=")[1]} 8080)"`),
    ].join("\n");
    const client$ = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "kts-client", namespace: "default" },
      spec: {
        nodeName: client,
        tolerations: tolerate,
        restartPolicy: "Never",
        containers: [{ name: "c", image: "kubeadm-ts.lab/debian:lab", imagePullPolicy: "Never", command: ["bash", "-c", script] }],
      },
    };
    expect(kubectl(["apply", "-f", "-"], { input: JSON.stringify(client$) }).code).toBe(0);
    const phase = await waitFor("client Pod to finish", 5 * 60_000, () => {
      const p = kubectl(["get", "pod", "kts-client", "-o", "jsonpath={.status.phase}"]).stdout.trim();
      return p === "Succeeded" || p === "Failed" ? p : undefined;
    });
    const logs = kubectl(["logs", "kts-client"]).stdout;
    expect(phase, logs).toBe("Succeeded");
    expect(logs).toMatch(/^10\.96\.0\.1\s+kubernetes\.default\.svc\.cluster\.local/m);
    expect(logs).toMatch(new RegExp(`^${svcIP.replaceAll(".", "\\.")}\\s+kts-web\\.default\\.svc\\.cluster\\.local`, "m"));
    const seen = /^service: (.*)$/m.exec(logs)?.[1]?.split(" ").sort();
    expect(seen, logs).toEqual(backends.map((n) => `web-${n}`).sort());
    for (const n of backends) expect(logs).toContain(`pod ${n}: web-${n}`);
    kubectl(["delete", "pod", "kts-client", ...backends.map((n) => `web-${n}`), "--wait=false"]);
    kubectl(["delete", "svc", "kts-web", "--wait=false"]);
  });

  it.runIf(CPS > 1)("4. stop cp1: through the load balancer kubectl get and a write succeed within 30 s; start cp1: Ready again, all etcd members voting", async () => {
    expect(joinedAll, "needs the cluster of test 1").toBe(true);
    const t0 = Date.now();
    const stop = cluster(["stop", "cp1"]);
    expect(stop.code, stop.stderr).toBe(0);
    metrics.faultStopMs = Date.now() - t0;
    expect(nodePids("cp1")).toEqual([]);
    const t1 = Date.now();
    let n = 0;
    await waitFor("kubectl get + write through the LB with cp1 down", 30_000, () => {
      const g = kubectl(["get", "nodes", "--request-timeout=5s"], { timeoutMs: 8000 });
      if (g.code !== 0) return undefined;
      const w = kubectl(["create", "configmap", `kts-fault-${n++}`, "--from-literal=a=b", "--request-timeout=5s"], { timeoutMs: 8000 });
      return w.code === 0 ? true : undefined;
    }, 500);
    metrics.faultApiAfterStopMs = Date.now() - t1;
    const t2 = Date.now();
    const start = cluster(["start", "cp1"]);
    expect(start.code, start.stderr).toBe(0);
    await waitFor("cp1 Ready again", 5 * 60_000, () => {
      const r = kubectl(["get", "node", "cp1", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"]);
      // the Node must first have gone NotReady/Unknown or be Ready with a fresh kubelet: accept Ready after restart
      return r.stdout.trim() === "True" ? true : undefined;
    });
    await waitFor("cp1's API server and etcd back", 5 * 60_000, () => {
      const m = etcdMembers("cp1");
      return m.length === CPS && m.every((x) => !x.isLearner) ? true : undefined;
    });
    await waitFor("cp1's static Pods Running", 5 * 60_000, () => {
      const r = kubectl(["get", "pods", "-n", "kube-system", "--field-selector", "spec.nodeName=cp1", "-o", "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}"]);
      const ph = r.stdout.trim().split("\n");
      return r.code === 0 && ph.length >= 5 && ph.every((p) => p === "Running") ? true : undefined;
    });
    metrics.faultRejoinMs = Date.now() - t2;
    metrics.faultTotalMs = Date.now() - t0;
    recordMetrics();
  });

  it("5. kubeadm reset -f on a worker and on a control-plane node (its etcd member removed)", async () => {
    expect(upDone).toBe(true);
    expect(initDone && joinedAll, "needs the cluster of test 1").toBe(true);
    {
      // what upstream's joins left, for test 6
      if (W_NAMES.length) upstreamJoined[W_NAMES[0]!] = joinResult(kubectl, W_NAMES[0]!);
      if (CPS > 1) upstreamJoined[CP_NAMES.at(-1)!] = joinResult(kubectl, CP_NAMES.at(-1)!);
      if (W_NAMES.length) {
        const w = W_NAMES[0]!;
        const r = inNode(w, ["kubeadm", "reset", "-f"], { timeoutMs: 5 * 60_000 });
        expect(r.code, r.stderr.slice(-3000)).toBe(0);
        expect(inNodeOk(w, ["sh", "-c", "ls -A /etc/kubernetes/manifests /var/lib/kubelet 2>/dev/null | grep -v '^/' | grep -v '^$' || true"]).trim()).toBe("");
        await deleteNode(kubectl, w);
      }
      if (CPS > 1) {
        const cp = CP_NAMES.at(-1)!;
        const r = inNode(cp, ["kubeadm", "reset", "-f"], { timeoutMs: 5 * 60_000 });
        expect(r.code, r.stderr.slice(-3000)).toBe(0);
        const m = etcdMembers("cp1");
        expect(m.map((x) => x.name).sort()).toEqual(CP_NAMES.slice(0, -1).sort());
        expect(inNodeOk(cp, ["sh", "-c", "ls -A /var/lib/etcd /etc/kubernetes/manifests 2>/dev/null | grep -v '^/' | grep -v '^$' || true"]).trim()).toBe("");
        await deleteNode(kubectl, cp);
      }
    }
  });

  it("6. kubeadm-ts joins the reset nodes into the upstream cluster: Ready, etcd members voting, what upstream's join left there, e2e_kubeadm passes", async () => {
    expect(Object.keys(upstreamJoined).length, "needs the resets of test 5").toBeGreaterThan(0);
    const endpoint = readFileSync(join(STATE_DIR, "shared/control-plane-endpoint"), "utf8").trim();
    const joinCmd = inNodeOk("cp1", ["kubeadm", "token", "create", "--print-join-command"]).trim().split(/\s+/).slice(1);
    const key = certKey;
    for (const n of Object.keys(upstreamJoined)) {
      const t0 = Date.now();
      const cp = CP_NAMES.includes(n) ? ["--control-plane", "--certificate-key", key] : [];
      const r = inNode(n, ["kubeadm-ts", ...joinCmd, ...cp, IGNORE], { timeoutMs: 10 * 60_000 });
      expect(r.code, `${n}: ${r.stdout.slice(-3000)}\n${errorLine(r.stderr)}\n${r.stderr.slice(-3000)}`).toBe(0);
      expect(joinCmd[1]).toBe(endpoint);
      await waitFor(`${n} Ready`, 5 * 60_000, () => (readyNodes().includes(n) ? true : undefined), 500);
      metrics[`kubeadm-ts-join-${n}-ReadyMs`] = Date.now() - t0;
    }
    await waitFor("every node Ready", 5 * 60_000, () => (readyNodes().join(",") === [...ALL].sort().join(",") ? true : undefined));
    const members = await waitFor("etcd members all voting", 2 * 60_000, () => {
      const m = etcdMembers("cp1");
      return m.length === CPS && m.every((x) => !x.isLearner) ? m : undefined;
    });
    expect(members.map((m) => m.name).sort()).toEqual([...CP_NAMES].sort());
    for (const [n, theirs] of Object.entries(upstreamJoined)) {
      const ours = joinResult(kubectl, n);
      expect(ours.tree, `${n}: files and modes`).toEqual(theirs.tree);
      expect(ours.contents, `${n}: manifests and kubelet files`).toEqual(theirs.contents);
      expect(ours.meta, `${n}: Node labels, annotations, taints`).toEqual(theirs.meta);
    }
    const e2e = e2eKubeadm(admin, join(tmp, "e2e-report-mixed"));
    metrics.e2eKubeadmMixed = { ran: e2e.ran, of: e2e.of, passed: e2e.passed, ms: e2e.ms };
    recordMetrics();
  });

  it("7. lab:cluster down leaves nothing; a second up works", async () => {
    expect(upDone).toBe(true);
    const t0 = Date.now();
    const down = cluster(["down"]);
    expect(down.code, down.stderr).toBe(0);
    metrics.downMs = Date.now() - t0;
    upDone = false;
    const after = hostState();
    expect(after.pids, "processes left in the lab's cgroups").toEqual([]);
    expect(after.stateDir, `${STATE_DIR} left`).toBe(false);
    expect(after.mounts, "mounts left").toEqual([]);
    expect(after.cgroups, "cgroups left").toEqual([]);
    expect(after.links.filter((l) => l === "kts-lab0" || l.startsWith("vb-"))).toEqual([]);
    expect(after.links).toEqual(before!.links);
    expect(after.netns).toEqual(before!.netns);
    expect(after.iptables).toEqual(before!.iptables);
    expect(after.podLogs).toEqual(before!.podLogs);
    expect(after.nspawnRun).toEqual([]);
    // a second up (no kubeadm), then down again
    const up2 = cluster(["up", "--control-planes", "1", "--workers", "1"]);
    upDone = true;
    expect(up2.code, up2.stderr).toBe(0);
    expect(cluster(["status"]).stdout).toMatch(/^w1\s+worker\s+10\.77\.0\.21\s+current\s+running\s+active\s+(inactive|activating)/m);
    expect(cluster(["down"]).code).toBe(0);
    upDone = false;
    const again = hostState();
    expect(again.stateDir).toBe(false);
    expect(again.pids).toEqual([]);
    expect(again.links).toEqual(before!.links);
    expect(again.mounts).toEqual([]);
  });
});
