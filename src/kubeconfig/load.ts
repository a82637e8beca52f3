// Loading a kubeconfig file (effects through src/host/).
import { MAX_CONFIG_FILE_BYTES, readFileBounded } from "../host/files.js";
import { decodeYamlBytes } from "../config/yaml.js";
import { KubeadmError } from "../util/errors.js";
import { goOpenError } from "../util/go-errno.js";
import { KubeconfigParseError, parseKubeconfig, type Kubeconfig } from "./read.js";

/**
 * Reads and parses a kubeconfig file as clientcmd.LoadFromFile: a failure's message is
 * client-go's bare text ("open <file>: <reason>", or what does not decode), for the caller to wrap.
 */
export async function readKubeconfigFile(file: string): Promise<Kubeconfig> {
  let text: string;
  try {
    text = decodeYamlBytes(await readFileBounded(file, MAX_CONFIG_FILE_BYTES));
  } catch (err) {
    throw new KubeadmError(goOpenError(err, file), 1, { cause: err });
  }
  try {
    return parseKubeconfig(text, file);
  } catch (err) {
    if (err instanceof KubeconfigParseError) throw new KubeadmError(err.reason, 1, { cause: err });
    throw err;
  }
}

