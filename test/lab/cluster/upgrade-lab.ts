// What the single-node upgrade lab test (upgrade.test.ts) uses: the lab's lifecycle
// under the lock (down, up with the given nodes, down at the end), and the phases they skip.
import { afterAll, beforeAll } from "vitest";
import { closeClusterSession, clusterUp, openClusterSession, type ClusterSession } from "./cluster.js";

export const TARGET = "v1.37.2";
export const KUBECTL = ["kubectl", "--kubeconfig=/etc/kubernetes/admin.conf"];
// cgroup v1 lab nodes fail SystemVerification (as their init does, lab README)
export const IGNORE = "--ignore-preflight-errors=SystemVerification";
/** Phases to skip on every `upgrade apply` of the tests (UPGRADE_TEST_SKIP_PHASES, comma-separated). */
export const SKIP_FLAGS = process.env.UPGRADE_TEST_SKIP_PHASES ? [`--skip-phases=${process.env.UPGRADE_TEST_SKIP_PHASES}`] : [];

/** Registers the hooks: the lab session (lock, `down` of leftovers), `lab:cluster up <upArgs>`, `down` after. */
export function useUpgradeLab(upArgs: string[]): void {
  let session: ClusterSession | undefined;
  beforeAll(async () => {
    session = openClusterSession("kts-upgrade-");
    clusterUp(session, upArgs);
  }, 70 * 60_000); // the lock may be held by another lab session for up to an hour
  afterAll(() => closeClusterSession(session), 10 * 60_000);
}
