// `kubeadm config print init-defaults|join-defaults|reset-defaults|upgrade-defaults`: the
// default configuration of each command, as YAML.
import { handler, type CommandSpec, type RunSpec } from "../../cli/command.js";
import { flagStrings } from "../../cli/context.js";
import { componentConfigs } from "../../cli/options.js";

/** `kubeadm config print <action>-defaults`: one template for all four, as upstream's newCmdConfigPrintActionDefaults. */
function printDefaults(action: "init" | "join" | "reset" | "upgrade", run: RunSpec, flags?: CommandSpec["flags"]): CommandSpec {
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
    run,
  };
}

export const printCommand: CommandSpec = {
  use: "print",
  short: "Print configuration",
  long: [
    "",
    "This command prints configurations for subcommands provided.",
    "For details, see: https://pkg.go.dev/k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm#section-directories",
  ].join("\n"),
  run: { kind: "requireSubcommand" },
  commands: [
    printDefaults(
      "init",
      handler(async (ctx) => {
        const { printInitDefaults } = await import("../../config/print-defaults.js");
        ctx.stdout.write(printInitDefaults(flagStrings(ctx, "component-configs")));
      }),
      [componentConfigs],
    ),
    printDefaults(
      "join",
      handler(async (ctx) => {
        const { printJoinDefaults } = await import("../../config/print-defaults.js");
        ctx.stdout.write(await printJoinDefaults());
      }),
    ),
    printDefaults(
      "reset",
      handler(async (ctx) => {
        const { printResetDefaults } = await import("../../config/print-defaults.js");
        ctx.stdout.write(await printResetDefaults());
      }),
    ),
    printDefaults(
      "upgrade",
      handler(async (ctx) => {
        const { printUpgradeDefaults } = await import("../../config/print-defaults.js");
        ctx.stdout.write(printUpgradeDefaults());
      }),
    ),
  ],
};
