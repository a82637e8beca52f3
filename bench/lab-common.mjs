// What the lab benches share: running under the lab lock, the pinned versions and the upstream
// binaries' folder, medians.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
export const LAB_LOCK = "/tmp/kubeadm-ts-lab.lock";

/** Runs the calling script again under flock(1) on the lab lock, once, and exits with its status. */
export function underLabLock(scriptUrl) {
  if (process.env.KUBEADM_TS_LAB_LOCKED) return;
  const r = spawnSync("flock", [LAB_LOCK, process.execPath, fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, KUBEADM_TS_LAB_LOCKED: "1" },
  });
  process.exit(r.status ?? 1);
}

/** test/lab/versions.env as an object. */
export const versions = Object.fromEntries(
  readFileSync(join(repo, "test/lab/versions.env"), "utf8")
    .split("\n")
    .map((l) => /^([A-Z_]+)=(.*)$/.exec(l.trim()))
    .filter(Boolean)
    .map((m) => [m[1], m[2].replace(/^"|"$/g, "")]),
);
export const version = versions.KUBERNETES_VERSION;
/** The pinned upstream binaries the lab built. */
export const upstreamBin = join(process.env.KUBEADM_TS_CACHE ?? join(process.env.HOME ?? "/root", ".cache/kubeadm-ts"), "upstream", version, "bin");

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
