#!/usr/bin/env node
// Time from `kubeadm init` start to a Ready node on the real-node lab, upstream kubeadm vs
// kubeadm-ts (the working tree, built by test/lab/scripts/build-ts.sh), alternating, N runs each (default 3), medians printed. Needs root and
// `npm run lab:build`; takes the lab's lock (/tmp/kubeadm-ts-lab.lock) so it never overlaps
// `npm run test:lab`. Each run: lab:down, lab:up, init, poll the Node's Ready condition every
// 250 ms, then upstream `kubeadm reset -f` (kubeadm-ts has no reset yet) and lab:down.
//
//   node bench/init-to-ready.mjs [--runs N] [--case a|b]
//     case a: test/lab/config/init.yaml; case b: init-ecdsa.yaml with --upload-certs
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const lab = join(repo, "test/lab");
const LOCK = "/tmp/kubeadm-ts-lab.lock";
if (!process.env.KUBEADM_TS_LAB_LOCKED) {
  const r = spawnSync("flock", [LOCK, process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, KUBEADM_TS_LAB_LOCKED: "1" },
  });
  process.exit(r.status ?? 1);
}

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

const versions = Object.fromEntries(
  readFileSync(join(lab, "versions.env"), "utf8")
    .split("\n")
    .map((l) => /^([A-Z_]+)=(.*)$/.exec(l.trim()))
    .filter(Boolean)
    .map((m) => [m[1], m[2].replace(/^"|"$/g, "")]),
);
const version = versions.KUBERNETES_VERSION;
const upstreamBin = join(process.env.KUBEADM_TS_CACHE ?? join(process.env.HOME ?? "/root", ".cache/kubeadm-ts"), "upstream", version, "bin");
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
  const init = run(tools[tool], ["init", "--config", cfg, ...labCase.initArgs]);
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
  return { initS, readyS };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const results = { upstream: [], "kubeadm-ts": [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const tool of ["upstream", "kubeadm-ts"]) {
      const r = await once(tool);
      results[tool].push(r);
      console.log(`${tool} run ${i + 1}: init ${r.initS.toFixed(2)} s, Ready ${r.readyS.toFixed(2)} s after init started`);
    }
  }
} finally {
  cleanUp();
}
const summary = Object.fromEntries(
  Object.entries(results).map(([tool, rs]) => [
    tool,
    { runs: rs.length, medianInitSeconds: +median(rs.map((r) => r.initS)).toFixed(2), medianInitToReadySeconds: +median(rs.map((r) => r.readyS)).toFixed(2), initToReadySeconds: rs.map((r) => +r.readyS.toFixed(2)) },
  ]),
);
console.log(JSON.stringify({ case: caseName, kubernetesVersion: version, load: (await import("node:os")).loadavg().map((x) => +x.toFixed(2)), ...summary }, null, 2));
