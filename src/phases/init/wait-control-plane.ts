/**
 * init phase wait-control-plane (v1.36): show the written files when dry-running, then wait
 * for the kubelet's /healthz and for every control-plane component's health endpoint, whose
 * address and port are read from the static Pod manifests just written. On failure, upstream's
 * troubleshooting text goes to stdout.
 */
import * as path from "node:path";
import { KUBELET_HEALTHZ_PORT, KUBE_APISERVER_PORT, KUBE_CONTROLLER_MANAGER_PORT, KUBE_SCHEDULER_PORT } from "../../constants.js";
import type { ComponentEndpoint } from "../../host/control-plane-health.js";
import { KubeadmError, wrapError } from "../../util/errors.js";
import { joinHostPort } from "../../util/net.js";
import { goErrnoText } from "../../util/go-errno.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

export const KUBELET_FAIL_MESSAGE = `
Unfortunately, an error has occurred, likely caused by:
	- The kubelet is not running
	- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)

If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:
	- 'systemctl status kubelet'
	- 'journalctl -xeu kubelet'

`;

export function controlPlaneFailMessage(criSocket: string): string {
  return `
A control plane component may have crashed or exited when started by the container runtime.
To troubleshoot, list all containers using your preferred container runtimes CLI.
Here is one example how you may list all running Kubernetes containers by using crictl:
	- 'crictl --runtime-endpoint ${criSocket} ps -a | grep kube | grep -v pause'
	Once you have found the failing container, you can inspect its logs with:
	- 'crictl --runtime-endpoint ${criSocket} logs CONTAINERID'

`;
}

type Pod = { spec?: { containers?: Array<{ command?: string[] }> } };

/** The values of `args` in the component's container command (upstream getControlPlaneComponentAddressAndPort). */
export function commandArgValues(pod: Pod | undefined, component: string, args: readonly string[]): string[] {
  const values = args.map(() => "");
  if (!pod) throw new Error(`got nil Pod for component ${JSON.stringify(component)}`);
  const container = (pod.spec?.containers ?? []).find((c) => (c.command ?? []).length > 0 && c.command![0] === component);
  if (!container) throw new Error(`the Pod has no container command starting with ${JSON.stringify(component)}`);
  for (const raw of container.command ?? []) {
    const line = raw.trim();
    args.forEach((arg, i) => {
      if (!line.startsWith(`--${arg}`) && !line.startsWith(`-${arg}`)) return;
      const eq = line.indexOf("=");
      if (eq >= 0) values[i] = line.slice(eq + 1);
      else {
        const sp = line.indexOf(" ");
        values[i] = sp >= 0 ? line.slice(sp + 1) : "";
      }
    });
  }
  return values;
}

/** The three components, their health URLs, from the static Pods (upstream getControlPlaneComponents). */
export function controlPlaneEndpoints(pods: Record<string, Pod | undefined>, advertiseAddress: string): Array<{ name: string; url: string }> {
  const specs = [
    { name: "kube-apiserver", args: ["advertise-address", "secure-port"], addr: advertiseAddress, port: String(KUBE_APISERVER_PORT), path: "livez" },
    { name: "kube-controller-manager", args: ["bind-address", "secure-port"], addr: "127.0.0.1", port: String(KUBE_CONTROLLER_MANAGER_PORT), path: "healthz" },
    { name: "kube-scheduler", args: ["bind-address", "secure-port"], addr: "127.0.0.1", port: String(KUBE_SCHEDULER_PORT), path: "livez" },
  ];
  const errs: string[] = [];
  const out = specs.map((s) => {
    let values = ["", ""];
    try {
      values = commandArgValues(pods[s.name], s.name, s.args);
    } catch (err) {
      errs.push((err as Error).message);
    }
    return { name: s.name, url: `https://${joinHostPort(values[0] || s.addr, values[1] || s.port)}/${s.path}` };
  });
  if (errs.length === 1) throw new KubeadmError(errs[0]!);
  if (errs.length > 1) throw new KubeadmError(`[${errs.join(", ")}]`);
  return out;
}

export async function readStaticPods(dir: string): Promise<Record<string, Pod>> {
  const { parse } = await (await import("../../config/yaml.js")).loadYamlModule();
  const { readTextFile } = await import("../../host/files.js");
  const pods: Record<string, Pod> = {};
  const errs: string[] = [];
  for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
    const file = path.join(dir, `${c}.yaml`);
    try {
      pods[c] = parse(await readTextFile(file)) as Pod;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      errs.push(`failed to read manifest for ${JSON.stringify(file)}: ${e.code ? `open ${file}: ${goErrnoText(e)}` : e.message}`);
    }
  }
  if (errs.length === 1) throw new KubeadmError(errs[0]!);
  if (errs.length > 1) throw new KubeadmError(`[${errs.join(", ")}]`);
  return pods;
}

export const waitControlPlanePhase: Phase<InitData> = {
  name: "wait-control-plane",
  short: "Wait for the control plane to start",
  run,
};

async function run(data: InitData): Promise<void> {
  try {
    await data.node.showWrittenFiles(data.manifestDir);
  } catch (err) {
    throw wrapError(err, "error printing files on dryrun");
  }
  let client;
  try {
    client = await data.client();
  } catch (err) {
    throw wrapError(err, "cannot obtain client without bootstrap");
  }
  println(data, `[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory ${JSON.stringify(data.manifestDir)}`);
  const cfg = data.cfg;
  const kubelet = (cfg.clusterConfiguration.componentConfigs.kubelet ?? {}) as { healthzBindAddress?: string; healthzPort?: number };
  const healthzPort = typeof kubelet.healthzPort === "number" ? kubelet.healthzPort : KUBELET_HEALTHZ_PORT;
  try {
    await data.waiter.waitForKubelet(kubelet.healthzBindAddress ?? "127.0.0.1", healthzPort, cfg.timeouts.kubeletHealthCheck);
  } catch (err) {
    data.out.write(KUBELET_FAIL_MESSAGE);
    throw wrapError(err, "failed while waiting for the kubelet to start");
  }
  try {
    const pods = await readStaticPods(data.manifestDir);
    const endpoints: ComponentEndpoint[] = controlPlaneEndpoints(pods, cfg.localAPIEndpoint.advertiseAddress).map((e) =>
      e.name === "kube-apiserver" ? { ...e, get: async () => (await client.getRaw("/livez")).statusCode } : e,
    );
    await data.waiter.waitForControlPlaneComponents(endpoints, cfg.timeouts.controlPlaneComponentHealthCheck);
  } catch (err) {
    data.out.write(controlPlaneFailMessage(cfg.nodeRegistration.criSocket));
    throw wrapError(err, "failed while waiting for the control plane to start");
  }
}
