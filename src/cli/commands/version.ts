// The `kubeadm version` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { outputVersion } from "../options.js";

export const versionCommand: CommandSpec = {
  use: "version",
  short: "Print the version of kubeadm",
  flags: [outputVersion],
  args: { kind: "none" },
  run: { kind: "handler" },
};
