// `kubeadm upgrade diff [version]`: registered with upstream's texts and flags; not implemented yet.
import { handler, type CommandSpec } from "../../cli/command.js";
import { cfgPath, contextLines, kubeconfig } from "../../cli/options.js";
import { NotImplementedError } from "../../util/errors.js";

export const diffCommand: CommandSpec = {
  use: "diff [version]",
  short: "Show what differences would be applied to existing static pod manifests. See also: kubeadm upgrade apply --dry-run",
  flags: [cfgPath, contextLines, kubeconfig],
  run: handler(async (ctx) => {
    throw new NotImplementedError(ctx.commandPath);
  }),
};
