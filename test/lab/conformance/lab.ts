// Kubernetes conformance on the multi-node lab (README.md next to this file): a cluster made by
// upstream kubeadm with lab:cluster (cluster/cluster.ts helpers), the e2e test images imported into
// every node, upstream's e2e.test run by ginkgo with kinder's focus and skips, its JUnit report read.
import { openSync, closeSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import {
  CACHE,
  cluster,
  CLI,
  inNode,
  inNodeOk,
  KUBERNETES_VERSION,
  kubectlWith,
  readyNodes,
  REPO,
  sh,
  STATE_DIR,
  UPSTREAM_BIN,
  waitFor,
} from "../cluster/cluster.js";
import { parseJUnit, type Report } from "./junit.js";

/**
 * kinder's `test e2e --conformance --parallel` (kubernetes/kubeadm kinder/cmd/kinder/test/e2e/e2e.go,
 * run by kinder/ci/workflows/regular-tasks.yaml, task "e2e"): ginkgo focus and skip, merged as
 * kinder merges them (the --parallel skip appended with "|").
 */
export const KINDER_FOCUS = "\\[Conformance\\]";
export const KINDER_SKIP = "Aggregator|Alpha|Kubectl|\\[(Disruptive|Feature:[^\\]]+|Flaky)\\]|\\[Serial\\]";
/** kinder's --parallel: ginkgo --nodes=16 */
export const KINDER_NODES = 16;
/** The CI subset: the networking, DNS and Services specs of that focus (sig-network's). */
export const CI_FOCUS = "\\[sig-network\\].*\\[Conformance\\]";

export const IGNORE = "--ignore-preflight-errors=SystemVerification";
export const RESULTS_DIR = join(CACHE, "upstream", KUBERNETES_VERSION, "conformance");

export interface LabCluster {
  admin: string;
  kubectl: ReturnType<typeof kubectlWith>;
  nodes: string[];
  timings: Record<string, number>;
}

/**
 * lab:cluster up with `cps` control-plane nodes and `workers` workers, then upstream kubeadm as
 * test/lab/cluster/cluster.test.ts does it: init on cp1 (--upload-certs, the certificate key in
 * the InitConfiguration), join --control-plane on the other control-plane nodes, join on the
 * workers; every node Ready and every kube-system Pod Running and ready.
 */
export async function upstreamCluster(cps: number, workers: number, dir: string): Promise<LabCluster> {
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const cpNames = Array.from({ length: cps }, (_, i) => `cp${i + 1}`);
  const wNames = Array.from({ length: workers }, (_, i) => `w${i + 1}`);
  const nodes = [...cpNames, ...wNames];
  const up = cluster(["up", "--control-planes", String(cps), "--workers", String(workers)]);
  if (up.code !== 0) throw new Error(`lab:cluster up failed:\n${up.stdout}\n${up.stderr}`);
  timings.upMs = up.ms;
  const key = inNodeOk("cp1", ["kubeadm", "certs", "certificate-key"]).trim();
  inNodeOk("cp1", ["sh", "-c", `sed 's/^kind: InitConfiguration$/&\\ncertificateKey: ${key}/' /kts-cluster/init.yaml >/root/init.yaml`]);
  const init = inNode("cp1", ["kubeadm", "init", "--config", "/root/init.yaml", "--upload-certs"], { timeoutMs: 10 * 60_000 });
  if (init.code !== 0) throw new Error(`kubeadm init failed:\n${init.stdout.slice(-3000)}\n${init.stderr.slice(-5000)}`);
  timings.initMs = init.ms;
  const admin = join(dir, "admin.conf");
  writeFileSync(admin, inNodeOk("cp1", ["cat", "/etc/kubernetes/admin.conf"]), { mode: 0o600 });
  const kubectl = kubectlWith(admin);
  const joinCmd = inNodeOk("cp1", ["kubeadm", "token", "create", "--print-join-command"]).trim().split(/\s+/);
  for (const n of [...cpNames.slice(1), ...wNames]) {
    const extra = n.startsWith("cp") ? ["--control-plane", "--certificate-key", key] : [];
    const r = inNode(n, [...joinCmd, ...extra, IGNORE], { timeoutMs: 10 * 60_000 });
    if (r.code !== 0) throw new Error(`${n}: kubeadm join failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-5000)}`);
    timings[`join-${n}-Ms`] = r.ms;
  }
  await waitFor("every node Ready", 10 * 60_000, () => (readyNodes(kubectl).join(",") === [...nodes].sort().join(",") ? true : undefined));
  await waitFor("kube-system Pods Running and ready", 10 * 60_000, () => {
    const r = kubectl(["get", "pods", "-n", "kube-system", "-o", "json"]);
    if (r.code !== 0) return undefined;
    const items = JSON.parse(r.stdout).items as any[];
    const ok = items.every((p) => p.status.phase === "Running" && p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
    return ok && items.length >= cps * 4 + nodes.length + 2 ? true : undefined;
  });
  timings.upToReadyMs = Date.now() - t0;
  return { admin, kubectl, nodes, timings };
}

/** The e2e test images (scripts/build-e2e-images.sh --list): reference and tarball on the host. */
export function e2eImages(): Array<{ ref: string; file: string }> {
  const r = sh("bash", [join(REPO, "test/lab/scripts/build-e2e-images.sh"), "--list"]);
  if (r.code !== 0) throw new Error(`build-e2e-images.sh --list: ${r.stderr}`);
  return r.stdout
    .trim()
    .split("\n")
    .map((l) => {
      const [ref, file] = l.split(" ");
      return { ref: ref!, file: file! };
    });
}

/**
 * Imports the e2e test images into every node's containerd (k8s.io namespace), all nodes at once,
 * from the upstream cache each node sees read-only at /opt/kts/upstream (all of them, or `only`
 * these references); then checks each node lists every reference. Returns the time it took.
 */
export function importE2EImages(nodes: string[], only?: string[]): number {
  const images = e2eImages().filter((i) => !only || only.includes(i.ref));
  const unknown = (only ?? []).filter((r) => !images.some((i) => i.ref === r));
  if (unknown.length) throw new Error(`not e2e images build-e2e-images.sh makes: ${unknown.join(", ")}`);
  const missing = images.filter((i) => !existsSync(i.file));
  if (missing.length) throw new Error(`e2e images not built (npm run lab:build): ${missing.map((i) => i.file).join(", ")}`);
  const inNodePath = (f: string) => f.replace(join(CACHE, "upstream"), "/opt/kts/upstream");
  const script = [
    "set -u; pids=()",
    `for n in ${nodes.join(" ")}; do`,
    `  ( for f in ${images.map((i) => inNodePath(i.file)).join(" ")}; do`,
    `      bash ${CLI} exec "$n" -- ctr -n k8s.io images import --all-platforms "$f" >/dev/null || { echo "$n: cannot import $f" >&2; exit 1; }`,
    "    done ) & pids+=($!)",
    "done",
    'rc=0; for p in "${pids[@]}"; do wait "$p" || rc=1; done; exit $rc',
  ].join("\n");
  const r = sh("bash", ["-c", script], { timeoutMs: 20 * 60_000 });
  if (r.code !== 0) throw new Error(`e2e image import failed:\n${r.stderr}`);
  for (const n of nodes) {
    const have = new Set(inNodeOk(n, ["ctr", "-n", "k8s.io", "images", "ls", "-q"]).split("\n"));
    const lacking = images.filter((i) => !have.has(i.ref)).map((i) => i.ref);
    if (lacking.length) throw new Error(`${n}: images not in containerd after import: ${lacking.join(", ")}`);
  }
  return r.ms;
}

export interface GinkgoRun {
  code: number | null;
  ms: number;
  reportDir: string;
  log: string;
  report: Report;
  /** the specs the focus selects (e2e.test's dry run) */
  selected: string[];
  /** every container image a Pod of the cluster named while ginkgo ran (init, app, ephemeral) */
  podImages: string[];
}

/**
 * Records the image of every container of every Pod the cluster sees (a watch on all namespaces,
 * restarted when the API server ends it) into FILE until the returned function is called; that
 * function returns the images, sorted, once each.
 */
function watchPodImages(admin: string, file: string): () => string[] {
  // a go-template: a Pod without init or ephemeral containers is no error (kubectl's jsonpath
  // ends the watch on it)
  const template = ["initContainers", "containers", "ephemeralContainers"].map((c) => `{{range .spec.${c}}}{{.image}}{{"\\n"}}{{end}}`).join("");
  const fd = openSync(file, "w");
  const loop = `while :; do ${join(UPSTREAM_BIN, "kubectl")} --kubeconfig=${admin} get pods -A --watch -o go-template='${template}'; sleep 1; done`;
  const child = spawn("bash", ["-c", loop], { stdio: ["ignore", fd, "ignore"], detached: true });
  return () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      /* gone */
    }
    closeSync(fd);
    return [...new Set(readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter(Boolean))].sort();
  };
}

const E2E_TEST = join(UPSTREAM_BIN, "e2e.test");
const GINKGO = join(UPSTREAM_BIN, "ginkgo");

export function conformanceBinariesBuilt(): boolean {
  return existsSync(E2E_TEST) && existsSync(GINKGO);
}

/** The spec texts a focus and skip select: e2e.test's own dry run (no cluster needed). */
export function selectedSpecs(focus: string, skip: string, dir: string): string[] {
  const reportDir = join(dir, "dry-run");
  mkdirSync(reportDir, { recursive: true });
  const r = sh(E2E_TEST, [
    "--ginkgo.dry-run",
    `--ginkgo.focus=${focus}`,
    `--ginkgo.skip=${skip}`,
    "--ginkgo.no-color",
    `--report-dir=${reportDir}`,
    "--report-prefix=dry-run",
    "--kubeconfig=/dev/null",
  ], { timeoutMs: 5 * 60_000 });
  const f = readdirSync(reportDir).find((x) => x.startsWith("junit_") && x.endsWith(".xml"));
  if (!f) throw new Error(`e2e.test --ginkgo.dry-run wrote no JUnit report (exit ${r.code}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return parseJUnit(readFileSync(join(reportDir, f), "utf8")).specs.filter((s) => s.status !== "skipped").map((s) => s.name).sort();
}

/**
 * ginkgo with kinder's flags (--nodes, --no-color, --focus, --skip) running e2e.test with
 * kinder's suite flags (--kubeconfig, --disable-log-dump=true, --report-dir, --report-prefix=e2e);
 * the pin's kubectl first on PATH. Output goes to `<reportDir>/ginkgo.log`.
 */
export function runGinkgo(opts: { admin: string; focus: string; skip: string; nodes: number; timeout: string; dir: string }): GinkgoRun {
  const selected = selectedSpecs(opts.focus, opts.skip, opts.dir);
  const reportDir = join(opts.dir, "report");
  mkdirSync(reportDir, { recursive: true });
  const log = join(opts.dir, "ginkgo.log");
  const fd = openSync(log, "w");
  const stopWatch = watchPodImages(opts.admin, join(opts.dir, "pod-images.log"));
  const t0 = Date.now();
  const r = spawnSync(
    GINKGO,
    [
      `--nodes=${opts.nodes}`,
      "--no-color",
      `--focus=${opts.focus}`,
      `--skip=${opts.skip}`,
      `--timeout=${opts.timeout}`,
      E2E_TEST,
      "--",
      `--kubeconfig=${opts.admin}`,
      "--disable-log-dump=true",
      `--report-dir=${reportDir}`,
      "--report-prefix=e2e",
    ],
    { stdio: ["ignore", fd, fd], env: { ...process.env, PATH: `${UPSTREAM_BIN}:${process.env.PATH}` }, cwd: opts.dir, timeout: 3 * 60 * 60_000 },
  );
  closeSync(fd);
  const ms = Date.now() - t0;
  const podImages = stopWatch();
  const junit = readdirSync(reportDir).find((x) => x.startsWith("junit_") && x.endsWith(".xml"));
  if (!junit) throw new Error(`ginkgo wrote no JUnit report (exit ${r.status}); see ${log}:\n${readFileSync(log, "utf8").slice(-3000)}`);
  return { code: r.status, ms, reportDir, log, report: parseJUnit(readFileSync(join(reportDir, junit), "utf8")), selected, podImages };
}

/** A results folder per run: ~/.cache/kubeadm-ts/upstream/<version>/conformance/<name>-<time>. */
export function resultsDir(name: string): string {
  const d = join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** The failures of a run, one line each with the first line of its message. */
export function failureLines(report: Report): string[] {
  return [...report.suiteNodes, ...report.specs]
    .filter((s) => s.failure !== undefined)
    .map((s) => `${s.name} [${s.status}]: ${(s.failure ?? "").split("\n")[0]!.slice(0, 300)}`);
}

export { STATE_DIR };
