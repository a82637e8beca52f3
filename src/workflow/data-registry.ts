/**
 * Where each workflow's data initializer is found (upstream SetDataInitializer).
 * Key: the workflow id (init, join, reset, upgrade-apply, upgrade-node).
 *
 * To register one, add ONE line, kept sorted:
 *   "init": () => import("../phases/init/data.js"),
 * The module exports `initData(ctx: WorkflowContext)` (see WorkflowDataModule in
 * types.ts). It runs once per invocation, before the first phase; it may read and
 * replace `ctx.workflow.skipPhases`. Without an entry the workflow fails with
 * "... not implemented yet in kubeadm-ts".
 */
import type { WorkflowDataModule } from "./types.js";

export type DataLoader = () => Promise<WorkflowDataModule>;

export const dataLoaders: Readonly<Record<string, DataLoader>> = {
  init: () => import("../phases/init/data.js"),
  join: () => import("../phases/join/data.js"),
  reset: () => import("../phases/reset/data.js"),
};
