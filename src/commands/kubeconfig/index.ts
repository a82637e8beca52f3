// `kubeadm kubeconfig`: kubeconfig file utilities (today `user`).
import type { CommandSpec } from "../../cli/command.js";
import { userCommand } from "./user.js";

export const kubeconfigCommand: CommandSpec = {
  use: "kubeconfig",
  short: "Kubeconfig file utilities",
  long: "Kubeconfig file utilities.",
  commands: [userCommand],
};
