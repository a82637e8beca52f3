import { BOOTSTRAP_TOKEN_SECRET_PREFIX, CLUSTER_INFO_CONFIGMAP, COREDNS_CONFIGMAP, KUBE_PROXY_CONFIGMAP, KUBEADM_CERTS_SECRET, KUBEADM_CONFIG_CONFIGMAP, KUBELET_CONFIG_CONFIGMAP, NS_KUBE_PUBLIC, NS_KUBE_SYSTEM } from "../constants.js";
import type { DryRunAction, DryRunClient, DryRunVerb, Reactor } from "./dry-run-client.js";
import {
  fakeClusterInfoConfigMap,
  fakeControlPlanePodList,
  fakeCoreDNSConfigMap,
  fakeCoreDNSDeploymentList,
  fakeHealthCheckJob,
  fakeKubeadmCertsSecret,
  fakeKubeadmConfigMap,
  fakeKubeletConfigMap,
  fakeKubeProxyConfigMap,
  fakeNode,
} from "./dry-run-fixtures.js";
import type { ResourceName } from "./resources.js";

/**
 * A reactor that answers matching actions with a made-up object and prints it as
 * "[dryrun] Attached object:", as upstream's canned reactors do. `make` returns undefined to
 * pass the action on. Phases use this to register answers of their own (e.g. a kubeadm-config
 * built from the in-memory configuration).
 */
export function objectReactor(
  verb: DryRunVerb,
  resource: ResourceName,
  make: (action: DryRunAction) => unknown | undefined,
): Reactor {
  return {
    verb,
    resource,
    async react(action: DryRunAction, client: DryRunClient) {
      const obj = make(action);
      if (obj === undefined) return undefined;
      await client.logObject(obj, action.descriptor);
      return { object: obj };
    },
  };
}

const named = (namespace: string, name: string) => (a: DryRunAction) => a.name === name && a.namespace === namespace;

/** GET of any Node: a Node with the hostname label and the dry-run CRI socket annotation. */
export const getNodeReactor = (): Reactor => objectReactor("get", "nodes", (a) => fakeNode(a.name));
/** PATCH of any Node: answered with the same fake Node (the patch is not applied). */
export const patchNodeReactor = (): Reactor => objectReactor("patch", "nodes", (a) => fakeNode(a.name));

export const getClusterInfoReactor = (): Reactor =>
  objectReactor("get", "configmaps", (a) => (named(NS_KUBE_PUBLIC, CLUSTER_INFO_CONFIGMAP)(a) ? fakeClusterInfoConfigMap() : undefined));
export const getKubeadmConfigReactor = (): Reactor =>
  objectReactor("get", "configmaps", (a) => (named(NS_KUBE_SYSTEM, KUBEADM_CONFIG_CONFIGMAP)(a) ? fakeKubeadmConfigMap() : undefined));
export const getKubeadmCertsReactor = (): Reactor =>
  objectReactor("get", "secrets", (a) => (named(NS_KUBE_SYSTEM, KUBEADM_CERTS_SECRET)(a) ? fakeKubeadmCertsSecret() : undefined));
export const getKubeletConfigReactor = (): Reactor =>
  objectReactor("get", "configmaps", (a) => (named(NS_KUBE_SYSTEM, KUBELET_CONFIG_CONFIGMAP)(a) ? fakeKubeletConfigMap() : undefined));
export const getKubeProxyConfigReactor = (): Reactor =>
  objectReactor("get", "configmaps", (a) => (named(NS_KUBE_SYSTEM, KUBE_PROXY_CONFIGMAP)(a) ? fakeKubeProxyConfigMap() : undefined));
export const getCoreDNSConfigReactor = (): Reactor =>
  objectReactor("get", "configmaps", (a) => (named(NS_KUBE_SYSTEM, COREDNS_CONFIGMAP)(a) ? fakeCoreDNSConfigMap() : undefined));

/** DELETE of a bootstrap-token Secret in kube-system: answered with a bare Secret of that name. */
export const deleteBootstrapTokenReactor = (): Reactor =>
  objectReactor("delete", "secrets", (a) =>
    a.name.startsWith(BOOTSTRAP_TOKEN_SECRET_PREFIX) && a.namespace === NS_KUBE_SYSTEM ? { metadata: { name: a.name, namespace: a.namespace } } : undefined,
  );

/** LIST of Pods in kube-system: four Running control-plane Pods on `nodeName`. */
export const listPodsReactor = (nodeName: string): Reactor =>
  objectReactor("list", "pods", (a) => (a.namespace === NS_KUBE_SYSTEM ? fakeControlPlanePodList(nodeName) : undefined));

/** LIST of Deployments in kube-system: one CoreDNS Deployment at the bundled CoreDNS version. */
export const listDeploymentsReactor = (): Reactor =>
  objectReactor("list", "deployments", (a) => (a.namespace === NS_KUBE_SYSTEM ? fakeCoreDNSDeploymentList() : undefined));

/** GET of the "upgrade-health-check*" Job in kube-system: a completed Job. */
export const healthCheckJobReactor = (): Reactor =>
  objectReactor("get", "jobs", (a) =>
    a.name.startsWith("upgrade-health-check") && a.namespace === NS_KUBE_SYSTEM ? fakeHealthCheckJob(a.name, a.namespace) : undefined,
  );

// ── Reactor sets each upstream command installs (cmd/{init,join,reset,token,upgrade}) ──────

/** `kubeadm init --dry-run`: fake Node for GET and PATCH, ahead of the real-read step. */
export function installInitReactors(c: DryRunClient): DryRunClient {
  return c.prependReactor(getNodeReactor()).prependReactor(patchNodeReactor());
}

/** `kubeadm join --dry-run`: fakes after the real-read step, so a reachable cluster answers first. */
export function installJoinReactors(c: DryRunClient): DryRunClient {
  return c
    .appendReactor(getClusterInfoReactor())
    .appendReactor(getKubeadmConfigReactor())
    .appendReactor(getKubeadmCertsReactor())
    .appendReactor(getKubeProxyConfigReactor())
    .appendReactor(getKubeletConfigReactor())
    .appendReactor(getNodeReactor())
    .appendReactor(patchNodeReactor());
}

/** `kubeadm reset --dry-run`. */
export function installResetReactors(c: DryRunClient): DryRunClient {
  return c.appendReactor(getKubeadmConfigReactor()).appendReactor(getKubeletConfigReactor()).appendReactor(getKubeProxyConfigReactor());
}

/** `kubeadm token delete --dry-run`. */
export function installTokenDeleteReactors(c: DryRunClient): DryRunClient {
  return c.appendReactor(deleteBootstrapTokenReactor());
}

/**
 * `kubeadm upgrade … --dry-run`. With a real client (admin.conf exists) only the health-check Job
 * and Node PATCH are faked; without one (`nodeName` from kubelet.conf or the hostname) the
 * cluster's ConfigMaps, Node, Pods and Deployments are faked too.
 */
export function installUpgradeReactors(c: DryRunClient, options: { realClient: boolean; nodeName?: string }): DryRunClient {
  c.prependReactor(healthCheckJobReactor()).prependReactor(patchNodeReactor());
  if (!options.realClient) {
    c.prependReactor(getKubeadmConfigReactor())
      .prependReactor(getKubeletConfigReactor())
      .prependReactor(getKubeProxyConfigReactor())
      .prependReactor(getNodeReactor())
      .prependReactor(listPodsReactor(options.nodeName ?? ""))
      .prependReactor(getCoreDNSConfigReactor())
      .prependReactor(listDeploymentsReactor());
  }
  return c;
}
