/** `kubeadm config print join-defaults`. */
import type { CommandContext } from "../cli/context.js";
import { printJoinDefaults } from "../config/print-defaults.js";

export async function run(ctx: CommandContext): Promise<void> {
  ctx.stdout.write(await printJoinDefaults());
}
