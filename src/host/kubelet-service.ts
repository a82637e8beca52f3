// Kubelet service control as upstream's initsystem package does it: systemctl on PATH → systemd;
// else openrc → rc-service; else no init system.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import * as path from "node:path";

export interface InitSystem {
  readonly name: "systemd" | "openrc";
  serviceExists(service: string): Promise<boolean>;
  serviceIsActive(service: string): Promise<boolean>;
  serviceStart(service: string): Promise<void>;
  serviceStop(service: string): Promise<void>;
  serviceRestart(service: string): Promise<void>;
}

/** exec.LookPath */
export function lookPath(file: string, envPath = process.env.PATH ?? ""): string | null {
  for (const dir of envPath.split(":")) {
    const p = path.join(dir === "" ? "." : dir, file);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Go's exec error text for a failed command: "exit status N". */
async function runChecked(cmd: string, args: string[]): Promise<void> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`exit status ${r.code}`);
}

export const systemd: InitSystem = {
  name: "systemd",
  async serviceExists(s) {
    const r = await run("systemctl", ["status", s]);
    return !r.stdout.includes("Loaded: not-found") && !r.stdout.includes("could not be found");
  },
  async serviceIsActive(s) {
    const out = (await run("systemctl", ["is-active", s])).stdout.trim();
    return out === "active" || out === "activating";
  },
  async serviceStart(s) {
    await runChecked("systemctl", ["daemon-reload"]).catch((e: Error) => {
      throw new Error(`failed to reload systemd: ${e.message}`);
    });
    await runChecked("systemctl", ["start", s]);
  },
  async serviceStop(s) {
    await runChecked("systemctl", ["stop", s]);
  },
  async serviceRestart(s) {
    await runChecked("systemctl", ["daemon-reload"]).catch((e: Error) => {
      throw new Error(`failed to reload systemd: ${e.message}`);
    });
    await runChecked("systemctl", ["restart", s]);
  },
};

export const openrc: InitSystem = {
  name: "openrc",
  async serviceExists(s) {
    const r = await run("rc-service", [s, "status"]);
    return !(r.stdout + r.stderr).includes("does not exist");
  },
  async serviceIsActive(s) {
    return !(await run("rc-service", [s, "status"])).stdout.includes("stopped");
  },
  serviceStart: (s) => runChecked("rc-service", [s, "start"]),
  serviceStop: (s) => runChecked("rc-service", [s, "stop"]),
  serviceRestart: (s) => runChecked("rc-service", [s, "restart"]),
};

/** The host's init system, or null ("no supported init system detected"). */
export function detectInitSystem(envPath = process.env.PATH ?? ""): InitSystem | null {
  if (lookPath("systemctl", envPath)) return systemd;
  if (lookPath("openrc", envPath)) return openrc;
  return null;
}

export interface KubeletServiceOutput {
  print(line: string): void;
  warn(line: string): void;
}

/** Stops the kubelet before kubelet-start writes its files (upstream TryStopKubelet, v1.36 texts). */
export async function tryStopKubelet(init: InitSystem | null, out: KubeletServiceOutput): Promise<void> {
  if (!init) {
    out.print("[kubelet-start] No supported init system detected, won't make sure the kubelet not running for a short period of time while setting up configuration for it.");
    return;
  }
  if (!(await init.serviceExists("kubelet"))) {
    out.print("[kubelet-start] Couldn't detect a kubelet service, can't make sure the kubelet not running for a short period of time while setting up configuration for it.");
  }
  await init.serviceStop("kubelet").catch((e: Error) => out.warn(`[kubelet-start] WARNING: unable to stop the kubelet service momentarily: [${e.message}]`));
}

/** Restarts the kubelet after kubelet-start wrote its files (upstream TryStartKubelet, v1.36 texts). */
export async function tryStartKubelet(init: InitSystem | null, out: KubeletServiceOutput): Promise<void> {
  if (!init) {
    out.print("[kubelet-start] No supported init system detected, won't make sure the kubelet is running properly.");
    return;
  }
  if (!(await init.serviceExists("kubelet"))) {
    out.print("[kubelet-start] Couldn't detect a kubelet service, can't make sure the kubelet is running properly.");
  }
  try {
    await init.serviceRestart("kubelet");
  } catch (e) {
    out.warn(`[kubelet-start] WARNING: unable to start the kubelet service: [${(e as Error).message}]`);
    out.print("[kubelet-start] Please ensure kubelet is reloaded and running manually.");
  }
}
