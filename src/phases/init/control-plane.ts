/**
 * init phase control-plane: the parent prints the manifest folder; each sub-phase writes
 * one static Pod manifest (kube-apiserver, kube-controller-manager, kube-scheduler).
 */
import { promises as fs } from "node:fs";
import { CA_CERTS_EXTRA_VOLUME_PATHS } from "../../constants.js";
import type { PhaseModule } from "../../workflow/types.js";
import { wrapError } from "../../util/errors.js";
import { println } from "./common.js";
import type { InitData } from "./data.js";
import { patchManager } from "./patches.js";

export async function run(data: InitData): Promise<void> {
  println(data, `[control-plane] Using manifest folder ${JSON.stringify(data.manifestDir)}`);
}

/** Which of the optional CA certificate directories exist on this host (mounted into the control plane). */
export async function existingCADirs(): Promise<string[]> {
  const out: string[] = [];
  for (const dir of CA_CERTS_EXTRA_VOLUME_PATHS) {
    try {
      if ((await fs.stat(dir)).isDirectory()) out.push(dir);
    } catch {
      // absent: not mounted
    }
  }
  return out;
}

const COMPONENTS: Record<string, string> = {
  apiserver: "kube-apiserver",
  "controller-manager": "kube-controller-manager",
  scheduler: "kube-scheduler",
};

async function createStaticPod(data: InitData, component: string): Promise<void> {
  println(data, `[control-plane] Creating static Pod manifest for ${JSON.stringify(component)}`);
  const m = await import("../../manifests/index.js");
  const cfg = data.cfg;
  const pods = m.controlPlanePods({
    cluster: cfg.clusterConfiguration,
    localAPIEndpoint: cfg.localAPIEndpoint,
    controlPlaneComponentHealthCheckMs: cfg.timeouts.controlPlaneComponentHealthCheck,
    existingCADirs: await existingCADirs(),
    proxyEnv: m.proxyEnvVars(m.environList(data.env)),
    externalCA: data.externalCA,
    warn: (w) => data.log.warn(w, "manifests.go:0"),
  });
  const pod = pods[component];
  if (!pod) throw new Error(`couldn't retrieve StaticPodSpec for ${JSON.stringify(component)}`);
  let patched;
  try {
    patched = m.patchStaticPod(component, pod, await patchManager(data));
  } catch (err) {
    throw wrapError(err, `failed to patch static Pod manifest file for ${JSON.stringify(component)}`);
  }
  try {
    await m.writeStaticPodManifest(component, data.manifestDir, patched);
  } catch (err) {
    throw wrapError(err, `failed to create static pod manifest file for ${JSON.stringify(component)}`);
  }
}

/** The module of one control-plane sub-phase, by its name on the command line. */
export function subPhase(name: string): PhaseModule<InitData> {
  return { run: (data) => createStaticPod(data, COMPONENTS[name]!) };
}
