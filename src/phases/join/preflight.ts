/**
 * join phase preflight (upstream runPreflight): the root check and the join node checks, then the
 * cluster's configuration, which is where discovery happens (the bootstrap token, CA pins, JWS).
 * Control-plane joins need more checks, which kubeadm-ts does not have yet.
 */
import { KubeadmError, NotImplementedError } from "../../util/errors.js";
import type { Phase } from "../../workflow/types.js";
import type { JoinData } from "./data.js";

export const preflightPhase: Phase<JoinData> = {
  name: "preflight [api-server-endpoint]",
  short: "Run join pre-flight checks",
  long: "Run pre-flight checks for kubeadm join.",
  example: [
    "  # Run join pre-flight checks using a config file.",
    "  kubeadm join phase preflight --config kubeadm-config.yaml",
  ].join("\n"),
  inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "certificate-key", "config", "control-plane", "cri-socket", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "ignore-preflight-errors", "node-name", "tls-bootstrap-token", "token"],
  run,
};

async function run(data: JoinData): Promise<void> {
  const pf = await import("../../preflight/index.js");
  const v1 = (msg: string, origin: string): void => {
    if (data.verbosity >= 1) data.log.info(msg, origin);
  };
  data.out.write("[preflight] Running pre-flight checks\n");
  v1("[preflight] Running general checks", "preflight.go:93");
  const o = { ignore: data.ignorePreflightErrors, stdout: data.out as never, stderr: data.stderr as never, logger: data.log };
  try {
    await pf.runRootCheckOnly(o);
    await pf.runJoinNodeChecks(data.cfg, o);
  } catch (err) {
    if (err instanceof KubeadmError) throw err;
    throw new KubeadmError((err as Error).message, 1, { cause: err });
  }
  await data.initCfg();
  v1("[preflight] Running configuration dependant checks", "preflight.go:108");
  if (data.cfg.controlPlane) throw new NotImplementedError("join phase preflight for a control-plane node");
}
