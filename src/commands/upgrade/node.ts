// `kubeadm upgrade node`: upgrades this node by running the upgrade-node workflow's phases
// (src/phases/upgrade/node/).
import type { CommandSpec } from "../../cli/command.js";
import { certificateRenewal, cfgPath, dryRunReset, etcdUpgrade, ignorePreflightErrors, kubeconfig, patches } from "../../cli/options.js";
import { workflowCommand } from "../../workflow/bind.js";
import { upgradeNodeWorkflow } from "../../phases/upgrade/node/index.js";
import { runUpgradeWorkflow } from "./apply.js";

export const nodeCommand: CommandSpec = workflowCommand(
  {
    use: "node",
    short: "Upgrade commands for a node in the cluster",
    long: "Upgrade commands for a node in the cluster",
    flags: [certificateRenewal, cfgPath, dryRunReset, etcdUpgrade, ignorePreflightErrors, kubeconfig, patches],
    args: { kind: "none" },
  },
  upgradeNodeWorkflow,
  async (ctx) => {
    await runUpgradeWorkflow(ctx);
  },
);
