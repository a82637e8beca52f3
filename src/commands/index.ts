/**
 * kubeadm's command tree: the root `kubeadm` command with its global flags and its sub-commands,
 * one module each under src/commands/ (spec, texts, flags and run together). Every command module
 * loads when the tree is built, so their static imports stay light: heavy code is imported inside
 * `run`. runCli runs a command line against this tree.
 */
import { buildTree, type Command, type CommandSpec } from "../cli/command.js";
import { stringFlag, type FlagDef } from "../cli/flag.js";
import { runCommandLine, type CliIO } from "../cli/run.js";
import { alphaCommand } from "./alpha.js";
import { certsCommand } from "./certs/index.js";
import { completionCommand } from "./completion.js";
import { configCommand } from "./config/index.js";
import { initCommand } from "./init.js";
import { joinCommand } from "./join.js";
import { kubeconfigCommand } from "./kubeconfig/index.js";
import { resetCommand } from "./reset.js";
import { tokenCommand } from "./token/index.js";
import { upgradeCommand } from "./upgrade/index.js";
import { versionCommand } from "./version.js";

/** --rootfs (options.AddKubeadmOtherFlags). */
export const rootfsFlag: FlagDef = stringFlag("rootfs", "The path to the 'real' host root filesystem. This will cause kubeadm to chroot into the provided path.");
/** klog's -v, registered on the root as upstream does. */
export const verbosityFlag: FlagDef = { name: "v", shorthand: "v", kind: "level", usage: "number for the log level verbosity", defValue: "0" };
/** klog's --vmodule. */
export const vmoduleFlag: FlagDef = { name: "vmodule", kind: "moduleSpec", usage: "comma-separated list of pattern=N settings for file-filtered logging", defValue: "" };

const box = (lines: string[]) => lines.map((l) => "    " + l);

export const kubeadmCommand: CommandSpec = {
  use: "kubeadm",
  short: "kubeadm: easily bootstrap a secure Kubernetes cluster",
  long: [
    "",
    "",
    ...box([
      "┌──────────────────────────────────────────────────────────┐",
      "│ KUBEADM                                                  │",
      "│ Easily bootstrap a secure Kubernetes cluster             │",
      "│                                                          │",
      "│ Please give us feedback at:                              │",
      "│ https://github.com/kubernetes/kubeadm/issues             │",
      "└──────────────────────────────────────────────────────────┘",
    ]),
    "",
    "Example usage:",
    "",
    "    Create a two-machine cluster with one control-plane node",
    "    (which controls the cluster), and one worker node",
    "    (where your workloads, like Pods and Deployments run).",
    "",
    ...box([
      "┌──────────────────────────────────────────────────────────┐",
      "│ On the first machine:                                    │",
      "├──────────────────────────────────────────────────────────┤",
      "│ control-plane# kubeadm init                              │",
      "└──────────────────────────────────────────────────────────┘",
    ]),
    "",
    ...box([
      "┌──────────────────────────────────────────────────────────┐",
      "│ On the second machine:                                   │",
      "├──────────────────────────────────────────────────────────┤",
      "│ worker# kubeadm join <arguments-returned-from-init>      │",
      "└──────────────────────────────────────────────────────────┘",
    ]),
    "",
    "    You can then repeat the second step on as many other machines as you like.",
    "",
  ].join("\n"),
  persistentFlags: [rootfsFlag, verbosityFlag, vmoduleFlag],
  commands: [
    certsCommand,
    completionCommand,
    configCommand,
    initCommand,
    joinCommand,
    resetCommand,
    versionCommand,
    tokenCommand,
    upgradeCommand,
    alphaCommand,
    kubeconfigCommand,
  ],
};

/** kubeadm's command tree, with cobra's help command. */
export function buildKubeadmTree(): Command {
  return buildTree(kubeadmCommand);
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

/**
 * Runs a kubeadm command line (argv without the program name); returns the exit status. `state`
 * receives the command line's verbosity once parsed (src/main.ts's crash handler reads it).
 */
export function runCli(argv: string[], io: Partial<CliIO> = {}, state?: { verbosity: number }): Promise<number> {
  return runCommandLine(
    kubeadmCommand,
    argv,
    io,
    {
      // --rootfs is rare: its module loads only when the flag is given
      applyRootfs: async (rootfs) => (await import("../host/rootfs.js")).applyRootfs(rootfs),
    },
    state,
  );
}
