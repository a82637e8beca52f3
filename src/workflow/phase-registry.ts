/**
 * Where phase implementations are found. Key: "<workflow id>/<full phase name>"
 * (workflow ids: init, join, reset, upgrade-apply, upgrade-node; phase names as
 * `--skip-phases` spells them, e.g. "certs/ca", "control-plane-prepare/download-certs").
 *
 * To register an implementation, add ONE line, kept sorted:
 *   "init/certs/ca": () => import("../phases/init/certs-ca.js"),
 * The module exports `run(data, ctx)` and optionally `runIf(data, ctx)` (see PhaseModule
 * in types.ts). A phase marked `run: true` in its table without an entry here fails with
 * "... not implemented yet in kubeadm-ts" when it is reached: nothing pretends to succeed.
 */
import type { PhaseModule } from "./types.js";

export type PhaseLoader = () => Promise<PhaseModule>;

export const phaseLoaders: Readonly<Record<string, PhaseLoader>> = {
};
