// The root `kubeadm` command: upstream's banner text and the global flags.
import type { CommandSpec } from "../command.js";
import { stringFlag, type FlagDef } from "../flag.js";
import { alphaCommand } from "./alpha.js";
import { certsCommand } from "./certs.js";
import { completionCommand } from "./completion.js";
import { configCommand } from "./config.js";
import { initCommand } from "./init.js";
import { joinCommand } from "./join.js";
import { kubeconfigCommand } from "./kubeconfig.js";
import { resetCommand } from "./reset.js";
import { tokenCommand } from "./token.js";
import { upgradeCommand } from "./upgrade.js";
import { versionCommand } from "./version.js";

/** --rootfs (options.AddKubeadmOtherFlags). */
export const rootfsFlag: FlagDef = stringFlag("rootfs", "The path to the 'real' host root filesystem. This will cause kubeadm to chroot into the provided path.");
/** klog's -v, registered on the root as upstream does. */
export const verbosityFlag: FlagDef = { name: "v", shorthand: "v", kind: "level", usage: "number for the log level verbosity", defValue: "0" };
/** klog's --vmodule. */
export const vmoduleFlag: FlagDef = { name: "vmodule", kind: "moduleSpec", usage: "comma-separated list of pattern=N settings for file-filtered logging", defValue: "" };

const box = (lines: string[]) => lines.map((l) => "    " + l);

export const rootCommand: CommandSpec = {
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
