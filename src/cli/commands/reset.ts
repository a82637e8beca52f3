// The `kubeadm reset` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { certDirReset, cfgPath, cleanupTmpDir, criSocket, dryRun, forceReset, ignorePreflightErrors, kubeconfig } from "../options.js";
import { resetWorkflow } from "../../workflow/tables/reset.js";

export const resetCommand: CommandSpec = {
  use: "reset",
  short: "Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
  long: "Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
  flags: [certDirReset, cleanupTmpDir, cfgPath, criSocket, dryRun, forceReset, ignorePreflightErrors, kubeconfig],
  run: { kind: "handler" },
  workflow: resetWorkflow,
};
