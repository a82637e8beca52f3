/** `kubeadm init`: resolve the shared data, say which version it sets up, then run the phases. */
import type { CommandContext } from "../cli/context.js";
import type { WorkflowContext } from "../workflow/types.js";
import type { InitData } from "../phases/init/data.js";

export async function run(ctx: CommandContext): Promise<void> {
  const wf = ctx as WorkflowContext;
  const data = (await wf.workflow.initData()) as InitData;
  data.out.write(`[init] Using Kubernetes version: ${data.cfg.clusterConfiguration.kubernetesVersion}\n`);
  await wf.workflow.run();
}
