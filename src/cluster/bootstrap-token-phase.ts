/** The whole bootstrap-token phase of init (and upgrade apply), in upstream's order. */
import type { KubeClient } from "../client/index.js";
import type { BootstrapToken } from "../config/types.js";
import { wrapError } from "../util/errors.js";
import { applyBootstrapTokenRBAC, CONFIGURING_BOOTSTRAP_TOKENS_LINE, updateOrCreateTokens, usingTokensLine } from "./bootstrap-token.js";
import { createClusterInfo, type ClusterInfoCluster } from "./cluster-info.js";
import type { LineWriter } from "./output.js";

export interface BootstrapTokenPhaseInput {
  tokens: readonly BootstrapToken[];
  skipTokenPrint: boolean;
  /** The admin kubeconfig's cluster (see clusterInfoClusterFromKubeconfig). */
  cluster: ClusterInfoCluster;
  now?: () => Date;
}

export async function runBootstrapTokenPhase(client: KubeClient, input: BootstrapTokenPhaseInput, out: LineWriter): Promise<void> {
  if (!input.skipTokenPrint) out.write(usingTokensLine(input.tokens));
  out.write(CONFIGURING_BOOTSTRAP_TOKENS_LINE);
  try {
    await updateOrCreateTokens(client, false, input.tokens, input.now);
  } catch (err) {
    throw wrapError(err, "error updating or creating token");
  }
  await applyBootstrapTokenRBAC(client, out);
  await createClusterInfo(client, input.cluster, out);
}
