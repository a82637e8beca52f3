/**
 * Builds kubeadm's command tree: the definitions of src/cli/commands/, cobra's
 * help command, and each workflow bound to its command.
 */
import { buildTree, type Command, type Invocation } from "./command.js";
import { rootCommand } from "./commands/root.js";
import { bindWorkflow, type HelpAndFail, type PhaseInvoker } from "../workflow/bind.js";

export interface TreeHooks {
  invokePhase: PhaseInvoker;
  helpAndFail: HelpAndFail;
}

const noop = async (_inv: Invocation) => {};

export function buildKubeadmTree(hooks: TreeHooks = { invokePhase: noop, helpAndFail: noop }): Command {
  const root = buildTree(rootCommand);
  const visit = (c: Command) => {
    for (const child of [...c.children]) visit(child);
    if (c.spec.workflow) bindWorkflow(c, c.spec.workflow, hooks.invokePhase, hooks.helpAndFail);
  };
  visit(root);
  return root;
}

/** Every command path of the tree (hidden ones included), depth first. */
export function allCommandPaths(root: Command): string[] {
  const out: string[] = [];
  const visit = (c: Command) => {
    out.push(c.path());
    for (const child of c.commands()) visit(child);
  };
  visit(root);
  return out;
}
