/**
 * reset phase remove-etcd-member: on a control-plane node with stacked etcd, remove this node's
 * member from the etcd cluster and empty the etcd data directory; with external etcd, say so.
 */
import * as path from "node:path";
import type { InitConfiguration } from "../../config/types.js";
import type { ConfigLogger } from "../../util/log.js";
import { DEFAULT_ETCD_DATA_DIR, DEFAULT_MANIFESTS_DIR } from "../../constants.js";
import { KubeadmError } from "../../util/errors.js";
import { formatURLHost } from "./url-host.js";
import type { ResetData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

const ETCD_DATA_VOLUME = "etcd-data";

/**
 * Where this node's etcd keeps its data: the cluster configuration's local etcd, else the
 * etcd static Pod's "etcd-data" hostPath volume, else (no manifest) the default. External etcd
 * and unreadable manifests are errors (the caller then assumes external etcd).
 */
export async function etcdDataDir(cfg: InitConfiguration | null, log: ConfigLogger, manifestsDir = DEFAULT_MANIFESTS_DIR): Promise<string> {
  if (cfg) {
    const etcd = cfg.clusterConfiguration.etcd;
    if (etcd.local) return etcd.local.dataDir;
    throw new KubeadmError("external etcd");
  }
  log.warn("[reset] No kubeadm config, using etcd pod spec to get data directory", "removeetcdmember.go:105");
  const manifest = path.join(manifestsDir, "etcd.yaml");
  let text: string;
  try {
    text = await (await import("../../host/files.js")).readTextFile(manifest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_ETCD_DATA_DIR;
    throw err;
  }
  const { parseYamlDocument } = await import("../../config/yaml.js");
  const pod = (await parseYamlDocument(text)).value as { spec?: { volumes?: Array<{ name?: string; hostPath?: { path?: string } }> } } | null;
  const dir = pod?.spec?.volumes?.find((v) => v.name === ETCD_DATA_VOLUME)?.hostPath?.path;
  if (!dir) throw new KubeadmError("invalid etcd pod manifest");
  return dir;
}

async function cleanEtcdDataDir(data: ResetData, dir: string): Promise<void> {
  try {
    await (await import("../../host/reset-node.js")).cleanDir(dir);
    data.out.write(`[reset] Deleted contents of the etcd data directory: ${dir}\n`);
  } catch (err) {
    data.log.warn(`[reset] Failed to delete contents of the etcd directory: ${JSON.stringify(dir)}, error: ${(err as Error).message}`, "removeetcdmember.go:70");
  }
}

export const removeEtcdMemberPhase: Phase<ResetData> = {
  name: "remove-etcd-member",
  short: "Remove a local etcd member.",
  long: "Remove a local etcd member for a control plane node.",
  inheritFlags: ["dry-run", "kubeconfig"],
  run,
};

async function run(data: ResetData): Promise<void> {
  if (data.verbosity >= 1) data.log.info("[reset] Checking for etcd config", "removeetcdmember.go:59");
  let dir: string;
  try {
    dir = await etcdDataDir(data.cfg, data.log);
  } catch {
    data.out.write("[reset] No etcd config found. Assuming external etcd\n");
    data.out.write("[reset] Please, manually reset etcd to prevent further issues\n");
    return;
  }
  const cfg = data.cfg;
  if (cfg) {
    try {
      await data.node.removeEtcdMember(() => removeStackedEtcdMember(data, cfg), () => cleanEtcdDataDir(data, dir), dir);
    } catch (err) {
      data.log.warn(`[reset] Failed to remove etcd member: ${(err as Error).message}, please manually remove this etcd member using etcdctl`, "removeetcdmember.go:67");
    }
  }
  // cleanup-node may have run first (phases re-ordered): clean what is left
  await data.node.cleanLeftoverEtcdDataDir(dir, () => cleanEtcdDataDir(data, dir));
}

/**
 * Upstream RemoveStackedEtcdMemberFromCluster: removes the member whose first peer URL is this
 * node's; the only remaining member is left alone; a member already gone is success.
 */
async function removeStackedEtcdMember(data: ResetData, cfg: InitConfiguration): Promise<void> {
  if (!data.client) throw new KubeadmError("no client to reach the cluster");
  const { EtcdClient } = await import("../../etcd/client.js");
  const certDir = cfg.clusterConfiguration.certificatesDir;
  const etcd = await EtcdClient.fromCluster(data.client, certDir, {
    apiCallTimeoutMs: cfg.timeouts.etcdAPICall,
    kubernetesAPICallTimeoutMs: cfg.timeouts.kubernetesAPICall,
  });
  try {
    const members = await etcd.listMembers();
    const host = formatURLHost(cfg.localAPIEndpoint.advertiseAddress);
    if (members.length === 1 && etcd.endpoints.includes(`https://${host}:2379`)) {
      if (data.verbosity >= 1) data.log.info("[etcd] This is the only remaining etcd member in the etcd cluster, skip removing it", "local.go:109");
      return;
    }
    const peerURL = `https://${host}:2380`;
    const member = members.find((m) => m.peerURLs[0] === peerURL);
    if (!member) return;
    if (data.verbosity >= 1) data.log.info(`[etcd] get the member id from peer: ${member.id}`, "local.go:121");
    await etcd.removeMember(member.id);
  } finally {
    etcd.close();
  }
}
