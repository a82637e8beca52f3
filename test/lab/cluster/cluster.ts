// Helpers for the multi-node lab's tests (cluster.test.ts): the lab:cluster CLI (cluster.sh), commands
// in a node, kubectl on the host against the cluster, and the host-state snapshot that `down` must
// restore.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLUSTER_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO = join(CLUSTER_DIR, "../../..");
export const CLI = join(CLUSTER_DIR, "cluster.sh");
export const STATE_DIR = process.env.LAB_CLUSTER_DIR ?? "/var/lib/kubeadm-ts-cluster";
export const CACHE = process.env.KUBEADM_TS_CACHE ?? join(process.env.HOME ?? "/root", ".cache/kubeadm-ts");
export const BRIDGE = "kts-lab0";
export const CGROUP_NAME = "kubeadm-ts-cluster";

function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(REPO, "test/lab/versions.env"), "utf8").split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
export const VERSIONS = versions();
export const KUBERNETES_VERSION = VERSIONS.KUBERNETES_VERSION!;
export const UPSTREAM_BIN = join(CACHE, "upstream", KUBERNETES_VERSION, "bin");

export interface Sh {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function sh(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string; env?: Record<string, string> } = {}): Sh {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 10 * 60_000,
    input: opts.input,
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : ""), ms: Date.now() - t0 };
}

/** `npm run lab:cluster -- <args>` */
export const cluster = (args: string[], timeoutMs = 15 * 60_000): Sh => sh("bash", [CLI, ...args], { timeoutMs });

/** Runs a command in a node (`lab:cluster exec NODE -- argv`). */
export const inNode = (node: string, argv: string[], opts: { timeoutMs?: number; input?: string } = {}): Sh =>
  sh("bash", [CLI, "exec", node, "--", ...argv], opts);

/** Like inNode, throwing with the output when the command fails. */
export function inNodeOk(node: string, argv: string[], opts: { timeoutMs?: number; input?: string } = {}): string {
  const r = inNode(node, argv, opts);
  if (r.code !== 0) throw new Error(`${node}: ${argv.join(" ")}: exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r.stdout;
}

/** inNode without blocking the event loop (commands in several nodes at once). */
export function inNodeAsync(node: string, argv: string[], opts: { timeoutMs?: number } = {}): Promise<Sh> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn("bash", [CLI, "exec", node, "--", ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 10 * 60_000);
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** etcd's member list, asked on a control-plane node with its healthcheck client certificate. */
export function etcdMembers(node: string): Array<{ ID?: string; name: string; isLearner?: boolean; peerURLs?: string[]; clientURLs?: string[] }> {
  const out = inNodeOk(node, [
    "etcdctl",
    "--endpoints=https://127.0.0.1:2379",
    "--cacert=/etc/kubernetes/pki/etcd/ca.crt",
    "--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt",
    "--key=/etc/kubernetes/pki/etcd/healthcheck-client.key",
    "--command-timeout=10s",
    "member",
    "list",
    "-w",
    "json",
  ]);
  return JSON.parse(out).members ?? [];
}

/** The names of the Ready nodes. */
export function readyNodes(kubectl: ReturnType<typeof kubectlWith>): string[] {
  const r = kubectl(["get", "nodes", "-o", "json"]);
  if (r.code !== 0) return [];
  return JSON.parse(r.stdout)
    .items.filter((n: any) => n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"))
    .map((n: any) => n.metadata.name)
    .sort();
}

/**
 * What kubeadm wrote on a node: every path under its folders with type and mode (the kubelet's
 * rotating client certificate named by its date; Pod volumes and etcd's data left out), and the
 * contents of the files that are deterministic (manifests, kubelet files, drop-ins).
 */
export function nodeFiles(node: string): { tree: string[]; contents: Record<string, string> } {
  const tree = inNodeOk(node, [
    "sh",
    "-c",
    "for d in /etc/kubernetes /var/lib/kubelet /var/lib/etcd; do [ -d $d ] && find $d -xdev \\( -path /var/lib/kubelet/pods -o -path /var/lib/kubelet/plugins -o -path /var/lib/kubelet/plugins_registry -o -path /var/lib/kubelet/pod-resources -o -path /var/lib/kubelet/checkpoints -o -path /var/lib/etcd/member \\) -prune -o -printf '%p %y %m\\n'; done | sort",
  ])
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.replace(/kubelet-client-\d{4}(-\d\d){5}\.pem/, "kubelet-client-DATE.pem"))
    // the kubelet's own state files (written as it admits Pods), not the join's
    .filter((l) => !/^\/var\/lib\/kubelet\/\w+_state /.test(l));
  const contents: Record<string, string> = {};
  const files = tree.map((l) => l.split(" ")).filter(([p, t]) => t === "f" && /^\/etc\/kubernetes\/manifests\/|^\/var\/lib\/kubelet\/(config\.yaml|kubeadm-flags\.env|instance-config\.yaml)$/.test(p!));
  for (const [p] of files) contents[p!] = inNodeOk(node, ["cat", p!]);
  return { tree, contents };
}

/**
 * Deletes a Node until it is gone (after a reset the load balancer may still send a request to
 * the reset node's API server for a second).
 */
export async function deleteNode(kubectl: ReturnType<typeof kubectlWith>, node: string): Promise<void> {
  await waitFor(`Node ${node} deleted`, 60_000, () => {
    kubectl(["delete", "node", node, "--ignore-not-found", "--request-timeout=10s"]);
    return kubectl(["get", "node", node, "--ignore-not-found", "-o", "name"]).stdout.trim() === "" ? true : undefined;
  }, 1000);
}

/** A Node's labels, annotations and taints (without the node lifecycle controller's node.kubernetes.io/ ones, which come and go). */
export function nodeMeta(kubectl: ReturnType<typeof kubectlWith>, node: string): { labels: Record<string, string>; annotations: Record<string, string>; taints: unknown[] } {
  const n = JSON.parse(kubectl(["get", "node", node, "-o", "json"]).stdout);
  const taints = ((n.spec.taints ?? []) as Array<{ key: string }>).filter((t) => !t.key.startsWith("node.kubernetes.io/"));
  return { labels: n.metadata.labels, annotations: n.metadata.annotations, taints };
}

/**
 * What a join left that is the same on every run of it (keys and certificates are random): the
 * node's files and modes, its manifests and kubelet files, its Node's metadata. etcd's
 * --initial-cluster is left out: it lists the members etcd had when this node was added, which
 * depends on which other joins ran before.
 */
export function joinResult(kubectl: ReturnType<typeof kubectlWith>, node: string) {
  const f = nodeFiles(node);
  const contents = Object.fromEntries(Object.entries(f.contents).map(([k, v]) => [k, v.replace(/--initial-cluster=\S+/, "--initial-cluster=…")]));
  return { tree: f.tree, contents, meta: nodeMeta(kubectl, node) };
}

/**
 * runE2eKubeadm, then a check: throws, with the end of its output, unless it exited 0, reported no
 * failure and ran more than 30 specs; its summary and output otherwise.
 */
export function e2eKubeadm(kubeconfig: string, reportDir: string, opts: { verbose?: boolean; skip?: string } = {}): { ran: number; of: number; passed: number; failed: number; ms: number; stdout: string } {
  const { r, summary } = runE2eKubeadm(kubeconfig, reportDir, opts);
  if (r.code !== 0 || !summary || summary.failed !== 0 || summary.ran <= 30) {
    throw new Error(`e2e_kubeadm: exit ${r.code}, ${summary ? `ran ${summary.ran} of ${summary.of}, ${summary.failed} failed` : "no summary"}\n${r.stdout.slice(-5000)}\n${r.stderr.slice(-2000)}`);
  }
  return { ...summary, stdout: r.stdout };
}

/** The ConfigMaps of kube-system and kube-public: "namespace/name" → resourceVersion and a hash of data + binaryData. */
export function configMaps(kubectl: ReturnType<typeof kubectlWith>): Map<string, { resourceVersion: string; dataHash: string }> {
  const out = new Map<string, { resourceVersion: string; dataHash: string }>();
  for (const ns of ["kube-system", "kube-public"]) {
    const r = kubectl(["get", "configmaps", "-n", ns, "-o", "json"]);
    if (r.code !== 0) throw new Error(`kubectl get configmaps -n ${ns}: ${r.stderr}`);
    for (const cm of JSON.parse(r.stdout).items as any[]) {
      const dataHash = createHash("sha256").update(JSON.stringify([cm.data ?? {}, cm.binaryData ?? {}])).digest("hex").slice(0, 16);
      out.set(`${ns}/${cm.metadata.name}`, { resourceVersion: cm.metadata.resourceVersion, dataHash });
    }
  }
  return out;
}

/** The ConfigMaps created, deleted or written (a new resourceVersion) between two configMaps() snapshots, sorted; " (data)" marks a change of data. */
export function changedConfigMaps(before: ReturnType<typeof configMaps>, after: ReturnType<typeof configMaps>): string[] {
  const out: string[] = [];
  for (const [k, a] of after) {
    const b = before.get(k);
    if (!b) out.push(`${k} (created)`);
    else if (a.dataHash !== b.dataHash) out.push(`${k} (data)`);
    else if (a.resourceVersion !== b.resourceVersion) out.push(k);
  }
  for (const k of before.keys()) if (!after.has(k)) out.push(`${k} (deleted)`);
  return out.sort();
}

/** kubeadm's own ConfigMaps (the names changedConfigMaps gives them). */
export const KUBEADM_CONFIGMAPS = ["kube-system/kubeadm-config", "kube-system/kubelet-config", "kube-system/kube-proxy", "kube-system/coredns", "kube-public/cluster-info"];

/**
 * The paths a failed kubeadm-ts join listed as left for `kubeadm reset` (the tab-indented lines
 * after its "[join] The join failed after changing this node" line), and whether it named the kubelet.
 */
export function joinLeftovers(stderr: string): { paths: string[]; kubelet: boolean; header: boolean } {
  const lines = stderr.split("\n");
  const i = lines.findIndex((l) => l.startsWith("[join] The join failed after changing this node."));
  if (i < 0) return { paths: [], kubelet: false, header: false };
  const items: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (!l.startsWith("\t")) break;
    items.push(l.slice(1));
  }
  return { paths: items.filter((x) => x.startsWith("/")), kubelet: items.some((x) => x.startsWith("the kubelet service")), header: true };
}

/** The `error: …` line a failed kubeadm printed. */
export const errorLine = (stderr: string): string => stderr.split("\n").find((l) => l.startsWith("error: ")) ?? `(no error line) ${stderr.slice(-500)}`;

/**
 * Why kubeadm-ts's build (dist/, which the nodes run as `kubeadm-ts`) cannot be used: missing, or
 * older than a file under src/ (`npm run build`); undefined when it is current.
 */
export function staleBuild(): string | undefined {
  const built = join(REPO, "dist/launch.cjs");
  if (!existsSync(built)) return "dist/ is not built: npm run build";
  const t = statSync(built).mtimeMs;
  const newer: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (statSync(p).mtimeMs > t) newer.push(p);
    }
  };
  walk(join(REPO, "src"));
  return newer.length ? `dist/ is older than ${newer.slice(0, 3).join(", ")}: npm run build` : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined, everyMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(everyMs);
  }
}

/** kubectl on the host (the pin's) with the given kubeconfig (the cluster's admin.conf, copied out). */
export function kubectlWith(kubeconfig: string) {
  return (args: string[], opts: { input?: string; timeoutMs?: number } = {}): Sh =>
    sh(join(UPSTREAM_BIN, "kubectl"), [`--kubeconfig=${kubeconfig}`, ...args], { timeoutMs: opts.timeoutMs ?? 60_000, input: opts.input });
}

/** Nodes of the cluster as cluster.sh recorded them: name role ip set. */
export function topology(): Array<{ name: string; role: string; ip: string; set: string }> {
  const f = join(STATE_DIR, "shared/nodes");
  if (!existsSync(f)) return [];
  return readFileSync(f, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [name, role, ip, set] = l.split(/\s+/);
      return { name: name!, role: role!, ip: ip!, set: set! };
    });
}

// ------------------------------------------------------------------ host state

function hierarchies(): string[] {
  return readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((l) => l.split(" "))
    .filter((f) => (f[2] === "cgroup" || f[2] === "cgroup2") && f[1]!.startsWith("/sys/fs/cgroup/"))
    .map((f) => f[1]!);
}

/** Host pids in a node's cgroups (every hierarchy, the whole subtree). */
export function nodePids(node?: string): number[] {
  const pids = new Set<number>();
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    try {
      for (const p of readFileSync(join(d, "cgroup.procs"), "utf8").split("\n")) if (p) pids.add(Number(p));
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    } catch {
      /* gone meanwhile */
    }
  };
  for (const h of hierarchies()) walk(node ? join(h, CGROUP_NAME, node) : join(h, CGROUP_NAME));
  return [...pids].sort((a, b) => a - b);
}

/** RSS (KiB) of the node's processes, summed by what they are. */
export function nodeMemory(node: string): { byProcess: Record<string, number>; totalRssKiB: number; cgroupUsageKiB?: number } {
  const byProcess: Record<string, number> = {};
  let total = 0;
  for (const pid of nodePids(node)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      let name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "?";
      if (name.startsWith("containerd-shim")) name = "containerd-shim";
      else if (name.startsWith("kube-controller")) name = "kube-controller-manager";
      else if (name.startsWith("systemd") || name === "(sd-pam)") name = "systemd (all)";
      byProcess[name] = (byProcess[name] ?? 0) + rss;
      total += rss;
    } catch {
      /* exited */
    }
  }
  const usage = join("/sys/fs/cgroup/memory", CGROUP_NAME, node, "memory.usage_in_bytes");
  return { byProcess, totalRssKiB: total, cgroupUsageKiB: existsSync(usage) ? Math.round(Number(readFileSync(usage, "utf8")) / 1024) : undefined };
}

export interface HostState {
  links: string[];
  mounts: string[];
  netns: string[];
  iptables: string;
  cgroups: string[];
  podLogs: string[];
  stateDir: boolean;
  pids: number[];
  nspawnRun: string[];
}

function ls(d: string): string[] {
  try {
    return readdirSync(d).sort();
  } catch {
    return [];
  }
}

/** What the lab could leave behind on the host. */
export function hostState(): HostState {
  const links = sh("ip", ["-o", "link", "show"]).stdout
    .split("\n")
    .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
    .filter((x): x is string => !!x)
    .sort();
  // the lab's own nspawn machines are kts-<node>; kts-systemd-<pid> are systemd-real.test.ts's
  // (test/support/systemd-node.ts), which npm test runs alongside (vitest next to test:cluster)
  const notSystemdTest = (l: string) => !l.includes("kts-systemd-");
  const mounts = readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .filter((l) => l.includes(STATE_DIR) || l.includes("cluster-node/rootfs") || / \/run\/systemd\/nspawn/.test(l))
    .filter(notSystemdTest);
  const ipt = ["iptables-save", "ip6tables-save"]
    .map((c) => sh(c, []).stdout.split("\n").filter((l) => !l.startsWith("#")).map((l) => l.replace(/\[\d+:\d+\]/, "")).join("\n"))
    .join("\n");
  const cgroups = hierarchies().filter((h) => existsSync(join(h, CGROUP_NAME)));
  return {
    links,
    mounts,
    netns: ls("/run/netns"),
    iptables: ipt,
    cgroups,
    podLogs: ls("/var/log/pods"),
    stateDir: existsSync(STATE_DIR),
    pids: nodePids(),
    nspawnRun: ls("/run/systemd/nspawn/propagate").filter((m) => m.startsWith("kts-") && notSystemdTest(m)),
  };
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Takes an exclusive flock on `path` for this process (until `release` or exit): flock(1) locks
 * an inherited descriptor, whose open file description this process keeps holding.
 */
export function takeLock(path: string, waitSeconds: number): () => void {
  const fd = openSync(path, "a");
  const r = spawnSync("flock", ["-w", String(waitSeconds), "3"], { stdio: ["ignore", "inherit", "inherit", fd] });
  if (r.status !== 0) {
    closeSync(fd);
    throw new Error(`could not take ${path} within ${waitSeconds}s (flock exit ${r.status})`);
  }
  return () => closeSync(fd);
}

// ------------------------------------------------------------------ shared by the cluster test files

/** Where the cluster tests' figures go, one key per test file. */
export const METRICS_FILE = join(dirname(UPSTREAM_BIN), "cluster-metrics.json");

/** Writes `metrics` under `key` in METRICS_FILE, keeping the other files' keys. */
export function recordClusterMetrics(key: string, metrics: Record<string, unknown>): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(METRICS_FILE, "utf8"));
  } catch {
    /* first */
  }
  all[key] = metrics;
  writeFileSync(METRICS_FILE, JSON.stringify(all, null, 2));
}

/** Upstream's e2e_kubeadm (the pin's) against the cluster of `kubeconfig`, [multi-node] included (`verbose`: every spec named); its Ginkgo summary. */
export function runE2eKubeadm(kubeconfig: string, reportDir: string, opts: { verbose?: boolean; skip?: string } = {}): { r: Sh; summary?: { ran: number; of: number; passed: number; failed: number; ms: number } } {
  const args = [`--kubeconfig=${kubeconfig}`, "--ginkgo.no-color", ...(opts.verbose ? ["--ginkgo.v"] : []), ...(opts.skip ? [`--ginkgo.skip=${opts.skip}`] : []), `--report-dir=${reportDir}`];
  const r = sh(join(UPSTREAM_BIN, "e2e_kubeadm.test"), args, { timeoutMs: 20 * 60_000 });
  const m = /Ran (\d+) of (\d+) Specs[\s\S]*?(\d+) Passed \| (\d+) Failed/.exec(r.stdout);
  return { r, summary: m ? { ran: Number(m[1]), of: Number(m[2]), passed: Number(m[3]), failed: Number(m[4]), ms: r.ms } : undefined };
}

/** A cluster test file's hold on the lab, from its beforeAll to its afterAll. */
export interface ClusterSession {
  release: () => void;
  /** its temporary folder on the host */
  tmp: string;
  /** whether `up` ran (then `down` is due) */
  upDone: boolean;
}

/**
 * A cluster test file's start: root, the oracle built, the nodes' kubeadm-ts (this checkout's
 * dist/) current; the lab lock (waiting up to an hour), `down` of whatever a killed run left, a
 * temporary folder.
 */
export function openClusterSession(tmpPrefix: string): ClusterSession {
  if (!(typeof process.getuid === "function" && process.getuid() === 0)) throw new Error("the cluster tests need root");
  if (!existsSync(join(UPSTREAM_BIN, "kubeadm"))) throw new Error("run npm run lab:build first");
  const stale = staleBuild();
  if (stale) throw new Error(`kubeadm-ts in the nodes is this checkout's dist/: ${stale}`);
  const release = takeLock("/tmp/kubeadm-ts-lab.lock", 3600);
  const d = cluster(["down"]);
  if (d.code !== 0) {
    release();
    throw new Error(`lab:cluster down: ${d.stderr}`);
  }
  return { release, tmp: mkdtempSync(join(tmpdir(), tmpPrefix)), upDone: false };
}

/** `lab:cluster up <args>`; throws with its output when it fails. */
export function clusterUp(s: ClusterSession, args: string[]): Sh {
  const up = cluster(["up", ...args]);
  s.upDone = true;
  if (up.code !== 0) throw new Error(`lab:cluster up: ${up.stdout}\n${up.stderr}`);
  return up;
}

/** The end: `down`, the temporary folder removed, `record` (the figures), the lock released. */
export function closeClusterSession(s: ClusterSession | undefined, record?: () => void): void {
  try {
    if (s?.upDone) cluster(["down"]);
  } finally {
    if (s?.tmp) rmSync(s.tmp, { recursive: true, force: true });
    record?.();
    s?.release();
  }
}
