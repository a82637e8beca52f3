/** upgrade apply phase preflight: not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../../workflow/types.js";
import { notImplementedYet } from "../../../workflow/runner.js";

export const preflightPhase: Phase = {
  name: "preflight",
  short: "Run preflight checks before upgrade",
  inheritFlags: ["allow-experimental-upgrades", "allow-release-candidate-upgrades", "config", "dry-run", "force", "ignore-preflight-errors", "kubeconfig", "yes"],
  run: notImplementedYet("upgrade-apply/preflight"),
};
