/** `kubeadm config print reset-defaults`. */
import type { CommandContext } from "../cli/context.js";
import { printResetDefaults } from "../config/print-defaults.js";

export async function run(ctx: CommandContext): Promise<void> {
  ctx.stdout.write(await printResetDefaults());
}
