// Images of the control-plane static Pods: the local etcd image and upstream's fallback warning.
import { describe, expect, it } from "vitest";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import { etcdImage } from "../../../src/manifests/images.js";

async function cluster(etcd = "") {
  const cfg = await loadInitConfiguration({
    configText: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${KUBERNETES_VERSION}\n${etcd}`,
    facts: staticSystemFacts({ hostname: "cp1" }),
    skipCRIDetect: true,
  });
  return cfg.clusterConfiguration;
}

describe("etcdImage", () => {
  it("the pin's minor is beyond upstream's etcd table: the nearest entry, with the warning upstream logs at V(1)", async () => {
    const warnings: string[] = [];
    expect(etcdImage(await cluster(), (w) => warnings.push(w))).toBe("registry.k8s.io/etcd:3.7.0-0");
    expect(warnings).toEqual([`could not find officially supported version of etcd for Kubernetes ${KUBERNETES_VERSION}, falling back to the nearest etcd version (3.7.0-0)`]);
  });

  it("an imageTag override still derives (and warns about) the default tag first, as upstream GetEtcdImageTag", async () => {
    const warnings: string[] = [];
    const c = await cluster("etcd:\n  local:\n    imageRepository: quay.io/coreos\n    imageTag: v3.6.0\n");
    expect(etcdImage(c, (w) => warnings.push(w))).toBe("quay.io/coreos/etcd:v3.6.0");
    expect(warnings).toHaveLength(1);
  });
});
