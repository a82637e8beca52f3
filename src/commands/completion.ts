// `kubeadm completion bash|zsh`: prints a completion script for kubeadm's command tree.
import type { CommandHandler } from "../cli/context.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import { bashCompletion, completionBoilerplate, zshCompletion } from "../cli/completion-script.js";
import { buildKubeadmTree } from "../cli/tree.js";

const SHELLS: Record<string, (tree: ReturnType<typeof buildKubeadmTree>) => string> = {
  bash: bashCompletion,
  zsh: zshCompletion,
};

export const run: CommandHandler = async (ctx) => {
  if (ctx.args.length === 0) throw new KubeadmError("shell not specified");
  if (ctx.args.length > 1) throw new KubeadmError("too many arguments. expected only the shell type");
  const shell = ctx.args[0]!;
  const gen = SHELLS[shell];
  // Upstream lists the shells from a Go map (random order); kubeadm-ts lists them sorted.
  if (!gen) throw new KubeadmError(`unsupported shell type ${goQuote(shell)}, the supported shell types are [${Object.keys(SHELLS).sort().join(" ")}]`);
  ctx.stdout.write(completionBoilerplate() + gen(buildKubeadmTree()));
};
