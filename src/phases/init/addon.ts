/**
 * init phase addon coredns / kube-proxy: install the addon through the API, or with
 * --print-manifest print its manifests instead (no client is made then).
 */
import type { Phase, PhaseContext } from "../../workflow/types.js";
import { printManifest as printManifestFlag } from "../../cli/options.js";
import type { InitData } from "./data.js";

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
  const { coreDNSAddon } = await import("../addons.js");
  await coreDNSAddon({
    cfg: data.cfg.clusterConfiguration,
    patchesDir: data.patchesDir,
    out: data.out,
    printManifest: printManifest(ctx),
    client: () => data.client(),
    warn: (m) => data.log.warn(m, "dns.go:205"),
  });
}

async function runKubeProxy(data: InitData, ctx: PhaseContext): Promise<void> {
  const { kubeProxyAddon } = await import("../addons.js");
  await kubeProxyAddon({
    cfg: data.cfg.clusterConfiguration,
    localAPIEndpoint: data.cfg.localAPIEndpoint,
    env: data.env,
    patchesDir: data.patchesDir,
    out: data.out,
    printManifest: printManifest(ctx),
    client: () => data.client(),
  });
}
