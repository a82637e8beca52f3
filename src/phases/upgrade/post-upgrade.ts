/** upgrade apply/node phase post-upgrade: upgrades post-upgrade tasks. Shared by both workflows; not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../workflow/types.js";
import { notImplementedYet } from "../../workflow/runner.js";

export function postUpgradePhase(workflow: "upgrade-apply" | "upgrade-node"): Phase {
  return {
    name: "post-upgrade",
    short: "Run post upgrade tasks",
    inheritFlags: ["config", "dry-run", "kubeconfig"],
    run: notImplementedYet(`${workflow}/post-upgrade`),
  };
}
