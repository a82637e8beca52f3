/**
 * The node's init system, as kubeadm drives it: systemd through `systemctl`,
 * OpenRC through `rc-service`/`rc-update`. Detection and the service queries
 * follow upstream (a `systemctl` in PATH means systemd). The one implementation:
 * preflight uses it through HostFacts, kubelet start/stop through kubelet-service.ts; the host
 * implementation (PATH lookup and command runner) is hostInitSystem.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import * as path from "node:path";
import { KubeadmError } from "../util/errors.js";

/** Result of running a command; `error` is Go's text for why it failed, if it did. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code, or null when the command did not run or was killed. */
  code: number | null;
  /**
   * Go-style error text (k8s.io/utils/exec): "executable file not found in $PATH",
   * "exit status 3", ... Undefined on success.
   */
  error?: string;
}

export interface InitSystem {
  readonly kind: "systemd" | "openrc";
  /** The command a user runs to enable a service, e.g. "systemctl enable kubelet.service". */
  enableCommand(service: string): string;
  serviceStart(service: string): Promise<void>;
  serviceStop(service: string): Promise<void>;
  /** Reloads the init system's view of unit files (systemd) and restarts the service. */
  serviceRestart(service: string): Promise<void>;
  serviceExists(service: string): Promise<boolean>;
  serviceIsEnabled(service: string): Promise<boolean>;
  /** Running or trying to run ("activating" counts as active). */
  serviceIsActive(service: string): Promise<boolean>;
}

/** How the init system runs commands; the host implementation or a dry-run/test twin. */
export interface InitSystemDeps {
  lookPath(executable: string): Promise<string | null>;
  exec(cmd: string, args: string[]): Promise<ExecResult>;
}

/** The error of Go's exec.Command(...).Run(): "exit status 1", or the not-found error naming the command. */
function runError(cmd: string, r: ExecResult): string | undefined {
  if (!r.error) return undefined;
  return r.code === null && r.error === "executable file not found in $PATH" ? `exec: "${cmd}": ${r.error}` : r.error;
}

async function mustRun(deps: InitSystemDeps, cmd: string, args: string[]): Promise<void> {
  const err = runError(cmd, await deps.exec(cmd, args));
  if (err) throw new KubeadmError(err);
}

export function systemdInitSystem(deps: InitSystemDeps): InitSystem {
  const reload = async (): Promise<void> => {
    const err = runError("systemctl", await deps.exec("systemctl", ["daemon-reload"]));
    if (err) throw new KubeadmError(`failed to reload systemd: ${err}`);
  };
  return {
    kind: "systemd",
    enableCommand: (service) => `systemctl enable ${service}.service`,
    async serviceStart(service) {
      await reload();
      await mustRun(deps, "systemctl", ["start", service]);
    },
    async serviceRestart(service) {
      await reload();
      await mustRun(deps, "systemctl", ["restart", service]);
    },
    serviceStop: (service) => mustRun(deps, "systemctl", ["stop", service]),
    async serviceExists(service) {
      const out = (await deps.exec("systemctl", ["status", service])).stdout;
      return !out.includes("Loaded: not-found") && !out.includes("could not be found");
    },
    async serviceIsEnabled(service) {
      return !(await deps.exec("systemctl", ["is-enabled", service])).error;
    },
    async serviceIsActive(service) {
      const out = (await deps.exec("systemctl", ["is-active", service])).stdout.trim();
      return out === "active" || out === "activating";
    },
  };
}

export function openrcInitSystem(deps: InitSystemDeps): InitSystem {
  // OpenRC reports unknown services on stderr, so both streams are searched.
  const combined = async (args: string[]): Promise<string> => {
    const r = await deps.exec("rc-service", args);
    return r.stdout + r.stderr;
  };
  return {
    kind: "openrc",
    enableCommand: (service) => `rc-update add ${service} default`,
    serviceStart: (service) => mustRun(deps, "rc-service", [service, "start"]),
    serviceStop: (service) => mustRun(deps, "rc-service", [service, "stop"]),
    serviceRestart: (service) => mustRun(deps, "rc-service", [service, "restart"]),
    async serviceExists(service) {
      return !(await combined([service, "status"])).includes("does not exist");
    },
    async serviceIsEnabled(service) {
      return (await deps.exec("rc-update", ["show", "default"])).stdout.includes(service);
    },
    async serviceIsActive(service) {
      const out = await combined([service, "status"]);
      return !out.includes("stopped") && !out.includes("does not exist");
    },
  };
}

const DETECTION_BINARIES = ["systemctl", "openrc", "rc-service", "rc-update"] as const;

/**
 * Upstream GetInitSystem over a PATH lookup that has already been done (`found` says whether an
 * executable is on PATH): systemd if `systemctl` is there, else OpenRC if `openrc` and its tools are.
 */
export function selectInitSystem(found: (executable: string) => boolean, deps: InitSystemDeps): InitSystem {
  if (found("systemctl")) return systemdInitSystem(deps);
  if (found("openrc")) {
    for (const binary of ["rc-service", "rc-update"]) {
      if (!found(binary)) {
        throw new KubeadmError(`openrc detected, but missing required binary: ${binary}: exec: "${binary}": executable file not found in $PATH`);
      }
    }
    return openrcInitSystem(deps);
  }
  throw new KubeadmError("no supported init system detected, skipping checking for services");
}

/** Upstream GetInitSystem: throws its error when there is no supported init system. */
export async function detectInitSystem(deps: InitSystemDeps): Promise<InitSystem> {
  const onPath = new Set<string>();
  for (const b of DETECTION_BINARIES) if (await deps.lookPath(b)) onPath.add(b);
  return selectInitSystem((b) => onPath.has(b), deps);
}

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
 * Whether systemd-resolved runs on this node, asked of the init system as the kubelet
 * configuration's Mutate step does (the kubelet then reads systemd-resolved's resolv.conf).
 * Without a supported init system: upstream's warning, and false.
 */
export async function systemdResolvedActive(envPath: string, warn: (msg: string, origin?: string) => void): Promise<boolean> {
  const init = hostInitSystem(envPath);
  if (!init) {
    warn("cannot determine if systemd-resolved is active: no supported init system detected", "kubelet_unix.go:41");
    return false;
  }
  return init.serviceIsActive("systemd-resolved");
}
