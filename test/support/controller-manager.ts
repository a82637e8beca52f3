// The lab's upstream kube-controller-manager, run against a test kube-apiserver (./apiserver.ts)
// with only the controllers a test names: the real peer of what kubeadm's control plane runs, for
// the objects kubeadm reads back after a controller acted (the bootstrap signer's cluster-info JWS).
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RealApiserver } from "./apiserver.js";
import { requireUpstream } from "./upstream.js";

export interface RealControllerManager {
  /** kube-controller-manager's stderr (klog), for failure messages. */
  log(): string;
  /** SIGTERM, then waits for the exit (at most 5 s). */
  stop(): Promise<void>;
}

/**
 * Starts kube-controller-manager with admin.conf as its credentials, `--controllers` set to
 * exactly `controllers`, no leader election and no serving port; `extraArgs` after those (e.g.
 * the CSR signer's --cluster-signing-cert-file/--cluster-signing-key-file).
 */
export function startControllerManager(api: RealApiserver, controllers: string[], name = "kcm", extraArgs: string[] = []): RealControllerManager {
  const bin = requireUpstream("kube-controller-manager");
  const logFile = join(api.dir, `${name}.log`);
  const fd = openSync(logFile, "w");
  let proc: ChildProcess;
  try {
    proc = spawn(bin, [
      `--kubeconfig=${api.kubeconfig}`, `--controllers=${controllers.join(",")}`,
      "--leader-elect=false", "--secure-port=0", "--use-service-account-credentials=false", "-v=2",
      ...extraArgs,
    ], { stdio: ["ignore", "ignore", fd] });
  } finally {
    closeSync(fd);
  }
  const log = () => {
    try {
      return readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };
  return {
    log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      await new Promise((res) => { proc.once("exit", res); setTimeout(res, 5000); });
    },
  };
}
