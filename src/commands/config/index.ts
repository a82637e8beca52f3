// `kubeadm config`: the configuration commands, one module each in this folder.
import type { CommandSpec } from "../../cli/command.js";
import { kubeconfig } from "../../cli/options.js";
import { imagesCommand } from "./images.js";
import { migrateCommand } from "./migrate.js";
import { printCommand } from "./print.js";
import { validateCommand } from "./validate.js";

export const configCommand: CommandSpec = {
  use: "config",
  short: "Manage configuration for a kubeadm cluster persisted in a ConfigMap in the cluster",
  long: [
    "",
    "There is a ConfigMap in the kube-system namespace called \"kubeadm-config\" that kubeadm uses to store internal configuration about the",
    "cluster. kubeadm CLI v1.8.0+ automatically creates this ConfigMap with the config used with 'kubeadm init', but if you",
    "initialized your cluster using kubeadm v1.7.x or lower, you must use the 'kubeadm init phase upload-config' command to",
    "create this ConfigMap. This is required so that 'kubeadm upgrade' can configure your upgraded cluster correctly.",
  ].join("\n"),
  persistentFlags: [kubeconfig],
  run: { kind: "requireSubcommand" },
  commands: [imagesCommand, migrateCommand, printCommand, validateCommand],
};
