// The packaged executable against bin/kubeadm and upstream's binary: size, and start-up as the
// median wall time of `kubeadm version` (11 runs by default), in the caller's environment and
// without NODE_EXTRA_CA_CERTS (which Node reads at every start of the single executable; the
// bin/kubeadm launcher moves it aside). Also the .deb and npm tarball sizes when they exist.
// Run after `npm run package` (and `npm run lab:build` for upstream's binary):
//   node bench/package.mjs [runs]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runs = Number(process.argv[2] ?? 11);
const repo = fileURLToPath(new URL("..", import.meta.url));
const versions = Object.fromEntries(readFileSync(join(repo, "test/lab/versions.env"), "utf8").split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split("=")));
const cache = process.env.KUBEADM_TS_CACHE ?? join(homedir(), ".cache/kubeadm-ts");
const tools = [
  ["bin/kubeadm (Node launcher)", join(repo, "bin/kubeadm")],
  ["dist/kubeadm (single executable)", join(repo, "dist/kubeadm")],
  [`upstream kubeadm ${versions.KUBERNETES_VERSION}`, join(cache, "upstream", versions.KUBERNETES_VERSION, "bin/kubeadm")],
];

/** Median wall time (ms) of each command; the commands take turns, so a busy machine slows all alike. */
function medians(cmds) {
  const times = cmds.map(() => []);
  for (let i = 0; i < runs; i++)
    cmds.forEach(([cmd, args, env], k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env });
      const t1 = process.hrtime.bigint();
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
      times[k].push(Number(t1 - t0) / 1e6);
    });
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
}
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const clean = { ...process.env };
delete clean.NODE_EXTRA_CA_CERTS;

console.log(`kubeadm version, median of ${runs} (ms)      caller's env  no NODE_EXTRA_CA_CERTS  size`);
const present = tools.filter(([name, bin]) => existsSync(bin) || console.log(`${name.padEnd(40)} missing (${bin})`));
const all = medians(present.flatMap(([, bin]) => [[bin, ["version"], process.env], [bin, ["version"], clean]]));
present.forEach(([name, bin], i) => {
  const size = name.startsWith("bin/") ? "(needs Node.js + dist/)" : mib(statSync(bin).size);
  console.log(`${name.padEnd(40)} ${all[2 * i].toFixed(1).padStart(8)}  ${all[2 * i + 1].toFixed(1).padStart(12)}            ${size}`);
});
for (const f of readdirSync(join(repo, "dist")).filter((f) => f.endsWith(".deb"))) console.log(`${f}: ${mib(statSync(join(repo, "dist", f)).size)}`);
