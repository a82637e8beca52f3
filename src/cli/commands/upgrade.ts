// The `kubeadm upgrade` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { allowExperimentalUpgrades, allowMissingTemplateKeys, allowReleaseCandidateUpgrades, certificateRenewal, cfgPath, contextLines, dryRunReset, dryRunUpgrade, etcdUpgrade, forceUpgrade, ignorePreflightErrors, kubeconfig, output, patches, printConfig, showManagedFields, yes } from "../options.js";
import { upgradeApplyWorkflow } from "../../workflow/tables/upgrade-apply.js";
import { upgradeNodeWorkflow } from "../../workflow/tables/upgrade-node.js";

export const upgradeCommand: CommandSpec = {
  use: "upgrade",
  short: "Upgrade your cluster smoothly to a newer version with this command",
  run: { kind: "requireSubcommand" },
  commands: [
    {
      use: "apply [version]",
      short: "Upgrade your Kubernetes cluster to the specified version",
      long: "Upgrade your Kubernetes cluster to the specified version",
      disableFlagsInUseLine: true,
      flags: [allowExperimentalUpgrades, allowReleaseCandidateUpgrades, certificateRenewal, cfgPath, dryRunUpgrade, etcdUpgrade, forceUpgrade, ignorePreflightErrors, kubeconfig, patches, printConfig, yes],
      run: { kind: "handler" },
      workflow: upgradeApplyWorkflow,
    },
    {
      use: "diff [version]",
      short: "Show what differences would be applied to existing static pod manifests. See also: kubeadm upgrade apply --dry-run",
      flags: [cfgPath, contextLines, kubeconfig],
      run: { kind: "handler" },
    },
    {
      use: "node",
      short: "Upgrade commands for a node in the cluster",
      long: "Upgrade commands for a node in the cluster",
      flags: [certificateRenewal, cfgPath, dryRunReset, etcdUpgrade, ignorePreflightErrors, kubeconfig, patches],
      args: { kind: "none" },
      run: { kind: "handler" },
      workflow: upgradeNodeWorkflow,
    },
    {
      use: "plan [version] [flags]",
      short: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.",
      long: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable. This command can only run on the control plane nodes where the kubeconfig file \"admin.conf\" exists. To skip the internet check, pass in the optional [version] parameter.",
      flags: [allowExperimentalUpgrades, allowMissingTemplateKeys, allowReleaseCandidateUpgrades, cfgPath, etcdUpgrade, ignorePreflightErrors, kubeconfig, output, printConfig, showManagedFields],
      run: { kind: "handler" },
    },
  ],
};
