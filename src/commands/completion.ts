// `kubeadm completion bash|zsh`: prints a completion script for kubeadm's command tree.
import { handler, type Command, type CommandSpec } from "../cli/command.js";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";

export const completionCommand: CommandSpec = {
  use: "completion SHELL",
  short: "Output shell completion code for the specified shell (bash or zsh)",
  long: [
    "",
    "Output shell completion code for the specified shell (bash or zsh).",
    "The shell code must be evaluated to provide interactive",
    "completion of kubeadm commands. This can be done by sourcing it from",
    "the .bash_profile.",
    "",
    "Note: this requires the bash-completion framework.",
    "",
    "To install it on Mac use homebrew:",
    "    $ brew install bash-completion",
    "Once installed, bash_completion must be evaluated. This can be done by adding the",
    "following line to the .bash_profile",
    "    $ source $(brew --prefix)/etc/bash_completion",
    "",
    "If bash-completion is not installed on Linux, please install the 'bash-completion' package",
    "via your distribution's package manager.",
    "",
    "Note for zsh users: [1] zsh completions are only supported in versions of zsh >= 5.2",
  ].join("\n"),
  example: [
    "",
    "# Install bash completion on a Mac using homebrew",
    "brew install bash-completion",
    "printf \"\\n# Bash completion support\\nsource $(brew --prefix)/etc/bash_completion\\n\" >> $HOME/.bash_profile",
    "source $HOME/.bash_profile",
    "",
    "# Load the kubeadm completion code for bash into the current shell",
    "source <(kubeadm completion bash)",
    "",
    "# Write bash completion code to a file and source it from .bash_profile",
    "kubeadm completion bash > ~/.kube/kubeadm_completion.bash.inc",
    "printf \"\\n# Kubeadm shell completion\\nsource '$HOME/.kube/kubeadm_completion.bash.inc'\\n\" >> $HOME/.bash_profile",
    "source $HOME/.bash_profile",
    "",
    "# Load the kubeadm completion code for zsh[1] into the current shell",
    "source <(kubeadm completion zsh)",
  ].join("\n"),
  run: handler(async (ctx) => {
    if (ctx.args.length === 0) throw new KubeadmError("shell not specified");
    if (ctx.args.length > 1) throw new KubeadmError("too many arguments. expected only the shell type");
    const shell = ctx.args[0]!;
    const { bashCompletion, completionBoilerplate, zshCompletion } = await import("../cli/completion-script.js");
    const shells: Record<string, (tree: Command) => string> = { bash: bashCompletion, zsh: zshCompletion };
    const gen = shells[shell];
    // Upstream lists the shells from a Go map (random order); kubeadm-ts lists them sorted.
    if (!gen) throw new KubeadmError(`unsupported shell type ${goQuote(shell)}, the supported shell types are [${Object.keys(shells).sort().join(" ")}]`);
    // the tree's module imports this one: loaded here, not at the top
    const { buildKubeadmTree } = await import("./index.js");
    ctx.stdout.write(completionBoilerplate() + gen(buildKubeadmTree()));
  }),
};
