// `kubeadm upgrade apply [version]`: upgrades the cluster by running the upgrade-apply workflow's
// phases (src/phases/upgrade/apply/).
import type { CommandSpec } from "../../cli/command.js";
import { allowExperimentalUpgrades, allowReleaseCandidateUpgrades, certificateRenewal, cfgPath, dryRunUpgrade, etcdUpgrade, forceUpgrade, ignorePreflightErrors, kubeconfig, patches, printConfig, yes } from "../../cli/options.js";
import { workflowCommand } from "../../workflow/bind.js";
import { upgradeApplyWorkflow } from "../../phases/upgrade/apply/index.js";

export const applyCommand: CommandSpec = workflowCommand(
  {
    use: "apply [version]",
    short: "Upgrade your Kubernetes cluster to the specified version",
    long: "Upgrade your Kubernetes cluster to the specified version",
    disableFlagsInUseLine: true,
    flags: [allowExperimentalUpgrades, allowReleaseCandidateUpgrades, certificateRenewal, cfgPath, dryRunUpgrade, etcdUpgrade, forceUpgrade, ignorePreflightErrors, kubeconfig, patches, printConfig, yes],
  },
  upgradeApplyWorkflow,
);
