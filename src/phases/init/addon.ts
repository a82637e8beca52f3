/**
 * init phase addon coredns / kube-proxy: install the addon through the API, or with
 * --print-manifest print its manifests instead (no client is made then).
 */
import type { PhaseContext, PhaseModule } from "../../workflow/types.js";
import type { CoreDNSDeploymentPatcher } from "../../cluster/coredns.js";
import type { InitData } from "./data.js";
import { patchManager } from "./patches.js";

const printManifest = (ctx: PhaseContext): boolean => ctx.flags["print-manifest"] === true;

export const coredns: PhaseModule<InitData> = {
  async run(data, ctx) {
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
  },
};

export const kubeProxy: PhaseModule<InitData> = {
  async run(data, ctx) {
    const { kubeProxy: kp } = await import("../../cluster/index.js");
    const input = kp.kubeProxyInput(data.cfg.clusterConfiguration, data.cfg.localAPIEndpoint, data.env);
    if (printManifest(ctx)) {
      data.out.write(kp.kubeProxyManifestText(input));
      return;
    }
    const client = await data.client();
    await kp.ensureKubeProxy(client, input, data.out);
  },
};
