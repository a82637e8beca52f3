// The `kubeadm alpha` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";

export const alphaCommand: CommandSpec = {
  use: "alpha",
  short: "Kubeadm experimental sub-commands",
};
