// What the single-node upgrade lab test (upgrade.test.ts) uses: the lab's lifecycle
// under the lock (down, up with the given nodes, down at the end), and the phases they skip.
import { afterAll, beforeAll } from "vitest";
import { cluster, takeLock } from "./cluster.js";

export const TARGET = "v1.37.2";
export const KUBECTL = ["kubectl", "--kubeconfig=/etc/kubernetes/admin.conf"];
// cgroup v1 lab nodes fail SystemVerification (as their init does, lab README)
export const IGNORE = "--ignore-preflight-errors=SystemVerification";
/** Phases to skip on every `upgrade apply` of the tests (UPGRADE_TEST_SKIP_PHASES, comma-separated). */
export const SKIP_FLAGS = process.env.UPGRADE_TEST_SKIP_PHASES ? [`--skip-phases=${process.env.UPGRADE_TEST_SKIP_PHASES}`] : [];

/** Registers the hooks: the lock, `lab:cluster up <upArgs>` before the tests, `down` after. */
export function useUpgradeLab(upArgs: string[]): void {
  let release: (() => void) | undefined;
  let upDone = false;
  beforeAll(async () => {
    if (!(typeof process.getuid === "function" && process.getuid() === 0)) throw new Error("the upgrade lab tests need root");
    const t0 = Date.now();
    release = takeLock("/tmp/kubeadm-ts-lab.lock", 3600);
    const t1 = Date.now();
    const d = cluster(["down"]);
    if (d.code !== 0) throw new Error(`lab:cluster down: ${d.stderr}`);
    const up = cluster(["up", ...upArgs]);
    if (up.code !== 0) throw new Error(`lab:cluster up: ${up.stdout}\n${up.stderr}`);
    upDone = true;
    // the file's own time is vitest's duration less the wait for the lock
    console.log(`lab: waited ${t1 - t0} ms for the lock, down + up ${Date.now() - t1} ms`);
  }, 70 * 60_000); // the lock may be held by another lab session for up to an hour
  afterAll(async () => {
    try {
      if (upDone) {
        const t0 = Date.now();
        cluster(["down"]);
        console.log(`lab: down ${Date.now() - t0} ms`);
      }
    } finally {
      release?.();
    }
  }, 10 * 60_000);
}
