/**
 * The phase runner: flattens a workflow's phases, selects them (filter for
 * `<cmd> phase <x>`, --skip-phases), checks dependencies and runs each phase,
 * wrapping failures as `error execution phase <name>: ...` like upstream.
 */
import { KubeadmError } from "../util/errors.js";
import type { Phase, PhaseContext, WorkflowContext, Workflow } from "./types.js";

export interface FlatPhase {
  readonly spec: Phase;
  readonly parent: FlatPhase | undefined;
  readonly level: number;
  /** Full name: the path joined with "/", e.g. "certs/ca". */
  readonly name: string;
  /** What the help table shows: the name, prefixed with "/" below the top level. */
  readonly use: string;
}

/** Upstream cleanName: lower-cased, cut at the first space. */
export function phaseWord(name: string): string {
  const lower = name.toLowerCase();
  const sp = lower.indexOf(" ");
  return sp >= 0 ? lower.slice(0, sp) : lower;
}

/** Depth-first, parent before children; top-level `all` markers dropped. */
export function flattenPhases(phases: Phase[]): FlatPhase[] {
  const out: FlatPhase[] = [];
  const add = (spec: Phase, parent: FlatPhase | undefined) => {
    const word = phaseWord(spec.name);
    const node: FlatPhase = {
      spec,
      parent,
      level: parent ? parent.level + 1 : 0,
      name: parent ? `${parent.name}/${word}` : word,
      use: parent ? `/${word}` : word,
    };
    out.push(node);
    for (const child of spec.phases ?? []) add(child, node);
  };
  for (const p of phases) if (!p.runAllSiblings) add(p, undefined);
  return out;
}

/** The phase list appended to the workflow command's Long text. */
export function phaseHelpTable(cmdUse: string, phases: Phase[]): string {
  const flat = flattenPhases(phases).filter((p) => !p.spec.hidden && !p.spec.runAllSiblings);
  const max = Math.max(0, ...flat.map((p) => p.use.length));
  let out = `The "${cmdUse}" command executes the following phases:\n\`\`\`\n`;
  for (const p of flat) {
    out += " ".repeat(2 * p.level) + p.use + " ".repeat(max - p.use.length + 2) + (p.spec.short ?? "") + "\n";
  }
  return out + "```";
}

/** Which phases run: everything, or only the filter and its descendants, minus skipped subtrees. */
export function computeRunFlags(flat: FlatPhase[], filter: string[], skip: string[]): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  const descendants = new Map<string, string[]>();
  for (const p of flat) {
    flags.set(p.name, true);
    descendants.set(p.name, []);
    for (let a = p.parent; a; a = a.parent) descendants.get(a.name)!.push(p.name);
  }
  if (filter.length > 0) {
    for (const k of flags.keys()) flags.set(k, false);
    for (const f of filter) {
      if (!flags.has(f)) throw new KubeadmError(`invalid phase name: ${f}`);
      flags.set(f, true);
      for (const c of descendants.get(f)!) flags.set(c, true);
    }
  }
  for (const s of skip) {
    if (!flags.has(s)) throw new KubeadmError(`invalid phase name: ${s}`);
    flags.set(s, false);
    for (const c of descendants.get(s)!) flags.set(c, false);
  }
  return flags;
}

/** Upstream's dependency pre-check; returns the error text or undefined. */
export function unresolvedDependencies(flat: FlatPhase[], runFlags: Map<string, boolean>): string | undefined {
  const missed = new Map<string, string[]>();
  const visited = new Set<string>();
  for (const p of flat) {
    if (!runFlags.get(p.name)) continue;
    for (const dep of p.spec.dependencies ?? []) {
      if (!visited.has(dep)) {
        const key = p.spec.name;
        missed.set(key, [...(missed.get(key) ?? []), dep]);
      }
    }
    visited.add(p.spec.name);
  }
  if (missed.size === 0) return undefined;
  let msg = "unresolved dependencies:";
  for (const [phase, deps] of missed) msg += `\n\tmissing [${deps.join(" ")}] phase(s) needed by "${phase}" phase`;
  return msg;
}

/** Full names of the phases that run, in order: filter and skip applied, dependencies checked. */
export function selectPhases(wf: Workflow, filter: readonly string[], skip: readonly string[]): FlatPhase[] {
  const flat = flattenPhases(wf.phases);
  const flags = computeRunFlags(flat, [...filter], [...skip]);
  const missing = unresolvedDependencies(flat, flags);
  if (missing) throw new KubeadmError(missing);
  return flat.filter((p) => flags.get(p.name));
}

/** Runs the selected phases of a workflow in order. `data` is initialised lazily by `getData`. */
export async function runPhases(wf: Workflow, ctx: WorkflowContext, getData: () => Promise<unknown>): Promise<void> {
  // Upstream order: select phases (invalid names fail here), check dependencies, then
  // initialise data unless the command did it first (init/join/reset/upgrade do; phase
  // sub-commands do not, so a config file's skipPhases does not apply to them).
  const selected = selectPhases(wf, ctx.workflow.filterPhases, ctx.workflow.skipPhases);
  const data = await getData();
  for (const p of selected) {
    const { run, runIf } = p.spec;
    if (!run && !runIf) continue;
    const phaseCtx: PhaseContext = { ...ctx, phaseName: p.name };
    if (runIf) {
      let ok: boolean;
      try {
        ok = await runIf.call(p.spec, data, phaseCtx);
      } catch (err) {
        throw wrapPhaseError(err, `error execution run condition for phase ${p.name}`);
      }
      if (!ok) continue;
    }
    if (run) {
      try {
        await run.call(p.spec, data, phaseCtx);
      } catch (err) {
        throw wrapPhaseError(err, `error execution phase ${p.name}`);
      }
    }
  }
}

function wrapPhaseError(err: unknown, context: string): KubeadmError {
  const msg = err instanceof Error ? err.message : String(err);
  const code = err instanceof KubeadmError ? err.exitCode : 1;
  return new KubeadmError(`${context}: ${msg}`, code, { cause: err });
}

/**
 * Whether the invoked command (the workflow itself when no phase is selected, else each selected
 * phase) has the flag `name`; `<cmd> phase x all` also counts the flags of its `all` marker.
 */
export function invokedCommandHasFlag(wf: Workflow, filterPhases: readonly string[], name: string): boolean {
  if (filterPhases.length === 0) return true;
  const flat = flattenPhases(wf.phases);
  return filterPhases.every((phase) => {
    const p = flat.find((f) => f.name === phase);
    if (!p) return true;
    const all = p.spec.phases?.find((c) => c.runAllSiblings);
    return (p.spec.inheritFlags ?? []).includes(name) || (all?.inheritFlags ?? []).includes(name);
  });
}
