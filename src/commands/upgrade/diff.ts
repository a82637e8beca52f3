// `kubeadm upgrade diff [version]`: the unified diff of this node's control-plane manifests
// against the ones the target version would get (src/upgrade/run-diff.ts).
import { handler, type CommandSpec } from "../../cli/command.js";
import { flagString } from "../../cli/context.js";
import { cfgPath, contextLines, kubeconfig } from "../../cli/options.js";

export const diffCommand: CommandSpec = {
  use: "diff [version]",
  short: "Show what differences would be applied to existing static pod manifests. See also: kubeadm upgrade apply --dry-run",
  flags: [cfgPath, contextLines, kubeconfig],
  run: handler(async (ctx) => {
    const { runDiff } = await import("../../upgrade/run-diff.js");
    await runDiff({
      args: ctx.args,
      changedFlags: ctx.changedFlags(),
      changed: (n) => ctx.changed(n),
      cfgPath: flagString(ctx, "config"),
      kubeConfigPath: flagString(ctx, "kubeconfig"),
      contextLines: Number(ctx.flags["context-lines"] ?? 3),
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      env: ctx.env,
    });
  }),
};
