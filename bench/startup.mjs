// Startup cost of the CLI: median wall time of `bin/kubeadm version` vs `node -e 0`.
// Target: less than 50 ms above bare Node. Run after `npm run build`: node bench/startup.mjs [runs]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.argv[2] ?? 20);
const kubeadm = fileURLToPath(new URL("../bin/kubeadm", import.meta.url));

function median(cmd, args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    times.push(Number(t1 - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const base = median(process.execPath, ["-e", "0"]);
const version = median(process.execPath, [kubeadm, "version"]);
const help = median(process.execPath, [kubeadm, "init", "--help"]);
const diff = version - base;
console.log(`node -e 0            ${base.toFixed(1)} ms (median of ${runs})`);
console.log(`kubeadm version      ${version.toFixed(1)} ms (+${diff.toFixed(1)} ms)`);
console.log(`kubeadm init --help  ${help.toFixed(1)} ms (+${(help - base).toFixed(1)} ms)`);
console.log(diff < 50 ? "OK: within 50 ms of node -e 0" : "SLOW: more than 50 ms above node -e 0");
process.exitCode = diff < 50 ? 0 : 1;
