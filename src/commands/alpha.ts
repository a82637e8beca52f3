// `kubeadm alpha`: upstream's (now empty) group of experimental sub-commands.
import type { CommandSpec } from "../cli/command.js";

export const alphaCommand: CommandSpec = {
  use: "alpha",
  short: "Kubeadm experimental sub-commands",
};
