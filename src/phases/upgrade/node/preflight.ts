/** upgrade node phase preflight: not implemented yet in kubeadm-ts (help and flags are upstream's). */
import type { Phase } from "../../../workflow/types.js";
import { notImplementedYet } from "../../../workflow/runner.js";

export const preflightPhase: Phase = {
  name: "preflight",
  short: "Run upgrade node pre-flight checks",
  long: "Run pre-flight checks for kubeadm upgrade node.",
  inheritFlags: ["config", "ignore-preflight-errors"],
  run: notImplementedYet("upgrade-node/preflight"),
};
