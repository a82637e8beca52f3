/**
 * Creates the WorkflowContext a workflow command (or one of its phase sub-commands) runs
 * with: the shared data initialised once by the workflow's initData, the phase selection,
 * and `run()`.
 */
import type { CommandContext } from "../cli/context.js";
import { invokedCommandHasFlag, runPhases, selectPhases } from "./runner.js";
import type { Workflow, WorkflowContext } from "./types.js";

export function createWorkflowContext(
  base: CommandContext,
  wf: Workflow,
  selection: { filter: string[]; skip: string[] },
): WorkflowContext {
  let dataPromise: Promise<unknown> | undefined;
  const ctx: WorkflowContext = {
    ...base,
    workflow: {
      id: wf.id,
      skipPhases: [...selection.skip],
      filterPhases: [...selection.filter],
      selectedPhases: () => selectPhases(wf, ctx.workflow.filterPhases, ctx.workflow.skipPhases).map((p) => p.name),
      invokedCommandHasFlag: (name) => invokedCommandHasFlag(wf, selection.filter, name),
      initData(): Promise<unknown> {
        dataPromise ??= wf.initData(ctx);
        return dataPromise;
      },
      run(): Promise<void> {
        return runPhases(wf, ctx, () => ctx.workflow.initData());
      },
    },
  };
  return ctx;
}
