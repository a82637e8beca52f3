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
  const pm = await patchManager(data);
  let patcher: CoreDNSDeploymentPatcher | undefined;
  if (pm && pm.hasPatchesFor("corednsdeployment")) {
    const { DEPLOYMENT_SCHEMA } = await import("../../patches/index.js");
    patcher = (d) => pm.applyToTarget("corednsdeployment", d, DEPLOYMENT_SCHEMA) as typeof d;
  }
  const cc = data.cfg.clusterConfiguration;
  if (printManifest(ctx)) {
    const { toKubernetesYaml } = await import("../../config/yaml.js");
    const params = dns.coreDNSParams(cc);
    const patched = patcher ? dns.buildCoreDNS(params, patcher).deployment : undefined;
    data.out.write(dns.coreDNSManifestText(params, patched ? { marshal: () => toKubernetesYaml(patched) } : undefined));
    return;
  }
  const client = await data.client();
  await dns.ensureCoreDNS(client, cc, data.out, patcher);
}

async function runKubeProxy(data: InitData, ctx: PhaseContext): Promise<void> {
  const { kubeProxy: kp } = await import("../../cluster/index.js");
  const input = kp.kubeProxyInput(data.cfg.clusterConfiguration, data.cfg.localAPIEndpoint, data.env);
  if (printManifest(ctx)) {
    data.out.write(kp.kubeProxyManifestText(input));
    return;
  }
  const client = await data.client();
  await kp.ensureKubeProxy(client, input, data.out);
}
