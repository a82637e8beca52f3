/**
 * Binds a phase workflow to its command, as upstream's BindToCommand does: the phase table
 * appended to the Long text, a `phase` sub-command tree (one command per visible phase,
 * carrying only the flags the phase inherits), --skip-phases, and the command's run getting
 * a WorkflowContext.
 */
import { commandContext, type Command, type CommandSpec, type Invocation } from "../cli/command.js";
import { stringsFlag, type FlagDef } from "../cli/flag.js";
import { FlagSet } from "../cli/flagset.js";
import { createWorkflowContext } from "./control.js";
import { flattenPhases, phaseHelpTable } from "./runner.js";
import type { Workflow, WorkflowContext } from "./types.js";

/** The default run of a workflow command: initialise the data, then run the phases. */
async function runWorkflow(ctx: WorkflowContext): Promise<void> {
  await ctx.workflow.initData();
  await ctx.workflow.run();
}

/**
 * The command `spec` with `wf` bound to it. `run` is the command's own run (default: data,
 * then phases); phase sub-commands run the workflow restricted to their phase.
 */
export function workflowCommand(
  spec: Omit<CommandSpec, "run" | "commands">,
  wf: Workflow,
  run: (ctx: WorkflowContext) => Promise<void> = runWorkflow,
): CommandSpec {
  const source = new Map<string, FlagDef>();
  for (const d of spec.flags ?? []) source.set(d.name, d);
  for (const d of wf.additionalFlags ?? []) if (!source.has(d.name)) source.set(d.name, d);
  const use = spec.use.split(" ")[0]!;

  const bound: CommandSpec = {
    ...spec,
    long: `${spec.long || spec.short || ""}\n\n${phaseHelpTable(spec.use, wf.phases)}\n`,
    flags: [...(spec.flags ?? []), stringsFlag("skip-phases", "List of phases to be skipped")],
    run: {
      kind: "run",
      run: (inv) => {
        const skip = (inv.flags.value("skip-phases") as string[]) ?? [];
        return run(createWorkflowContext(commandContext(inv), wf, { filter: [], skip }));
      },
    },
  };

  /** `<cmd> phase <name>`: the workflow, restricted to one phase (and its children). */
  const invokePhase = (inv: Invocation, filter: string): Promise<void> => {
    let workflowCmd: Command = inv.command;
    while (workflowCmd.spec !== bound && workflowCmd.parent) workflowCmd = workflowCmd.parent;
    // Options the phase does not inherit keep the workflow command's defaults, as upstream's shared option structs do.
    const defaults = new FlagSet([...workflowCmd.newFlagSet().defs(), ...(wf.additionalFlags ?? [])]).values();
    return createWorkflowContext(commandContext(inv, defaults), wf, { filter: [filter], skip: [] }).workflow.run();
  };

  const phaseCmd: CommandSpec = {
    use: "phase",
    short: `Use this command to invoke single phase of the "${use}" workflow`,
    args: { kind: "none" },
    run: { kind: "requireSubcommand" },
    commands: [],
  };
  const specs = new Map<string, CommandSpec>();
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
    const child: CommandSpec = {
      use: p.spec.name.toLowerCase(),
      ...(p.spec.aliases ? { aliases: p.spec.aliases } : {}),
      ...(p.spec.short !== undefined ? { short: p.spec.short } : {}),
      ...(p.spec.long !== undefined ? { long: p.spec.long } : {}),
      ...(p.spec.example !== undefined ? { example: p.spec.example } : {}),
      flags,
      args: hasChildren ? { kind: "none" } : p.spec.args ?? spec.args ?? { kind: "arbitrary" },
      run: hasChildren ? { kind: "requireSubcommand" } : { kind: "run", run: (inv) => invokePhase(inv, selector) },
      commands: [],
    };
    // cobra's nil Args on the parent stays nil on the phase (reset, upgrade apply)
    if (!hasChildren && !p.spec.args && spec.args === undefined) delete child.args;
    const parent = p.parent ? specs.get(p.parent.name)! : phaseCmd;
    parent.commands!.push(child);
    specs.set(p.name, child);
  }
  bound.commands = [phaseCmd];
  return bound;
}
