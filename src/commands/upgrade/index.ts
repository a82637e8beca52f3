// `kubeadm upgrade`: the upgrade commands, one module each in this folder.
import type { CommandSpec } from "../../cli/command.js";
import { applyCommand } from "./apply.js";
import { diffCommand } from "./diff.js";
import { nodeCommand } from "./node.js";
import { planCommand } from "./plan.js";

export const upgradeCommand: CommandSpec = {
  use: "upgrade",
  short: "Upgrade your cluster smoothly to a newer version with this command",
  run: { kind: "requireSubcommand" },
  commands: [applyCommand, diffCommand, nodeCommand, planCommand],
};
