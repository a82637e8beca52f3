#!/usr/bin/env node
// Time from `kubeadm join` start to the joined Node Ready on the multi-node lab, kubeadm-ts vs
// upstream kubeadm on the same cluster, for a worker and for a control plane (stacked etcd).
// Needs root and `npm run lab:build`; the nodes run this checkout's dist/ (`npm run build` first,
// and not again while this runs). Takes the lab lock (/tmp/kubeadm-ts-lab.lock) for the whole run.
//
//   node bench/lab-join.mjs [--rounds N]   (default 3)
//
// lab:cluster up --control-planes 2 --workers 1; kubeadm-ts init on cp1 (the load balancer as
// controlPlaneEndpoint, --upload-certs); then N rounds, the tools alternating which goes first:
// worker join of w1 → Node Ready, `reset -f` (the same tool) + delete the Node; control-plane join
// of cp2 (--certificate-key) → Node Ready, then → every etcd member voting, `reset -f` + delete.
// Ready is polled (kubectl, every 500 ms) from the join's start, concurrently with it. Prints each
// sample as it is taken, then medians (with the median time each "[phase]" tag and each wait line
// first printed) and every sample as JSON; `down` at the end.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { median, repo, underLabLock, upstreamBin, version } from "./lab-common.mjs";

underLabLock(import.meta.url);
const CLI = join(repo, "test/lab/cluster/cluster.sh");
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const rounds = Number(arg("--rounds", "3"));
const IGNORE = "--ignore-preflight-errors=SystemVerification";
const TOKEN = "bench0.0123456789abcdef";
const TOOLS = { "kubeadm-ts": "kubeadm-ts", upstream: "kubeadm" };
const tmp = mkdtempSync(join(tmpdir(), "kts-lab-join-"));
const admin = join(tmp, "admin.conf");

const sh = (cmd, args, timeout = 15 * 60_000) => spawnSync(cmd, args, { encoding: "utf8", timeout, maxBuffer: 1 << 26 });
const must = (what, r) => {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stdout?.slice(-2000)}\n${r.stderr?.slice(-3000)}`);
  return r.stdout;
};
const cluster = (args) => sh("bash", [CLI, ...args]);
const inNode = (node, argv) => sh("bash", [CLI, "exec", node, "--", ...argv]);
const kubectl = (args) => sh(join(upstreamBin, "kubectl"), [`--kubeconfig=${admin}`, "--request-timeout=10s", ...args], 30_000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs argv in the node; every output line stamped with the seconds since t0. */
function inNodeAsync(node, argv, t0) {
  return new Promise((resolve) => {
    const p = spawn("bash", [CLI, "exec", node, "--", ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const lines = [];
    const stamp = (chunk) => {
      const at = +((performance.now() - t0) / 1000).toFixed(2);
      for (const l of String(chunk).split("\n")) if (l) lines.push([at, l]);
    };
    p.stdout.on("data", (d) => ((stdout += d), stamp(d)));
    p.stderr.on("data", (d) => ((stderr += d), stamp(d)));
    const timer = setTimeout(() => p.kill("SIGKILL"), 10 * 60_000);
    p.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, lines, at: performance.now() });
    });
  });
}

const ready = (node) =>
  kubectl(["get", "node", node, "--ignore-not-found", "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).stdout.trim() === "True";

function etcdVoting(want) {
  const r = inNode("cp1", ["etcdctl", "--endpoints=https://127.0.0.1:2379", "--cacert=/etc/kubernetes/pki/etcd/ca.crt", "--cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt", "--key=/etc/kubernetes/pki/etcd/healthcheck-client.key", "--command-timeout=10s", "member", "list", "-w", "json"]);
  if (r.status !== 0) return false;
  const m = JSON.parse(r.stdout).members ?? [];
  return m.length === want && m.every((x) => !x.isLearner);
}

async function waitFor(what, probe, limitMs = 5 * 60_000, everyMs = 500) {
  const t0 = performance.now();
  for (;;) {
    if (probe()) return;
    if (performance.now() - t0 > limitMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** One join: start → exit, start → Node Ready (polled meanwhile), and for a control plane start → etcd all voting. */
async function joinSample(tool, node, extra) {
  const t0 = performance.now();
  const running = inNodeAsync(node, [TOOLS[tool], "join", endpoint, "--token", TOKEN, "--discovery-token-ca-cert-hash", caHash, ...extra, IGNORE], t0);
  let done;
  running.then((r) => (done = r));
  let readyAt;
  while (!readyAt || !done) {
    if (done && done.status !== 0) throw new Error(`${tool} join ${node} failed: ${done.stdout.slice(-2000)}\n${done.stderr.slice(-3000)}`);
    if (!readyAt && ready(node)) readyAt = performance.now();
    if (performance.now() - t0 > 10 * 60_000) throw new Error(`${tool} join ${node}: not Ready after 600 s`);
    if (!readyAt || !done) await sleep(500);
  }
  const s = { joinS: +((done.at - t0) / 1000).toFixed(2), readyS: +((readyAt - t0) / 1000).toFixed(2), marks: marksOf(done.lines) };
  if (extra.length) {
    await waitFor("etcd members voting", () => etcdVoting(2), 5 * 60_000, 250);
    s.votingS = +((performance.now() - t0) / 1000).toFixed(2);
  }
  return s;
}

/** When each "[tag]" first printed, and the lines of the waits (seconds after the join started). */
function marksOf(lines) {
  const marks = {};
  for (const [at, line] of lines) {
    const m = /^\[([a-z-]+)\]/.exec(line);
    if (m && !(m[1] in marks)) marks[m[1]] = at;
    if (/healthy after|Waiting for the kubelet to perform the TLS Bootstrap|Announced new etcd member|Creating static Pod manifest for "etcd"|This node has joined/.test(line)) marks[line.replace(/after [\d.]+m?s/, "after …").slice(0, 70)] ??= at;
  }
  return marks;
}

async function reset(tool, node) {
  must(`${tool} reset ${node}`, inNode(node, [TOOLS[tool], "reset", "-f"]));
  await waitFor(`Node ${node} deleted`, () => {
    kubectl(["delete", "node", node, "--ignore-not-found"]);
    return kubectl(["get", "node", node, "--ignore-not-found", "-o", "name"]).stdout.trim() === "";
  }, 60_000, 1000);
}

let endpoint = "";
let caHash = "";
const samples = { worker: { "kubeadm-ts": [], upstream: [] }, controlPlane: { "kubeadm-ts": [], upstream: [] } };
try {
  must("down", cluster(["down"]));
  must("up", cluster(["up", "--control-planes", "2", "--workers", "1"]));
  endpoint = readFileSync("/var/lib/kubeadm-ts-cluster/shared/control-plane-endpoint", "utf8").trim();
  const certKey = must("certificate-key", inNode("cp1", ["kubeadm-ts", "certs", "certificate-key"])).trim();
  must("init.yaml", inNode("cp1", ["sh", "-c", `sed 's/^kind: InitConfiguration$/&\\ncertificateKey: ${certKey}/' /kts-cluster/init.yaml >/root/init.yaml`]));
  const init = must("kubeadm-ts init", inNode("cp1", ["kubeadm-ts", "init", "--config", "/root/init.yaml", "--upload-certs"]));
  caHash = /--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})/.exec(init)?.[1] ?? "";
  if (!caHash) throw new Error(`no CA hash in init's output: ${init.slice(-1500)}`);
  writeFileSync(admin, must("admin.conf", inNode("cp1", ["cat", "/etc/kubernetes/admin.conf"])), { mode: 0o600 });
  must("token create", inNode("cp1", ["kubeadm-ts", "token", "create", TOKEN]));
  await waitFor("cp1 Ready", () => ready("cp1"));
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? ["kubeadm-ts", "upstream"] : ["upstream", "kubeadm-ts"];
    for (const tool of order) {
      const w = await joinSample(tool, "w1", []);
      samples.worker[tool].push(w);
      console.log(`round ${i + 1} ${tool} worker w1: ${JSON.stringify({ ...w, marks: undefined })}`);
      await reset(tool, "w1");
      const cp = await joinSample(tool, "cp2", ["--control-plane", "--certificate-key", certKey]);
      samples.controlPlane[tool].push(cp);
      console.log(`round ${i + 1} ${tool} control plane cp2: ${JSON.stringify({ ...cp, marks: undefined })}`);
      await reset(tool, "cp2");
      await waitFor("cp2's etcd member removed", () => etcdVoting(1), 60_000, 1000);
    }
  }
} finally {
  cluster(["down"]);
  rmSync(tmp, { recursive: true, force: true });
}
const summary = {};
for (const [kind, byTool] of Object.entries(samples)) {
  summary[kind] = {};
  for (const [tool, xs] of Object.entries(byTool)) {
    summary[kind][tool] = { medianJoinS: median(xs.map((x) => x.joinS)), medianReadyS: median(xs.map((x) => x.readyS)) };
    if (kind === "controlPlane") summary[kind][tool].medianVotingS = median(xs.map((x) => x.votingS));
    const keys = [...new Set(xs.flatMap((x) => Object.keys(x.marks)))];
    summary[kind][tool].medianMarksS = Object.fromEntries(keys.map((k) => [k, +median(xs.map((x) => x.marks[k]).filter((v) => v !== undefined)).toFixed(2)]));
  }
}
console.log(JSON.stringify({ kubernetesVersion: version, rounds, load: loadavg().map((x) => +x.toFixed(2)), medians: summary, samples }, null, 2));
