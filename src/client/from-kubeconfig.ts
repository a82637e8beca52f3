import { FileTooLargeError, MAX_CONFIG_FILE_BYTES, readFileBounded } from "../host/files.js";
import { decodeYamlBytes } from "../config/yaml.js";
import { KubeadmError } from "../util/errors.js";
import { parseKubeconfig, type Kubeconfig } from "../kubeconfig/read.js";
import { newKubeClient } from "./http-client.js";
import { restConfigFromKubeconfig, type RestConfig } from "./rest-config.js";
import type { KubeClient } from "./types.js";
import { goErrnoText } from "../util/go-errno.js";

/** Reads and parses a kubeconfig file (clientcmd.LoadFromFile); a read failure as Go words it: "open <file>: <reason>". */
export async function readKubeconfigFile(file: string): Promise<Kubeconfig> {
  let text: string;
  try {
    text = decodeYamlBytes(await readFileBounded(file, MAX_CONFIG_FILE_BYTES));
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new KubeadmError(err.message, 1, { cause: err });
    throw new KubeadmError(`open ${file}: ${goErrnoText(err)}`, 1, { cause: err });
  }
  return parseKubeconfig(text, file);
}

/** The admin kubeconfig (or another one a command names), read and parsed. */
export async function loadKubeconfigFile(file: string): Promise<Kubeconfig> {
  try {
    return await readKubeconfigFile(file);
  } catch (err) {
    if ((err as Error).message.startsWith(`open ${file}: `)) throw new KubeadmError(`failed to load admin kubeconfig: ${(err as Error).message}`, 1, { cause: err });
    throw err;
  }
}

/** A real client from a kubeconfig file (current context), like upstream's ClientSetFromFile. */
export async function clientFromKubeconfigFile(file: string, overrides: Partial<RestConfig> = {}): Promise<KubeClient> {
  const kc = await loadKubeconfigFile(file);
  const cfg = await restConfigFromKubeconfig(kc);
  return newKubeClient({ ...cfg, ...overrides });
}
