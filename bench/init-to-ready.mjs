#!/usr/bin/env node
// Time from `kubeadm init` start to a Ready node on the real-node lab, upstream kubeadm vs
// kubeadm-ts (the working tree, built by test/lab/scripts/build-ts.sh), alternating, N runs each (default 3), medians printed. Needs root and
// `npm run lab:build`; takes the lab's lock (/tmp/kubeadm-ts-lab.lock) so it never overlaps
// `npm run test:lab`. Each run: lab:down, lab:up, init, poll the Node's Ready condition every
// 250 ms, then upstream `kubeadm reset -f` (kubeadm-ts has no reset yet) and lab:down.
//
//   node bench/init-to-ready.mjs [--runs N] [--case a|b] [--lines FILE] [--only upstream|kubeadm-ts]
//     case a: test/lab/config/init.yaml; case b: init-ecdsa.yaml with --upload-certs
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, repo, underLabLock, upstreamBin, version } from "./lab-common.mjs";

underLabLock(import.meta.url);
const lab = join(repo, "test/lab");

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const runs = Number(arg("--runs", "3"));
const caseName = arg("--case", "a");
const CASES = {
  a: { config: "init.yaml", initArgs: [], nodePodCidr: "10.244.0.0/24" },
  b: { config: "init-ecdsa.yaml", initArgs: ["--upload-certs"], nodePodCidr: "10.32.0.0/24" },
};
const labCase = CASES[caseName];
if (!labCase) throw new Error(`--case: a or b, not ${caseName}`);

const LAB_RUN = "/run/kubeadm-ts-lab";
const ADMIN = "/etc/kubernetes/admin.conf";
const env = { ...process.env, PATH: `${LAB_RUN}/bin:${upstreamBin}:${process.env.PATH}`, KUBECONFIG: ADMIN, LAB_NODE_POD_CIDR: labCase.nodePodCidr };
const run = (cmd, args, timeout = 600_000) => spawnSync(cmd, args, { env, encoding: "utf8", timeout, maxBuffer: 1 << 26 });
const must = (what, r) => {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr?.slice(-2000)}`);
  return r;
};
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// kubeadm-ts: the working tree built into a private copy (the shared dist/ may be rebuilt meanwhile)
const tsBin = must("build-ts.sh", spawnSync("bash", [join(lab, "scripts/build-ts.sh")], { encoding: "utf8" })).stdout.trim();
const tools = { upstream: join(upstreamBin, "kubeadm"), "kubeadm-ts": tsBin };

function cleanUp() {
  if (existsSync(ADMIN)) run(tools.upstream, ["reset", "-f"]);
  run("bash", [join(lab, "scripts/lab-down.sh")]);
}

async function once(tool) {
  cleanUp();
  must("lab:up", run("bash", [join(lab, "scripts/lab-up.sh")]));
  const cfg = `${LAB_RUN}/init.yaml`;
  writeFileSync(cfg, readFileSync(join(lab, "config", labCase.config), "utf8").replaceAll("${KUBERNETES_VERSION}", version));
  const t0 = performance.now();
  const init = await timedRun(tools[tool], ["init", "--config", cfg, ...labCase.initArgs], t0);
  const initS = (performance.now() - t0) / 1000;
  if (init.status !== 0) throw new Error(`${tool} init failed: ${init.stdout.slice(-2000)}${init.stderr.slice(-2000)}`);
  for (;;) {
    const r = run(join(upstreamBin, "kubectl"), ["get", "nodes", "-o", 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'], 30_000);
    if (r.stdout.trim() === "True") break;
    if (performance.now() - t0 > 300_000) throw new Error(`${tool}: node not Ready after 300 s`);
    await sleep(250);
  }
  const readyS = (performance.now() - t0) / 1000;
  cleanUp();
  return { initS, readyS, marks: phaseMarks(init.lines), lines: init.lines };
}

// init with each output line stamped (seconds since t0), so the runs can be compared phase by phase
function timedRun(file, args, t0) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const lines = [];
    let stdout = "";
    let stderr = "";
    const collect = (stream, append) => {
      let partial = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        append(chunk);
        const at = (performance.now() - t0) / 1000;
        const parts = (partial + chunk).split("\n");
        partial = parts.pop();
        for (const line of parts) lines.push([at, line]);
      });
    };
    collect(child.stdout, (c) => (stdout += c));
    collect(child.stderr, (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 600_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, lines });
    });
  });
}

// when each "[phase]" tag first printed, and the first line of the waits that matter
function phaseMarks(lines) {
  const marks = {};
  for (const [at, line] of lines) {
    const m = /^\[([a-z-]+)\]/.exec(line);
    if (m && !(m[1] in marks)) marks[m[1]] = at;
    if (/is healthy after|kubelet is healthy/.test(line)) marks[line.slice(0, 60)] ??= at;
  }
  return marks;
}

const results = { upstream: [], "kubeadm-ts": [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const tool of arg("--only", "") ? [arg("--only", "")] : ["upstream", "kubeadm-ts"]) {
      const r = await once(tool);
      results[tool].push(r);
      console.log(`${tool} run ${i + 1}: init ${r.initS.toFixed(2)} s, Ready ${r.readyS.toFixed(2)} s after init started`);
    }
  }
} finally {
  cleanUp();
}
// the phase timeline: median first-print time of each tag, both tools side by side
const tags = [...new Set(Object.values(results).flatMap((rs) => rs.flatMap((r) => Object.keys(r.marks))))];
const at = (tool, tag) => {
  const xs = results[tool].map((r) => r.marks[tag]).filter((x) => x !== undefined);
  return xs.length ? median(xs).toFixed(2).padStart(7) : "      -";
};
console.log(`${"first line".padEnd(62)} upstream  kubeadm-ts (s after start, medians)`);
for (const tag of tags.sort((a, b) => (results.upstream[0]?.marks[a] ?? 1e9) - (results.upstream[0]?.marks[b] ?? 1e9)))
  console.log(`${tag.padEnd(62)} ${at("upstream", tag)}  ${at("kubeadm-ts", tag)}`);
// every line of every run with its time, for a closer look (--lines FILE)
const linesFile = arg("--lines", "");
if (linesFile) writeFileSync(linesFile, JSON.stringify(Object.fromEntries(Object.entries(results).map(([t, rs]) => [t, rs.map((r) => r.lines)])), null, 1));
const summary = Object.fromEntries(
  Object.entries(results).map(([tool, rs]) => [
    tool,
    { runs: rs.length, medianInitSeconds: +median(rs.map((r) => r.initS)).toFixed(2), medianInitToReadySeconds: +median(rs.map((r) => r.readyS)).toFixed(2), initToReadySeconds: rs.map((r) => +r.readyS.toFixed(2)) },
  ]),
);
console.log(JSON.stringify({ case: caseName, kubernetesVersion: version, load: (await import("node:os")).loadavg().map((x) => +x.toFixed(2)), ...summary }, null, 2));
