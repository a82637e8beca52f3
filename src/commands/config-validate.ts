/** `kubeadm config validate --config <file>`: prints "ok" or fails with the first problem. */
import type { CommandContext } from "../cli/context.js";
import { validateConfig } from "../config/load.js";
import { FileTooLargeError, MAX_CONFIG_FILE_BYTES, readFileBounded } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import { commandLogger, flagBool, flagString } from "./config-context.js";

export async function run(ctx: CommandContext): Promise<void> {
  const cfgPath = flagString(ctx, "config");
  if (cfgPath === "") throw new KubeadmError("the --config flag is mandatory");
  let text: string;
  try {
    text = (await readFileBounded(cfgPath, MAX_CONFIG_FILE_BYTES)).toString("utf8");
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new KubeadmError(err.message);
    throw new KubeadmError(`open ${cfgPath}: ${goErrno(err)}`);
  }
  await validateConfig(text, {
    log: commandLogger(ctx),
    allowDeprecated: flagBool(ctx, "allow-deprecated-api"),
    allowExperimental: flagBool(ctx, "allow-experimental-api"),
  });
  ctx.stdout.write("ok\n");
}

/** Go's text for common errno values. */
export function goErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return (err as Error).message;
  }
}
