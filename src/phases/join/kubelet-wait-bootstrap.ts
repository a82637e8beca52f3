/**
 * join phase kubelet-wait-bootstrap (upstream runKubeletWaitBootstrapPhase, v1.37): waits for
 * the kubelet's /healthz (timeouts.kubeletHealthCheck; address and port from the cluster's
 * KubeletConfiguration with --patches applied in memory), then for the TLS bootstrap: until a
 * client can be made from /etc/kubernetes/kubelet.conf (timeouts.tlsBootstrap). Either failure
 * prints the kubelet troubleshooting text. bootstrap-kubelet.conf is removed afterwards, whatever
 * the outcome. The dry-run twin only says it would wait.
 */
import * as path from "node:path";
import { KUBELET_BOOTSTRAP_KUBECONFIG, KUBELET_HEALTHZ_PORT, TLS_BOOTSTRAP_RETRY_INTERVAL_MS } from "../../constants.js";
import { wrapError } from "../../util/errors.js";
import type { Phase } from "../../workflow/types.js";
import type { JoinData } from "./data.js";

export const kubeletWaitBootstrapPhase: Phase<JoinData> = {
  name: "kubelet-wait-bootstrap",
  short: "Wait for the kubelet to bootstrap itself",
  inheritFlags: ["config", "cri-socket", "dry-run"],
  run,
};

/** The kubelet's health endpoint as the cluster's KubeletConfiguration (patched) sets it. */
export function kubeletHealthz(kubeletConfigYaml: Record<string, unknown> | undefined): { address: string; port: number } {
  const address = typeof kubeletConfigYaml?.healthzBindAddress === "string" ? kubeletConfigYaml.healthzBindAddress : "127.0.0.1";
  const port = typeof kubeletConfigYaml?.healthzPort === "number" ? kubeletConfigYaml.healthzPort : KUBELET_HEALTHZ_PORT;
  return { address, port };
}

async function run(data: JoinData): Promise<void> {
  const bootstrapFile = path.join(data.kubeConfigDir, KUBELET_BOOTSTRAP_KUBECONFIG);
  await data.node.waitForKubeletBootstrap(bootstrapFile, async () => {
    const cfg = data.cfg;
    const initCfg = await data.initCfg();
    const m = await import("../../manifests/index.js");
    const { systemdResolvedActive } = await import("./kubelet-start.js");
    const { loadYamlModule } = await import("../../config/yaml.js");
    const discard = { write: () => true };
    let healthz;
    try {
      let patches;
      if (data.patchesDir) {
        const { patchManagerForPath } = await import("../../patches/index.js");
        patches = await patchManagerForPath(data.patchesDir, discard);
      }
      const text = m.kubeletConfigFile({
        cluster: initCfg.clusterConfiguration,
        criSocket: cfg.nodeRegistration.criSocket,
        // upstream's ApplyPatchesToConfig runs the Mutate step again (asking the init system)
        systemdResolvedActive: await systemdResolvedActive(data),
        ...(patches ? { patches } : {}),
        output: discard,
      });
      healthz = kubeletHealthz((await loadYamlModule()).parse(text) as Record<string, unknown>);
    } catch (err) {
      throw wrapError(err, "could not apply patches to the in-memory kubelet configuration");
    }
    const { KUBELET_FAIL_MESSAGE } = await import("../init/wait-control-plane.js");
    try {
      await data.waiter.waitForKubelet(healthz.address, healthz.port, cfg.timeouts.kubeletHealthCheck);
    } catch (err) {
      data.out.write(KUBELET_FAIL_MESSAGE);
      throw wrapError(err, "failed while waiting for the kubelet to start");
    }
    const { waitForTLSBootstrappedClient } = await import("../../host/join-node.js");
    try {
      await waitForTLSBootstrappedClient(data.kubeletKubeconfigPath, cfg.timeouts.tlsBootstrap, TLS_BOOTSTRAP_RETRY_INTERVAL_MS, data.out);
    } catch (err) {
      data.out.write(KUBELET_FAIL_MESSAGE);
      throw wrapError(err, "failed while waiting for TLS bootstrap");
    }
  });
}
