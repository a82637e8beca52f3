/** `kubeadm config print upgrade-defaults`. */
import type { CommandContext } from "../cli/context.js";
import { printUpgradeDefaults } from "../config/print-defaults.js";

export async function run(ctx: CommandContext): Promise<void> {
  ctx.stdout.write(printUpgradeDefaults());
}
