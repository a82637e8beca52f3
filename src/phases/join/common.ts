/** Small helpers the join phases share. */
import { KubeadmError } from "../../util/errors.js";
import type { KubeClient } from "../../client/types.js";
import type { JoinData } from "./data.js";

/** klog V(1) line. */
export function v1(data: Pick<JoinData, "verbosity" | "log">, msg: string, origin: string): void {
  if (data.verbosity >= 1) data.log.info(msg, origin);
}

/**
 * A client with the TLS bootstrap identity (upstream's bootstrapClient): the dry-run client when
 * dry-running; `failure` is the error text when the kubeconfig yields no client.
 */
export async function bootstrapClient(data: JoinData, failure: string, wrap = false): Promise<KubeClient> {
  if (data.dryRun) return data.client();
  let kc;
  try {
    kc = await data.tlsBootstrapCfg();
  } catch (err) {
    if (wrap) throw new KubeadmError(`${failure}: ${(err as Error).message}`, 1, { cause: err });
    throw err;
  }
  try {
    const { restConfigFromKubeconfig } = await import("../../client/rest-config.js");
    const { newKubeClient } = await import("../../client/http-client.js");
    return newKubeClient({ ...(await restConfigFromKubeconfig(kc)), timeoutMs: 10_000 });
  } catch (err) {
    throw new KubeadmError(wrap ? `${failure}: ${(err as Error).message}` : failure, 1, { cause: err });
  }
}
