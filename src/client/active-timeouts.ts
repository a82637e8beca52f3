/**
 * Upstream's active timeouts (kubeadmapi.SetActiveTimeouts / GetActiveTimeouts), for the one the
 * API helpers read: `timeouts.kubernetesAPICall`. The configuration loaders of the commands
 * (LoadOrDefault{Init,Join,Reset,Upgrade}Configuration) make the loaded configuration's value the
 * active one; until then it is the default (1m). No imports beyond constants: the loaders use it.
 */
import { KUBERNETES_API_CALL_TIMEOUT_MS } from "../constants.js";

let activeApiCallTimeoutMs = KUBERNETES_API_CALL_TIMEOUT_MS;

/** Like upstream's SetActiveTimeouts for `kubernetesAPICall`: the default for every helper in idempotency.ts. */
export function setActiveKubernetesAPICallTimeout(ms: number): void {
  activeApiCallTimeoutMs = ms;
}

export function activeKubernetesAPICallTimeout(): number {
  return activeApiCallTimeoutMs;
}
