/**
 * upgrade apply/node phase addon: CoreDNS and kube-proxy at the new version, applied as init
 * applies them (src/phases/addons.ts), skipped on a node that is not a control plane, for a
 * disabled addon, and while some control-plane node still runs another kube-apiserver image.
 * A dry run prints the manifests instead. Shared by both workflows.
 */
import type { Phase } from "../../workflow/types.js";
import type { UpgradeData } from "./data.js";

const FLAGS = ["config", "dry-run", "kubeconfig", "patches"];

export function addonPhase(_workflow: "upgrade-apply" | "upgrade-node"): Phase<UpgradeData> {
  return {
    name: "addon",
    short: "Upgrade the default kubeadm addons",
    phases: [
      { name: "all", short: "Upgrade all the addons", runAllSiblings: true, inheritFlags: FLAGS },
      { name: "coredns", short: "Upgrade the CoreDNS addon", inheritFlags: FLAGS, run: (d) => runAddon(d, "coredns") },
      { name: "kube-proxy", short: "Upgrade the kube-proxy addon", inheritFlags: FLAGS, run: (d) => runAddon(d, "kube-proxy") },
    ],
  };
}

/** Whether every control-plane node runs this node's kube-apiserver image; prints the skip line when not. */
async function shouldUpgradeAddons(data: UpgradeData, nodeName: string): Promise<boolean> {
  const { unupgradedControlPlaneInstances } = await import("../../upgrade/control-plane-instances.js");
  const { wrapError } = await import("../../util/errors.js");
  let pending: string[];
  try {
    pending = await unupgradedControlPlaneInstances(await data.client(), nodeName);
  } catch (err) {
    throw wrapError(err, "failed to determine whether all the control plane instances have been upgraded");
  }
  if (pending.length === 0) return true;
  data.out.write(`[upgrade/addon] Skipping upgrade of addons because control plane instances [${pending.join(" ")}] have not been upgraded\n`);
  return false;
}

async function runAddon(data: UpgradeData, addon: "coredns" | "kube-proxy"): Promise<void> {
  const skip = `[upgrade/addon] Skipping the addon/${addon} phase.`;
  const cfg = await data.initCfg();
  if (!data.isControlPlaneNode) {
    data.out.write(`${skip} Not a control plane node.\n`);
    return;
  }
  const cc = cfg.clusterConfiguration;
  if ((addon === "coredns" ? cc.dns : cc.proxy).disabled) {
    data.out.write(`${skip} The addon is disabled.\n`);
    return;
  }
  if (!(await shouldUpgradeAddons(data, cfg.nodeRegistration.name))) return;
  const { coreDNSAddon, kubeProxyAddon } = await import("../addons.js");
  const run = { cfg: cc, patchesDir: data.patchesDir, out: data.out, printManifest: data.dryRun, client: () => data.client() };
  if (addon === "coredns") await coreDNSAddon({ ...run, warn: (m) => data.log.warn(m, "dns.go:205") });
  else await kubeProxyAddon({ ...run, localAPIEndpoint: cfg.localAPIEndpoint, env: data.env });
}
