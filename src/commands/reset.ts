// `kubeadm reset`: reverts what init or join did to this host by running the reset workflow's
// phases (src/phases/reset/), then prints what reset leaves behind (not for `reset phase`).
import type { CommandSpec } from "../cli/command.js";
import { certDirReset, cfgPath, cleanupTmpDir, criSocket, dryRun, forceReset, ignorePreflightErrors, kubeconfig } from "../cli/options.js";
import { workflowCommand } from "../workflow/bind.js";
import { resetWorkflow } from "../phases/reset/index.js";
import type { ResetData } from "../phases/reset/data.js";

export const RESET_NOTICE = [
  "",
  "The reset process does not perform cleanup of CNI plugin configuration,",
  "network filtering rules and kubeconfig files.",
  "",
  "For information on how to perform this cleanup manually, please see:",
  "    https://k8s.io/docs/reference/setup-tools/kubeadm/kubeadm-reset/",
  "",
  "",
].join("\n");

export const resetCommand: CommandSpec = workflowCommand(
  {
    use: "reset",
    short: "Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
    long: "Performs a best effort revert of changes made to this host by 'kubeadm init' or 'kubeadm join'",
    flags: [certDirReset, cleanupTmpDir, cfgPath, criSocket, dryRun, forceReset, ignorePreflightErrors, kubeconfig],
  },
  resetWorkflow,
  async (ctx) => {
    const data = (await ctx.workflow.initData()) as ResetData;
    try {
      await ctx.workflow.run();
    } finally {
      data.client?.close();
    }
    ctx.stdout.write(RESET_NOTICE);
  },
);
