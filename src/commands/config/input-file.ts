// The input file of `config migrate` (--old-config) and `config validate` (--config).
import { flagString, type CommandContext } from "../../cli/context.js";
import { KubeadmError } from "../../util/errors.js";
import { goOpenError } from "../../util/go-errno.js";

/** The text of the file the mandatory flag `name` names, or upstream's error for a missing flag or an unreadable file. */
export async function readMandatoryFlagFile(ctx: CommandContext, name: string): Promise<string> {
  const file = flagString(ctx, name);
  if (file === "") throw new KubeadmError(`the --${name} flag is mandatory`);
  const { FileTooLargeError, MAX_CONFIG_FILE_BYTES, readFileBounded } = await import("../../host/files.js");
  const { decodeYamlBytes } = await import("../../config/yaml.js");
  try {
    // bounded: /dev/zero or a runaway pipe ends with an error, not with all the memory
    return decodeYamlBytes(await readFileBounded(file, MAX_CONFIG_FILE_BYTES));
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new KubeadmError(err.message);
    throw new KubeadmError(goOpenError(err, file));
  }
}
