// `kubeadm config migrate --old-config <file> [--new-config <file>]`: an older kubeadm
// configuration read, defaulted, converted and validated, then written in the newest API version.
import { handler, type CommandSpec } from "../../cli/command.js";
import { commandLogger, flagBool, flagString } from "../../cli/context.js";
import { allowExperimentalApiMigrate, newConfig, oldConfig } from "../../cli/options.js";
import { KubeadmError } from "../../util/errors.js";
import { goErrnoText } from "../../util/go-errno.js";
import { readMandatoryFlagFile } from "./input-file.js";

export const migrateCommand: CommandSpec = {
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
  run: handler(async (ctx) => {
    const text = await readMandatoryFlagFile(ctx, "old-config");
    const { migrateConfig } = await import("../../config/load.js");
    const out = await migrateConfig(text, { log: commandLogger(ctx), allowExperimental: flagBool(ctx, "allow-experimental-api") });
    const newPath = flagString(ctx, "new-config");
    if (newPath === "") {
      ctx.stdout.write(out);
      return;
    }
    const { writeFileAtomic } = await import("../../host/files.js");
    try {
      await writeFileAtomic(newPath, out, 0o644);
    } catch (err) {
      throw new KubeadmError(`failed to write the new configuration to the file "${newPath}": open ${newPath}: ${goErrnoText(err)}`);
    }
  }),
};
