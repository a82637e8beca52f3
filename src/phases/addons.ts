/**
 * The CoreDNS and kube-proxy addons as init's and upgrade's addon phases apply them (upstream's
 * EnsureDNSAddon / EnsureProxyAddon): through the API, or, when `printManifest` (init's
 * --print-manifest, upgrade's --dry-run), as their manifests on `out` without touching the cluster.
 * A patches directory patches the CoreDNS Deployment and the kube-proxy DaemonSet either way.
 */
import type { KubeClient } from "../client/types.js";
import type { CoreDNSDeploymentPatcher } from "../cluster/coredns.js";
import type { APIEndpoint, ClusterConfiguration } from "../config/types.js";
import type { LineWriter } from "../cluster/output.js";

export interface AddonRun {
  cfg: ClusterConfiguration;
  patchesDir: string | undefined;
  out: LineWriter;
  printManifest: boolean;
  client(): Promise<KubeClient>;
}

export async function coreDNSAddon(r: AddonRun & { warn?: (msg: string) => void }): Promise<void> {
  const { coredns: dns } = await import("../cluster/index.js");
  let pm;
  if (r.patchesDir) {
    const { patchManagerForPath } = await import("../patches/index.js");
    pm = await patchManagerForPath(r.patchesDir, r.out);
  }
  const { DEPLOYMENT_SCHEMA } = await import("../patches/index.js");
  if (r.printManifest) {
    const params = dns.coreDNSParams(r.cfg);
    const patched = pm ? await dns.patchedCoreDNSDeploymentText(params, (d) => pm.applyToTarget("corednsdeployment", d, DEPLOYMENT_SCHEMA)) : undefined;
    r.out.write(dns.coreDNSManifestText(params, patched));
    return;
  }
  let patcher: CoreDNSDeploymentPatcher | undefined;
  if (pm) patcher = (d) => pm.applyToTarget("corednsdeployment", d, DEPLOYMENT_SCHEMA) as typeof d;
  await dns.ensureCoreDNS(await r.client(), r.cfg, r.out, patcher, r.warn);
}

/** The kube-proxy DaemonSet patcher of a patches directory (upstream's applyKubeProxyDaemonSetPatches). */
async function kubeProxyPatcher(dir: string | undefined, out: LineWriter): Promise<((ds: unknown) => unknown) | undefined> {
  if (!dir) return undefined;
  const { DAEMONSET_SCHEMA, patchManagerForPath } = await import("../patches/index.js");
  const { wrapError } = await import("../util/errors.js");
  let pm;
  try {
    pm = await patchManagerForPath(dir, out);
  } catch (err) {
    throw wrapError(err, "could not apply patches to the kube-proxy DaemonSet");
  }
  return (ds) => pm.applyToTarget("kubeproxydaemonset", ds, DAEMONSET_SCHEMA);
}

export async function kubeProxyAddon(
  r: AddonRun & { localAPIEndpoint: APIEndpoint; env: Readonly<Record<string, string | undefined>> },
): Promise<void> {
  const { kubeProxy: kp } = await import("../cluster/index.js");
  const input = kp.kubeProxyInput(r.cfg, r.localAPIEndpoint, r.env);
  if (r.printManifest) {
    const patch = await kubeProxyPatcher(r.patchesDir, r.out);
    const patched = patch ? await kp.patchedKubeProxyDaemonSetText(input, kp.wrapKubeProxyPatch(patch)) : undefined;
    r.out.write(kp.kubeProxyManifestText(input, patched));
    return;
  }
  await kp.ensureKubeProxy(await r.client(), input, r.out, () => kubeProxyPatcher(r.patchesDir, r.out));
}
