// Startup cost of the CLI: median wall time of `bin/kubeadm version` (the launcher, as an
// operator runs it, in the caller's environment) vs `node -e 0`.
// Target: less than 50 ms above bare Node. Run after `npm run build`: node bench/startup.mjs [runs]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.argv[2] ?? 20);
const kubeadm = fileURLToPath(new URL("../bin/kubeadm", import.meta.url));

function median(cmd, args, env = process.env) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    times.push(Number(t1 - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// bare Node: without NODE_EXTRA_CA_CERTS, which the launcher keeps from Node's start as well
const bareEnv = { ...process.env };
delete bareEnv.NODE_EXTRA_CA_CERTS;
const base = median(process.execPath, ["-e", "0"], bareEnv);
const version = median(kubeadm, ["version"]);
const help = median(kubeadm, ["init", "--help"]);
const diff = version - base;
console.log(`node -e 0            ${base.toFixed(1)} ms (median of ${runs})`);
console.log(`kubeadm version      ${version.toFixed(1)} ms (+${diff.toFixed(1)} ms)`);
console.log(`kubeadm init --help  ${help.toFixed(1)} ms (+${(help - base).toFixed(1)} ms)`);
console.log(diff < 50 ? "OK: within 50 ms of node -e 0" : "SLOW: more than 50 ms above node -e 0");
process.exitCode = diff < 50 ? 0 : 1;
