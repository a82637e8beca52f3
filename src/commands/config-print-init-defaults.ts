/** `kubeadm config print init-defaults [--component-configs ...]`. */
import type { CommandContext } from "../cli/context.js";
import { printInitDefaults } from "../config/print-defaults.js";
import { flagStrings } from "./config-context.js";

export async function run(ctx: CommandContext): Promise<void> {
  ctx.stdout.write(printInitDefaults(flagStrings(ctx, "component-configs")));
}
