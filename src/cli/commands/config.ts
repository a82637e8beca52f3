// The `kubeadm config` command tree: names, texts and flags as upstream kubeadm v1.36 shows them.
import type { CommandSpec } from "../command.js";
import { allowDeprecatedApi, allowExperimentalApiMigrate, allowExperimentalApiValidate, allowMissingTemplateKeys, cfgPath, componentConfigs, criSocket, featureGates, imageRepository, kubeconfig, kubernetesVersion, newConfig, oldConfig, output, showManagedFields } from "../options.js";

/** `kubeadm config print <action>-defaults`: one template for all four, as upstream's newCmdConfigPrintActionDefaults. */
function printDefaults(action: "init" | "join" | "reset" | "upgrade", flags?: CommandSpec["flags"]): CommandSpec {
  return {
    use: `${action}-defaults`,
    short: `Print default ${action} configuration, that can be used for 'kubeadm ${action}'`,
    long: [
      "",
      `This command prints objects such as the default ${action} configuration that is used for 'kubeadm ${action}'.`,
      "",
      "Note that sensitive values like the Bootstrap Token fields are replaced with placeholder values like \"abcdef.0123456789abcdef\" in order to pass validation but",
      "not perform the real computation for creating a token.",
    ].join("\n"),
    ...(flags ? { flags } : {}),
    args: { kind: "none" },
    run: { kind: "handler" },
  };
}

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
  commands: [
    {
      use: "images",
      short: "Interact with container images used by kubeadm",
      run: { kind: "requireSubcommand" },
      commands: [
        {
          use: "list",
          short: "Print a list of images kubeadm will use. The configuration file is used in case any images or image repositories are customized",
          flags: [allowMissingTemplateKeys, cfgPath, featureGates, imageRepository, kubernetesVersion, output, showManagedFields],
          args: { kind: "none" },
          run: { kind: "handler" },
        },
        {
          use: "pull",
          short: "Pull images used by kubeadm",
          flags: [cfgPath, criSocket, featureGates, imageRepository, kubernetesVersion],
          args: { kind: "none" },
          run: { kind: "handler" },
        },
      ],
    },
    {
      use: "migrate",
      short: "Read an older version of the kubeadm configuration API types from a file, and output the similar config object for the newer version",
      long: [
        "",
        "This command lets you convert configuration objects of older versions to the latest supported version,",
        "locally in the CLI tool without ever touching anything in the cluster.",
        "In this version of kubeadm, the following API versions are supported:",
        "- kubeadm.k8s.io/v1beta4",
        "",
        "Further, kubeadm can only write out config of version \"kubeadm.k8s.io/v1beta4\", but read both types.",
        "So regardless of what version you pass to the --old-config parameter here, the API object will be",
        "read, deserialized, defaulted, converted, validated, and re-serialized when written to stdout or",
        "--new-config if specified.",
        "",
        "In other words, the output of this command is what kubeadm actually would read internally if you",
        "submitted this file to \"kubeadm init\"",
      ].join("\n"),
      flags: [allowExperimentalApiMigrate, newConfig, oldConfig],
      args: { kind: "none" },
      run: { kind: "handler" },
    },
    {
      use: "print",
      short: "Print configuration",
      long: [
        "",
        "This command prints configurations for subcommands provided.",
        "For details, see: https://pkg.go.dev/k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm#section-directories",
      ].join("\n"),
      run: { kind: "requireSubcommand" },
      commands: [
        printDefaults("init", [componentConfigs]),
        printDefaults("join"),
        printDefaults("reset"),
        printDefaults("upgrade"),
      ],
    },
    {
      use: "validate",
      short: "Read a file containing the kubeadm configuration API and report any validation problems",
      long: [
        "",
        "This command lets you validate a kubeadm configuration API file and report any warnings and errors.",
        "If there are no errors the exit status will be zero, otherwise it will be non-zero.",
        "Any unmarshaling problems such as unknown API fields will trigger errors. Unknown API versions and",
        "fields with invalid values will also trigger errors. Any other errors or warnings may be reported",
        "depending on contents of the input file.",
        "",
        "In this version of kubeadm, the following API versions are supported:",
        "- kubeadm.k8s.io/v1beta4",
      ].join("\n"),
      flags: [allowDeprecatedApi, allowExperimentalApiValidate, cfgPath],
      args: { kind: "none" },
      run: { kind: "handler" },
    },
  ],
};
