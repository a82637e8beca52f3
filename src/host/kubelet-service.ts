// Kubelet service control as upstream's app/phases/kubelet does it (TryStopKubelet, TryStartKubelet,
// TryRestartKubelet with their v1.36 texts), on the one InitSystem of initsystem.ts.
import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import * as path from "node:path";
import type { ExecResult } from "./host-facts.js";
import { selectInitSystem, type InitSystem, type InitSystemDeps } from "./initsystem.js";

export type { InitSystem } from "./initsystem.js";

const KUBELET = "kubelet";

/** exec.LookPath (synchronous): names with a slash are checked as given; empty PATH entries mean ".". */
export function lookPath(file: string, envPath = process.env.PATH ?? ""): string | null {
  const executable = (p: string): boolean => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (file.includes("/")) return executable(file) ? file : null;
  for (const dir of envPath.split(":")) {
    const p = path.join(dir === "" ? "." : dir, file);
    if (executable(p)) return p;
  }
  return null;
}

/** Runs commands found on `envPath`, with Go's error texts ("exit status 3", not found). */
export function hostInitSystemDeps(envPath = process.env.PATH ?? ""): InitSystemDeps {
  return {
    lookPath: async (exe) => lookPath(exe, envPath),
    exec: (cmd, args) =>
      new Promise<ExecResult>((resolve) => {
        const resolved = lookPath(cmd, envPath);
        if (!resolved) return resolve({ stdout: "", stderr: "", code: null, error: "executable file not found in $PATH" });
        execFile(resolved, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
          if (!err) return resolve({ stdout, stderr, code: 0 });
          const e = err as NodeJS.ErrnoException & { code?: string | number; signal?: string | null };
          if (typeof e.code === "number") return resolve({ stdout, stderr, code: e.code, error: `exit status ${e.code}` });
          if (e.signal) return resolve({ stdout, stderr, code: null, error: `signal: ${e.signal}` });
          resolve({ stdout, stderr, code: null, error: e.message });
        });
      }),
  };
}

/** The host's init system found on `envPath`, or null when upstream's GetInitSystem would fail. */
export function hostInitSystem(envPath = process.env.PATH ?? ""): InitSystem | null {
  try {
    return selectInitSystem((exe) => lookPath(exe, envPath) !== null, hostInitSystemDeps(envPath));
  } catch {
    return null;
  }
}

/**
 * @deprecated the old name of hostInitSystem, kept for existing importers; detection itself is
 * initsystem.ts's (detectInitSystem there throws upstream's error instead of returning null).
 */
export const detectInitSystem = hostInitSystem;

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
