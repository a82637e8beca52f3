// Kubelet service control as upstream's app/phases/kubelet does it (TryStopKubelet, TryStartKubelet,
// TryRestartKubelet with their v1.36 texts), on the one InitSystem of initsystem.ts.
import type { InitSystem } from "./initsystem.js";

export type { InitSystem } from "./initsystem.js";

const KUBELET = "kubelet";

export interface KubeletServiceOutput {
  /** A line on stdout (fmt.Println). */
  print(line: string): void;
  /** A klog warning on stderr. */
  warn(line: string): void;
}

type InitSystemLike = InitSystem | null | Promise<InitSystem | null>;

const NO_INIT_SYSTEM_STOP =
  "[kubelet-start] No supported init system detected, won't make sure the kubelet not running for a short period of time while setting up configuration for it.";
const NO_SERVICE_STOP =
  "[kubelet-start] Couldn't detect a kubelet service, can't make sure the kubelet not running for a short period of time while setting up configuration for it.";

/** Stops the kubelet while kubelet-start rewrites its files (upstream TryStopKubelet). */
export async function tryStopKubelet(initSystem: InitSystemLike, out: KubeletServiceOutput): Promise<void> {
  const init = await initSystem;
  if (!init) return out.print(NO_INIT_SYSTEM_STOP);
  if (!(await init.serviceExists(KUBELET))) out.print(NO_SERVICE_STOP);
  try {
    await init.serviceStop(KUBELET);
  } catch (e) {
    out.warn(`[kubelet-start] WARNING: unable to stop the kubelet service momentarily: [${(e as Error).message}]`);
  }
}

/** Restarts the kubelet after kubelet-start wrote its files (upstream TryStartKubelet). */
export async function tryStartKubelet(initSystem: InitSystemLike, out: KubeletServiceOutput): Promise<void> {
  const init = await initSystem;
  if (!init) return out.print("[kubelet-start] No supported init system detected, won't make sure the kubelet is running properly.");
  if (!(await init.serviceExists(KUBELET))) out.print("[kubelet-start] Couldn't detect a kubelet service, can't make sure the kubelet is running properly.");
  try {
    await init.serviceRestart(KUBELET);
  } catch (e) {
    out.warn(`[kubelet-start] WARNING: unable to start the kubelet service: [${(e as Error).message}]`);
    out.print("[kubelet-start] Please ensure kubelet is reloaded and running manually.");
  }
}

/** Restarts the kubelet (upstream TryRestartKubelet, used by kubelet-finalize); it reuses the stop texts. */
export async function tryRestartKubelet(initSystem: InitSystemLike, out: KubeletServiceOutput): Promise<void> {
  const init = await initSystem;
  if (!init) return out.print(NO_INIT_SYSTEM_STOP);
  if (!(await init.serviceExists(KUBELET))) out.print(NO_SERVICE_STOP);
  try {
    await init.serviceRestart(KUBELET);
  } catch (e) {
    out.warn(`[kubelet-start] WARNING: unable to restart the kubelet service momentarily: [${(e as Error).message}]`);
  }
}
