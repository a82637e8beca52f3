/**
 * init phase addon coredns / kube-proxy: install the addon through the API, or with
 * --print-manifest print its manifests instead (no client is made then).
 */
import type { Phase, PhaseContext } from "../../workflow/types.js";
import { printManifest as printManifestFlag } from "../../cli/options.js";
import type { CoreDNSDeploymentPatcher } from "../../cluster/coredns.js";
import type { InitData } from "./data.js";
import { patchManager } from "./patches.js";

const printManifest = (ctx: PhaseContext): boolean => ctx.flags["print-manifest"] === true;

export const addonPhase: Phase<InitData> = {
  name: "addon",
  short: "Install required addons for passing conformance tests",
  phases: [
    {
      name: "all",
      short: "Install all the addons",
      runAllSiblings: true,
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "config", "control-plane-endpoint", "dry-run", "feature-gates", "image-repository", "kubeconfig", "kubernetes-version", "pod-network-cidr", "service-cidr", "service-dns-domain"],
    },
    {
      name: "coredns",
      short: "Install the CoreDNS addon to a Kubernetes cluster",
      long: "Install the CoreDNS addon components via the API server. Please note that although the DNS server is deployed, it will not be scheduled until CNI is installed.",
      inheritFlags: ["config", "dry-run", "feature-gates", "image-repository", "kubeconfig", "kubernetes-version", "service-cidr", "service-dns-domain"],
      localFlags: [printManifestFlag],
      run: runCoreDNS,
    },
    {
      name: "kube-proxy",
      short: "Install the kube-proxy addon to a Kubernetes cluster",
      long: "Install the kube-proxy addon components via the API server.",
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "config", "control-plane-endpoint", "dry-run", "image-repository", "kubeconfig", "kubernetes-version", "pod-network-cidr"],
      localFlags: [printManifestFlag],
      run: runKubeProxy,
    },
  ],
};

async function runCoreDNS(data: InitData, ctx: PhaseContext): Promise<void> {
  const { coredns: dns } = await import("../../cluster/index.js");
  // with a patches directory upstream always runs the Deployment through the patch manager
  const pm = await patchManager(data);
  let patcher: CoreDNSDeploymentPatcher | undefined;
  const { DEPLOYMENT_SCHEMA } = await import("../../patches/index.js");
  if (pm) patcher = (d) => pm.applyToTarget("corednsdeployment", d, DEPLOYMENT_SCHEMA) as typeof d;
  const cc = data.cfg.clusterConfiguration;
  if (printManifest(ctx)) {
    const params = dns.coreDNSParams(cc);
    const patched = pm ? await dns.patchedCoreDNSDeploymentText(params, (d) => pm.applyToTarget("corednsdeployment", d, DEPLOYMENT_SCHEMA)) : undefined;
    data.out.write(dns.coreDNSManifestText(params, patched));
    return;
  }
  const client = await data.client();
  await dns.ensureCoreDNS(client, cc, data.out, patcher);
}

/** The kube-proxy DaemonSet patcher of a patches directory (upstream's applyKubeProxyDaemonSetPatches). */
export async function kubeProxyPatcher(dir: string | undefined, out: { write(s: string): unknown }): Promise<((ds: unknown) => unknown) | undefined> {
  if (!dir) return undefined;
  const { DAEMONSET_SCHEMA, patchManagerForPath } = await import("../../patches/index.js");
  const { wrapError } = await import("../../util/errors.js");
  let pm;
  try {
    pm = await patchManagerForPath(dir, out);
  } catch (err) {
    throw wrapError(err, "could not apply patches to the kube-proxy DaemonSet");
  }
  return (ds) => pm.applyToTarget("kubeproxydaemonset", ds, DAEMONSET_SCHEMA);
}

async function runKubeProxy(data: InitData, ctx: PhaseContext): Promise<void> {
  const { kubeProxy: kp } = await import("../../cluster/index.js");
  const input = kp.kubeProxyInput(data.cfg.clusterConfiguration, data.cfg.localAPIEndpoint, data.env);
  if (printManifest(ctx)) {
    const patch = await kubeProxyPatcher(data.patchesDir, data.out);
    const patched = patch ? await kp.patchedKubeProxyDaemonSetText(input, kp.wrapKubeProxyPatch(patch)) : undefined;
    data.out.write(kp.kubeProxyManifestText(input, patched));
    return;
  }
  const client = await data.client();
  await kp.ensureKubeProxy(client, input, data.out, () => kubeProxyPatcher(data.patchesDir, data.out));
}
