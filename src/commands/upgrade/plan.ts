// `kubeadm upgrade plan [version]`: registered with upstream's texts and flags; not implemented yet.
import { handler, type CommandSpec } from "../../cli/command.js";
import { allowExperimentalUpgrades, allowMissingTemplateKeys, allowReleaseCandidateUpgrades, cfgPath, etcdUpgrade, ignorePreflightErrors, kubeconfig, output, printConfig, showManagedFields } from "../../cli/options.js";
import { NotImplementedError } from "../../util/errors.js";

export const planCommand: CommandSpec = {
  use: "plan [version] [flags]",
  short: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.",
  long: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable. This command can only run on the control plane nodes where the kubeconfig file \"admin.conf\" exists. To skip the internet check, pass in the optional [version] parameter.",
  flags: [allowExperimentalUpgrades, allowMissingTemplateKeys, allowReleaseCandidateUpgrades, cfgPath, etcdUpgrade, ignorePreflightErrors, kubeconfig, output, printConfig, showManagedFields],
  run: handler(async (ctx) => {
    throw new NotImplementedError(ctx.commandPath);
  }),
};
