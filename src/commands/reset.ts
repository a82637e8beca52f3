/** `kubeadm reset`: the phases, then the notice about what reset leaves behind (not for `reset phase`). */
import type { CommandContext } from "../cli/context.js";
import type { WorkflowContext } from "../workflow/types.js";
import type { ResetData } from "../phases/reset/data.js";

export const RESET_NOTICE = [
  "",
  "The reset process does not perform cleanup of CNI plugin configuration,",
  "network filtering rules and kubeconfig files.",
  "",
  "For information on how to perform this cleanup manually, please see:",
  "    https://k8s.io/docs/reference/setup-tools/kubeadm/kubeadm-reset/",
  "",
  "",
].join("\n");

export async function run(ctx: CommandContext): Promise<void> {
  const wf = ctx as WorkflowContext;
  const data = (await wf.workflow.initData()) as ResetData;
  try {
    await wf.workflow.run();
  } finally {
    data.client?.close();
  }
  ctx.stdout.write(RESET_NOTICE);
}
