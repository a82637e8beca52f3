/**
 * join phase etcd-join (upstream runEtcdPhase, v1.37): after the kubelet started, this control
 * plane's etcd member is added to the stacked cluster as a learner, its static Pod is written with
 * the members as --initial-cluster (state "existing"), then the learner is promoted and the
 * cluster must become available; when any of that fails while this join's member is still a
 * learner, the member is removed again (beyond upstream, kubernetes#122826). Nothing on a worker; external etcd only says so. The etcd twin
 * prints what it would do when dry-running.
 */
import type { Phase } from "../../workflow/types.js";
import { KubeadmError, wrapError } from "../../util/errors.js";
import type { JoinData } from "./data.js";

export const etcdJoinPhase: Phase<JoinData> = {
  name: "etcd-join",
  short: "Join etcd for control plane nodes",
  example: [
    "  # Joins etcd for a control plane instance",
    "  kubeadm join phase control-plane-join-etcd all",
  ].join("\n"),
  inheritFlags: ["apiserver-advertise-address", "config", "control-plane", "dry-run", "node-name", "patches"],
  args: { kind: "none" },
  run,
};

async function run(data: JoinData): Promise<void> {
  if (!data.cfg.controlPlane) return;
  try {
    await data.client();
  } catch (err) {
    throw new KubeadmError(`couldn't create Kubernetes client: ${(err as Error).message}`, 1, { cause: err });
  }
  const init = await data.initCfg();
  const local = init.clusterConfiguration.etcd.local;
  if (init.clusterConfiguration.etcd.external || !local) {
    data.out.write("[control-plane-join] Using external etcd - no local stacked instance added\n");
    return;
  }
  const etcd = await data.etcd();
  await etcd.ensureDataDir(local.dataDir);
  const m = await import("../../manifests/index.js");
  const { etcdPeerURL } = await import("../../manifests/etcd.js");
  const nodeName = init.nodeRegistration.name;
  const peerURL = etcdPeerURL(init.localAPIEndpoint.advertiseAddress);
  try {
    const members = await etcd.addLearner(nodeName, peerURL, await data.certificateWriteDir());
    data.out.write('[etcd] Creating static Pod manifest for "etcd"\n');
    const pod = m.etcdPod({
      cluster: init.clusterConfiguration,
      localAPIEndpoint: init.localAPIEndpoint,
      nodeName,
      controlPlaneComponentHealthCheckMs: init.timeouts.controlPlaneComponentHealthCheck,
      ...(members ? { initialCluster: members.map((x) => ({ name: x.name, peerURL: x.peerURLs[0] ?? "" })) } : {}),
      warn: (w) => {
        if (data.verbosity >= 1) data.log.info(`WARNING: ${w}`, "images.go:86");
      },
    });
    let patches;
    if (data.patchesDir) {
      const { patchManagerForPath } = await import("../../patches/index.js");
      patches = await patchManagerForPath(data.patchesDir, data.out);
    }
    let patched;
    try {
      patched = m.patchStaticPod("etcd", pod, patches);
    } catch (err) {
      throw wrapError(err, 'failed to patch static Pod manifest file for "etcd"');
    }
    await m.writeStaticPodManifest("etcd", data.manifestDir, patched);
    await data.node.etcdManifestWritten(data.manifestDir);
    await etcd.promoteAndWait(peerURL);
  } catch (err) {
    // beyond upstream: a learner this join added and never promoted does not stay behind
    await etcd.removeUnpromotedLearner(peerURL);
    throw wrapError(err, "error creating local etcd static pod manifest file");
  } finally {
    etcd.close();
  }
}
