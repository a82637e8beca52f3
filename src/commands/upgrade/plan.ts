// `kubeadm upgrade plan [version]`: the versions the cluster can be upgraded to, as upstream's
// tables or as an UpgradePlan output object (-o json|yaml|...). Never changes anything.
import { handler, type CommandSpec } from "../../cli/command.js";
import { flagBool, flagString, flagStrings } from "../../cli/context.js";
import { allowExperimentalUpgrades, allowMissingTemplateKeys, allowReleaseCandidateUpgrades, cfgPath, etcdUpgrade, ignorePreflightErrors, kubeconfig, output, printConfig, showManagedFields } from "../../cli/options.js";

export const planCommand: CommandSpec = {
  use: "plan [version] [flags]",
  short: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.",
  long: "Check which versions are available to upgrade to and validate whether your current cluster is upgradeable. This command can only run on the control plane nodes where the kubeconfig file \"admin.conf\" exists. To skip the internet check, pass in the optional [version] parameter.",
  flags: [allowExperimentalUpgrades, allowMissingTemplateKeys, allowReleaseCandidateUpgrades, cfgPath, etcdUpgrade, ignorePreflightErrors, kubeconfig, output, printConfig, showManagedFields],
  run: handler(async (ctx) => {
    const { runPlan } = await import("../../upgrade/run-plan.js");
    await runPlan({
      args: ctx.args,
      output: flagString(ctx, "output") || "text",
      allowMissingTemplateKeys: ctx.flags["allow-missing-template-keys"] !== false,
      changedFlags: ctx.changedFlags(),
      changed: (n) => ctx.changed(n),
      cfgPath: flagString(ctx, "config"),
      kubeConfigPath: flagString(ctx, "kubeconfig"),
      ignorePreflightErrors: flagStrings(ctx, "ignore-preflight-errors"),
      printConfig: flagBool(ctx, "print-config"),
      allowExperimentalUpgrades: flagBool(ctx, "allow-experimental-upgrades"),
      allowRCUpgrades: flagBool(ctx, "allow-release-candidate-upgrades"),
      etcdUpgrade: ctx.flags["etcd-upgrade"] !== false,
      verbosity: Number(ctx.flags["v"] ?? 0) || 0,
      stdout: ctx.stdout,
      stderr: ctx.stderr,
    });
  }),
};
