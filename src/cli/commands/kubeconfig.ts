// The `kubeadm kubeconfig` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { cfgPath, clientName, org, tokenKubeconfigUser, validityPeriod } from "../options.js";

export const kubeconfigCommand: CommandSpec = {
  use: "kubeconfig",
  short: "Kubeconfig file utilities",
  long: "Kubeconfig file utilities.",
  commands: [
    {
      use: "user",
      short: "Output a kubeconfig file for an additional user",
      long: "Output a kubeconfig file for an additional user.",
      example: [
        "  # Output a kubeconfig file for an additional user named foo",
        "  kubeadm kubeconfig user --client-name=foo",
        "  ",
        "  # Output a kubeconfig file for an additional user named foo using a kubeadm config file bar",
        "  kubeadm kubeconfig user --client-name=foo --config=bar",
      ].join("\n"),
      flags: [clientName, cfgPath, org, tokenKubeconfigUser, validityPeriod],
      args: { kind: "none" },
      run: { kind: "handler" },
    },
  ],
};
