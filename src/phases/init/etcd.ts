/** init phase etcd local: the local etcd static Pod manifest (nothing with external etcd). */
import { println } from "./common.js";
import type { InitData } from "./data.js";
import { wrapError } from "../../util/errors.js";
import { patchManager } from "./patches.js";

export async function run(data: InitData): Promise<void> {
  const cfg = data.cfg;
  const local = cfg.clusterConfiguration.etcd.local;
  if (!local) return; // external etcd: upstream only logs at -v=1
  await data.node.ensureEtcdDataDir(local.dataDir);
  println(data, `[etcd] Creating static Pod manifest for local etcd in ${JSON.stringify(data.manifestDir)}`);
  const m = await import("../../manifests/index.js");
  try {
    const pod = m.etcdPod({
      cluster: cfg.clusterConfiguration,
      localAPIEndpoint: cfg.localAPIEndpoint,
      nodeName: cfg.nodeRegistration.name,
      controlPlaneComponentHealthCheckMs: cfg.timeouts.controlPlaneComponentHealthCheck,
      warn: (w) => data.log.warn(w, "local.go:0"),
    });
    let patched;
    try {
      patched = m.patchStaticPod("etcd", pod, await patchManager(data));
    } catch (err) {
      throw wrapError(err, `failed to patch static Pod manifest file for "etcd"`);
    }
    await m.writeStaticPodManifest("etcd", data.manifestDir, patched);
  } catch (err) {
    throw wrapError(err, "error creating local etcd static pod manifest file");
  }
  await data.node.etcdManifestWritten(data.manifestDir);
}
