/** `kubeadm config migrate --old-config <file> [--new-config <file>]`. */
import type { CommandContext } from "../cli/context.js";
import { migrateConfig } from "../config/load.js";
import { FileTooLargeError, MAX_CONFIG_FILE_BYTES, readFileBounded, writeFileAtomic } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import { commandLogger, flagBool, flagString } from "./config-context.js";
import { goErrno } from "./config-validate.js";

export async function run(ctx: CommandContext): Promise<void> {
  const oldPath = flagString(ctx, "old-config");
  if (oldPath === "") throw new KubeadmError("the --old-config flag is mandatory");
  let text: string;
  try {
    text = (await readFileBounded(oldPath, MAX_CONFIG_FILE_BYTES)).toString("utf8");
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new KubeadmError(err.message);
    throw new KubeadmError(`open ${oldPath}: ${goErrno(err)}`);
  }
  const out = await migrateConfig(text, { log: commandLogger(ctx), allowExperimental: flagBool(ctx, "allow-experimental-api") });
  const newPath = flagString(ctx, "new-config");
  if (newPath === "") {
    ctx.stdout.write(out);
    return;
  }
  try {
    await writeFileAtomic(newPath, out, 0o644);
  } catch (err) {
    throw new KubeadmError(`failed to write the new configuration to the file "${newPath}": open ${newPath}: ${goErrno(err)}`);
  }
}
