/**
 * Binds a phase workflow to its command, as upstream's BindToCommand does: the
 * phase table appended to the Long text, a `phase` sub-command tree (one command
 * per visible phase, carrying only the flags the phase inherits), and --skip-phases.
 */
import type { Command, CommandSpec, Invocation } from "../cli/command.js";
import { stringsFlag, type FlagDef } from "../cli/flag.js";
import type { WorkflowSpec } from "./types.js";
import { flattenPhases, phaseHelpTable } from "./runner.js";

/** kubeadm's error for a parent that needs a sub-command (printed after its help). */
export const SUBCOMMAND_REQUIRED = "\nerror: subcommand is required";

/** How a phase sub-command runs the workflow; supplied by the CLI (run.ts). */
export type PhaseInvoker = (inv: Invocation, wf: WorkflowSpec, workflowCommand: Command, filter: string) => Promise<void>;
/** How a parent phase prints its help and fails; supplied by the CLI (run.ts). */
export type HelpAndFail = (inv: Invocation) => Promise<void>;

export function bindWorkflow(cmd: Command, wf: WorkflowSpec, invokePhase: PhaseInvoker, helpAndFail: HelpAndFail): void {
  const source = new Map<string, FlagDef>();
  for (const d of cmd.flagDefs) source.set(d.name, d);
  for (const d of wf.additionalFlags ?? []) if (!source.has(d.name)) source.set(d.name, d);

  const phaseCmd = cmd.addChild({
    use: "phase",
    short: `Use this command to invoke single phase of the "${cmd.name}" workflow`,
    args: { kind: "none" },
    run: { kind: "custom", run: helpAndFail },
  });

  const commands = new Map<string, Command>();
  for (const p of flattenPhases(wf.phases)) {
    if (p.spec.hidden) continue;
    const selector = p.spec.runAllSiblings && p.parent ? p.parent.name : p.name;
    const hasChildren = (p.spec.phases ?? []).length > 0;
    const flags: FlagDef[] = [];
    for (const name of p.spec.inheritFlags ?? []) {
      const d = source.get(name);
      if (d) flags.push(d);
    }
    flags.push(...(p.spec.localFlags ?? []));
    const spec: CommandSpec = {
      use: p.spec.name.toLowerCase(),
      ...(p.spec.aliases ? { aliases: p.spec.aliases } : {}),
      ...(p.spec.short !== undefined ? { short: p.spec.short } : {}),
      ...(p.spec.long !== undefined ? { long: p.spec.long } : {}),
      ...(p.spec.example !== undefined ? { example: p.spec.example } : {}),
      flags,
      args: hasChildren ? { kind: "none" } : p.spec.args ?? cmd.args ?? { kind: "arbitrary" },
      run: {
        kind: "custom",
        run: hasChildren ? helpAndFail : (inv) => invokePhase(inv, wf, cmd, selector),
      },
    };
    // cobra's nil Args on the parent stays nil on the phase (reset, upgrade apply)
    if (!hasChildren && !p.spec.args && cmd.args === undefined) delete spec.args;
    const parent = p.parent ? commands.get(p.parent.name)! : phaseCmd;
    commands.set(p.name, parent.addChild(spec));
  }

  cmd.long = `${cmd.long || cmd.short}\n\n${phaseHelpTable(cmd.use, wf.phases)}\n`;
  cmd.flagDefs.push(stringsFlag("skip-phases", "List of phases to be skipped"));
}
