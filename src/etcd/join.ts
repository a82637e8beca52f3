/**
 * What a joining control plane does to the stacked etcd cluster (upstream's check-etcd and
 * etcd-join, v1.37): check the cluster's health, create the data directory, add this node as a
 * learner before its static Pod is written, then promote it and wait for the cluster to be
 * available. Two implementations with one interface: the real cluster (members found from the
 * etcd static Pods through the API, TLS from <certificatesDir>/etcd), and the dry-run twin that
 * prints upstream's lines.
 */
import type { KubeClient } from "../client/types.js";
import { ensureDir } from "../host/files.js";
import { KubeadmError } from "../util/errors.js";
import { goErrnoText } from "../util/go-errno.js";
import { formatDurationMs } from "../util/duration.js";
import { EtcdClient, memberIdHex, type EtcdClientOptions, type EtcdMember } from "./client.js";

/** upstream etcdHealthyCheckInterval × etcdHealthyCheckRetries */
export const ETCD_HEALTHY_CHECK_INTERVAL_MS = 5_000;
export const ETCD_HEALTHY_CHECK_RETRIES = 8;

export interface TextSink {
  write(text: string): unknown;
}

export interface StackedEtcdJoiner {
  /** check-etcd: every member answers (the real one prints the line first). */
  checkClusterHealth(certificatesDir: string): Promise<void>;
  /** etcd-join: the data directory (0700). */
  ensureDataDir(dir: string): Promise<void>;
  /** etcd-join: MemberAddAsLearner; the members for --initial-cluster (undefined when dry-running). */
  addLearner(nodeName: string, peerURL: string, certificatesDir: string): Promise<EtcdMember[] | undefined>;
  /** etcd-join, after the manifest: promote the learner and wait for the cluster (dry-run: one line). */
  promoteAndWait(peerURL: string): Promise<void>;
  /**
   * Beyond upstream (kubernetes#122826): after a failed etcd-join, removes the member this join
   * added while it is still a learner, and says so (or what to remove by hand).
   */
  removeUnpromotedLearner(peerURL: string): Promise<void>;
  close(): void;
}

export interface RealEtcdJoinerDeps {
  out: TextSink;
  /** admin.conf's client (etcd members are found from the etcd static Pods). */
  client(): Promise<KubeClient>;
  etcdOptions?: EtcdClientOptions;
  /** For tests: the health wait's rounds. */
  healthyCheck?: { retries: number; intervalMs: number };
}

export function realEtcdJoiner(deps: RealEtcdJoinerDeps): StackedEtcdJoiner {
  let etcd: EtcdClient | undefined;
  let added = false;
  const connect = async (certificatesDir: string): Promise<EtcdClient> => {
    etcd ??= await EtcdClient.fromCluster(await deps.client(), certificatesDir, deps.etcdOptions);
    return etcd;
  };
  const hc = deps.healthyCheck ?? { retries: ETCD_HEALTHY_CHECK_RETRIES, intervalMs: ETCD_HEALTHY_CHECK_INTERVAL_MS };
  return {
    async checkClusterHealth(certificatesDir) {
      deps.out.write("[check-etcd] Checking that the etcd cluster is healthy\n");
      const c = await connect(certificatesDir);
      try {
        await c.checkClusterHealth();
      } catch (err) {
        throw new KubeadmError(`etcd cluster is not healthy: ${(err as Error).message}`, 1, { cause: err });
      }
    },
    async ensureDataDir(dir) {
      try {
        await ensureDir(dir, 0o700);
      } catch (err) {
        throw new KubeadmError(`failed to create the etcd data directory: ${JSON.stringify(dir)}: mkdir ${dir}: ${goErrnoText(err)}`, 1, { cause: err });
      }
    },
    async addLearner(nodeName, peerURL, certificatesDir) {
      const c = await connect(certificatesDir);
      const members = await c.addMember(nodeName, peerURL, true);
      added = true;
      deps.out.write("[etcd] Announced new etcd member joining to the existing etcd cluster\n");
      return members;
    },
    async promoteAndWait(peerURL) {
      if (!etcd) throw new KubeadmError("etcd client not initialised before promoting the learner");
      const id = await etcd.memberID(peerURL);
      await etcd.promoteMember(id);
      deps.out.write(`[etcd] Waiting for the new etcd member to join the cluster. This can take up to ${formatDurationMs(hc.retries * hc.intervalMs)}\n`);
      await etcd.waitForClusterAvailable(hc.retries, hc.intervalMs);
    },
    async removeUnpromotedLearner(peerURL) {
      if (!etcd || !added) return;
      let learner: EtcdMember | undefined;
      try {
        learner = (await etcd.listMembers()).find((m) => m.peerURLs[0] === peerURL && m.isLearner);
        if (!learner) return;
        await etcd.removeMember(learner.id);
        deps.out.write(`[etcd] Removed the etcd learner member ${memberIdHex(learner.id)} (${peerURL}) that this join added, as the join failed before promoting it\n`);
      } catch (err) {
        const what = learner ? `${memberIdHex(learner.id)} (${peerURL})` : `with peer URL ${peerURL}`;
        deps.out.write(`[etcd] Could not remove the etcd learner member ${what} that this join added: ${(err as Error).message}; remove it with "etcdctl member remove <ID>" before joining this node again\n`);
      }
    },
    close() {
      etcd?.close();
    },
  };
}

export function dryRunEtcdJoiner(out: TextSink): StackedEtcdJoiner {
  return {
    async checkClusterHealth() {
      out.write("[dryrun] Would check that the etcd cluster is healthy\n");
    },
    async ensureDataDir(dir) {
      out.write(`[control-plane-join] Would ensure that ${JSON.stringify(dir)} directory is present\n`);
    },
    async addLearner(_nodeName, peerURL) {
      out.write(`[etcd] Would add etcd member: ${peerURL}\n`);
      return undefined;
    },
    async promoteAndWait() {
      out.write("[etcd] Would wait for the new etcd member to join the cluster\n");
    },
    async removeUnpromotedLearner() {},
    close() {},
  };
}
