// `kubeadm upgrade apply [version]`: upgrades the cluster by running the upgrade-apply workflow's
// phases (src/phases/upgrade/apply/).
import type { CommandSpec } from "../../cli/command.js";
import { allowExperimentalUpgrades, allowReleaseCandidateUpgrades, certificateRenewal, cfgPath, dryRunUpgrade, etcdUpgrade, forceUpgrade, ignorePreflightErrors, kubeconfig, patches, printConfig, yes } from "../../cli/options.js";
import { workflowCommand } from "../../workflow/bind.js";
import { upgradeApplyWorkflow } from "../../phases/upgrade/apply/index.js";
import type { UpgradeData } from "../../phases/upgrade/data.js";
import type { WorkflowContext } from "../../workflow/types.js";

/**
 * Runs an upgrade workflow (apply or node) whole and closes its client; a dry run ends with
 * upstream's "Finished dryrunning" line.
 */
export async function runUpgradeWorkflow(ctx: WorkflowContext): Promise<UpgradeData> {
  // upstream checks --config against the other flags in the command's RunE only: `upgrade apply
  // phase …` and `upgrade node phase …` accept them together
  const { validateMixedArguments } = await import("../../config/flags.js");
  validateMixedArguments(ctx.changedFlags());
  const data = (await ctx.workflow.initData()) as UpgradeData;
  try {
    await ctx.workflow.run();
  } finally {
    data.close();
  }
  if (data.dryRun) data.out.write("[upgrade/successful] Finished dryrunning successfully!\n");
  return data;
}

export const applyCommand: CommandSpec = workflowCommand(
  {
    use: "apply [version]",
    short: "Upgrade your Kubernetes cluster to the specified version",
    long: "Upgrade your Kubernetes cluster to the specified version",
    disableFlagsInUseLine: true,
    flags: [allowExperimentalUpgrades, allowReleaseCandidateUpgrades, certificateRenewal, cfgPath, dryRunUpgrade, etcdUpgrade, forceUpgrade, ignorePreflightErrors, kubeconfig, patches, printConfig, yes],
  },
  upgradeApplyWorkflow,
  async (ctx) => {
    const data = await runUpgradeWorkflow(ctx);
    if (data.dryRun) return;
    const version = (await data.initCfg()).clusterConfiguration.kubernetesVersion;
    data.out.write(`\n[upgrade] SUCCESS! A control plane node of your cluster was upgraded to ${JSON.stringify(version)}.\n\n`);
    data.out.write("[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.\n");
  },
);
