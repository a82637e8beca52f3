/**
 * Creates the WorkflowContext a workflow command (or one of its phase
 * sub-commands) runs with: shared data initialised once, the phase selection,
 * and `run()` wired to the registries.
 */
import type { CommandContext } from "../cli/context.js";
import { NotImplementedError } from "../util/errors.js";
import { dataLoaders } from "./data-registry.js";
import { phaseLoaders } from "./phase-registry.js";
import { runPhases, type RunnerDeps } from "./runner.js";
import type { WorkflowContext, WorkflowDataModule, WorkflowSpec } from "./types.js";

export interface WorkflowLoaders extends RunnerDeps {
  loadData(id: string): Promise<WorkflowDataModule | undefined>;
}

export const registryLoaders: WorkflowLoaders = {
  loadData: async (id) => (dataLoaders[id] ? dataLoaders[id]!() : undefined),
  loadPhase: async (key) => (phaseLoaders[key] ? phaseLoaders[key]!() : undefined),
};

export function createWorkflowContext(
  base: CommandContext,
  wf: WorkflowSpec,
  selection: { filter: string[]; skip: string[] },
  loaders: WorkflowLoaders = registryLoaders,
): WorkflowContext {
  let dataPromise: Promise<unknown> | undefined;
  const ctx: WorkflowContext = {
    ...base,
    workflow: {
      id: wf.id,
      skipPhases: [...selection.skip],
      filterPhases: [...selection.filter],
      initData(): Promise<unknown> {
        dataPromise ??= (async () => {
          const mod = await loaders.loadData(wf.id);
          if (!mod) throw new NotImplementedError(base.commandPath);
          return mod.initData(ctx);
        })();
        return dataPromise;
      },
      run(): Promise<void> {
        return runPhases(wf, ctx, () => ctx.workflow.initData(), loaders);
      },
    },
  };
  return ctx;
}
