// `kubeadm config validate --config <file>`: prints "ok" or fails with the first problem.
import { handler, type CommandSpec } from "../../cli/command.js";
import { commandLogger, flagBool } from "../../cli/context.js";
import { allowDeprecatedApi, allowExperimentalApiValidate, cfgPath } from "../../cli/options.js";
import { readMandatoryFlagFile } from "./input-file.js";

export const validateCommand: CommandSpec = {
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
  run: handler(async (ctx) => {
    const text = await readMandatoryFlagFile(ctx, "config");
    const { validateConfig } = await import("../../config/load.js");
    await validateConfig(text, {
      log: commandLogger(ctx),
      allowDeprecated: flagBool(ctx, "allow-deprecated-api"),
      allowExperimental: flagBool(ctx, "allow-experimental-api"),
    });
    ctx.stdout.write("ok\n");
  }),
};
