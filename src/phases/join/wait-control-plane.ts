/**
 * join phase wait-control-plane (upstream runWaitControlPlanePhase, v1.37): the new control
 * plane's components must report healthy (addresses and ports from the static Pods just written;
 * the API server asked through admin.conf pointed at this node's own endpoint), within
 * timeouts.controlPlaneComponentHealthCheck; on failure, the crictl troubleshooting text. Nothing
 * on a worker; the dry-run waiter only prints.
 */
import * as path from "node:path";
import { ADMIN_KUBECONFIG } from "../../constants.js";
import type { Phase } from "../../workflow/types.js";
import { wrapError } from "../../util/errors.js";
import type { JoinData } from "./data.js";

export const waitControlPlanePhase: Phase<JoinData> = {
  name: "wait-control-plane",
  short: "Wait for the control plane to start",
  run,
};

async function run(data: JoinData): Promise<void> {
  const cp = data.cfg.controlPlane;
  if (!cp) return;
  const { readKubeconfigFile } = await import("../../client/from-kubeconfig.js");
  const { restConfigFromKubeconfig } = await import("../../client/rest-config.js");
  const { newKubeClient } = await import("../../client/http-client.js");
  const { localEndpointURL } = await import("../../kubeconfig/endpoint.js");
  // admin.conf, every cluster pointed at this node's API server
  // LoadFromFile's failure as it is, as upstream's WaitControlPlaneClient returns it
  const kc = await readKubeconfigFile(path.join(data.kubeConfigDir, ADMIN_KUBECONFIG));
  const server = localEndpointURL(cp.localAPIEndpoint);
  for (const c of kc.clusters.values()) c.server = server;
  const client = newKubeClient({ ...(await restConfigFromKubeconfig(kc)), timeoutMs: 10_000 });
  const w = await import("../init/wait-control-plane.js");
  try {
    const pods = await w.readStaticPods(data.manifestDir);
    const endpoints = w
      .controlPlaneEndpoints(pods, cp.localAPIEndpoint.advertiseAddress)
      .map((e) => (e.name === "kube-apiserver" ? { ...e, get: async () => (await client.getRaw("/livez")).statusCode } : e));
    try {
      await data.waiter.waitForControlPlaneComponents(endpoints, data.cfg.timeouts.controlPlaneComponentHealthCheck);
    } catch (err) {
      data.out.write(w.controlPlaneFailMessage(data.cfg.nodeRegistration.criSocket));
      throw wrapError(err, "failed while waiting for the control plane to start");
    }
  } finally {
    client.close();
  }
}
