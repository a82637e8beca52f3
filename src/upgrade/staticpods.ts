/**
 * The static Pod upgrade of a control-plane node (upstream's PerformStaticPodUpgrade,
 * StaticPodControlPlane, upgradeComponent, performEtcdStaticPodUpgrade and rollbackOldManifests):
 * new manifests written to /etc/kubernetes/tmp/kubeadm-upgraded-manifests<random>, etcd first
 * (local etcd, --etcd-upgrade), then kube-apiserver, kube-controller-manager, kube-scheduler: each
 * one's certificates renewed, its old manifest moved to
 * /etc/kubernetes/tmp/kubeadm-backup-manifests-<timestamp>/ and the new one moved in, then a wait
 * for the kubelet to run it and for its Pod to be Running; any failure moves the old manifests
 * back with upstream's error.
 *
 * Beyond upstream:
 * - the etcd backup is a snapshot through etcd's API (etcd/snapshot.ts), not a copy of the data
 *   folder; its path is printed and the rollback says how to restore it;
 * - a component whose mirror Pod in the API is slow to show the new hash, but which the node's
 *   runtime already runs from the new manifest, is not rolled back (kubernetes/kubeadm#2957;
 *   decisions in staticpod-decisions.ts, facts in waiter.ts);
 * - a run killed between moving a manifest out and the new one in is repaired by the next run
 *   (the newest backup of a missing manifest is moved back first), so the rerun completes.
 *
 * Effects go through the UpgradeEffects given (host/, client/, etcd/): tests give fakes.
 */
import * as path from "node:path";
import type { InitConfiguration } from "../config/types.js";
import { ETCD, KUBE_APISERVER } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { formatDurationMs } from "../util/duration.js";
import { etcdSupportedVersion } from "../util/version.js";
import {
  certificatesForComponent,
  etcdSnapshotName,
  etcdVersionDecision,
  imageTagToSemver,
  manifestsEqual,
  rollbackMessage,
  tagFromImage,
  timestampSuffix,
  UPGRADE_ORDER,
} from "./staticpod-decisions.js";

type Json = Record<string, unknown>;

/** The files the upgrade touches (host/upgrade-files.ts in production). */
export interface UpgradeFiles {
  createTempDir(kubernetesDir: string, prefix: string): Promise<string>;
  createNamedTempDir(kubernetesDir: string, name: string): Promise<string>;
  moveFile(src: string, dest: string): Promise<void>;
  readTextIfExists(file: string): Promise<string | null>;
  removeAll(dir: string): Promise<void>;
  tempDirsWithPrefix(kubernetesDir: string, prefix: string): Promise<string[]>;
  /** Removes what killed writers left in `dir` (their temporary files). */
  sweepTempFiles(dir: string): Promise<void>;
}

/** Waits on the API and the node's runtime (waiter.ts in production). */
export interface UpgradeWaiter {
  controlPlaneHashes(nodeName: string): Promise<Record<string, string>>;
  singleHash(nodeName: string, component: string): Promise<string>;
  /** Until the component runs from its new manifest (moved in at `movedAtMs`); upstream's error on timeout. */
  restarted(nodeName: string, component: string, beforeHash: string, movedAtMs: number): Promise<void>;
  /**
   * Until the component's mirror Pod shows the containers of `manifest` (the one in place), or, at
   * the timeout, the runtime runs a ready sandbox of another hash than the mirror Pod's; an error
   * when neither.
   */
  runsManifest(nodeName: string, component: string, manifest: unknown): Promise<void>;
  podsWithLabel(label: string): Promise<void>;
}

/** The local etcd cluster (etcd/ in production). */
export interface UpgradeEtcd {
  checkClusterHealth(): Promise<void>;
  waitForClusterAvailable(retries: number, intervalMs: number): Promise<void>;
  /** A snapshot of this node's member, written atomically to `file`. */
  snapshot(file: string): Promise<{ bytes: number }>;
  close(): void;
}

export interface StaticPodUpgradeInput {
  cfg: InitConfiguration;
  /** /etc/kubernetes. */
  kubernetesDir: string;
  patchesDir: string;
  etcdUpgrade: boolean;
  renewCerts: boolean;
  /** timeouts.upgradeManifests of the UpgradeConfiguration. */
  upgradeManifestsTimeoutMs: number;
  out: { write(text: string): unknown };
  /** klog V(level) lines. */
  v(level: number, msg: string, origin: string): void;
  now(): Date;
  files: UpgradeFiles;
  waiter: UpgradeWaiter;
  /** The etcd client of the running cluster (upstream NewFromCluster), made on first use. */
  etcd(): Promise<UpgradeEtcd>;
  /** upstream's RenewUsingLocalCA: false when the CA is external (not renewable). */
  renew(name: string): Promise<boolean>;
  /** The new manifests (patched), keyed by component; etcd's only with local etcd. */
  newManifests(): Promise<Record<string, Json>>;
  /** The YAML bytes of a manifest as written. */
  writeManifest(component: string, dir: string, pod: Json): Promise<void>;
  parseYaml(text: string): Promise<unknown>;
}

interface PathManager {
  kubernetesDir: string;
  realManifestDir: string;
  tempManifestDir: string;
  backupManifestDir: string;
  backupEtcdDir: string;
  keepEtcdDir: boolean;
}

const manifestPath = (dir: string, component: string): string => path.join(dir, `${component}.yaml`);

/** An error carrying whether the etcd step failed fatally (upstream's (fatal bool, err)). */
class EtcdStepError extends KubeadmError {
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

/** upstream's PerformStaticPodUpgrade. */
export async function performStaticPodUpgrade(input: StaticPodUpgradeInput): Promise<void> {
  const { files, cfg } = input;
  await recoverInterruptedUpgrade(input);
  const isExternalEtcd = cfg.clusterConfiguration.etcd.external !== undefined;
  const realManifestDir = path.join(input.kubernetesDir, "manifests");
  const stamp = timestampSuffix(input.now());
  const pm: PathManager = {
    kubernetesDir: input.kubernetesDir,
    realManifestDir,
    tempManifestDir: await files.createTempDir(input.kubernetesDir, "kubeadm-upgraded-manifests"),
    backupManifestDir: await files.createNamedTempDir(input.kubernetesDir, `kubeadm-backup-manifests-${stamp}`),
    backupEtcdDir: await files.createNamedTempDir(input.kubernetesDir, `kubeadm-backup-etcd-${stamp}`),
    keepEtcdDir: input.etcdUpgrade && !isExternalEtcd,
  };
  await staticPodControlPlane(input, pm, isExternalEtcd);
}

/**
 * A killed run may have moved a component's manifest to its backup folder without moving the new
 * one in: the newest backup of each missing manifest goes back, so this run starts from the state
 * before the interrupted step.
 */
export async function recoverInterruptedUpgrade(input: Pick<StaticPodUpgradeInput, "files" | "kubernetesDir" | "out">): Promise<void> {
  const { files } = input;
  const realDir = path.join(input.kubernetesDir, "manifests");
  const backups = (await files.tempDirsWithPrefix(input.kubernetesDir, "kubeadm-backup-manifests-")).reverse();
  for (const component of [ETCD, ...UPGRADE_ORDER]) {
    const real = manifestPath(realDir, component);
    if ((await files.readTextIfExists(real)) !== null) continue;
    for (const dir of backups) {
      const backup = manifestPath(dir, component);
      if ((await files.readTextIfExists(backup)) === null) continue;
      input.out.write(`[upgrade/staticpods] Restoring the manifest of ${JSON.stringify(component)} from ${JSON.stringify(backup)}, left there by an interrupted upgrade\n`);
      await files.moveFile(backup, real);
      break;
    }
  }
  // the staging folders of killed runs hold nothing worth keeping; a killed snapshot leaves its
  // temporary file in its backup folder
  for (const dir of await files.tempDirsWithPrefix(input.kubernetesDir, "kubeadm-upgraded-manifests")) await files.removeAll(dir);
  for (const dir of await files.tempDirsWithPrefix(input.kubernetesDir, "kubeadm-backup-etcd-")) await files.sweepTempFiles(dir);
}

async function staticPodControlPlane(input: StaticPodUpgradeInput, pm: PathManager, isExternalEtcd: boolean): Promise<void> {
  const { cfg, out, waiter } = input;
  const nodeName = cfg.nodeRegistration.name;
  const recover = new Map<string, string>();
  const beforeHashes = await waiter.controlPlaneHashes(nodeName);

  out.write(`[upgrade/staticpods] Writing new Static Pod manifests to ${JSON.stringify(pm.tempManifestDir)}\n`);
  const manifests = await input.newManifests();
  try {
    for (const component of UPGRADE_ORDER) await input.writeManifest(component, pm.tempManifestDir, manifests[component]!);
  } catch (err) {
    throw new KubeadmError(`error creating init static pod manifest files: ${(err as Error).message}`, 1, { cause: err });
  }

  if (!isExternalEtcd && input.etcdUpgrade) {
    try {
      await performEtcdStaticPodUpgrade(input, pm, recover, manifests[ETCD]);
    } catch (err) {
      if (!(err instanceof EtcdStepError) || err.fatal) throw err;
      out.write(`[upgrade/etcd] Non fatal issue encountered during upgrade: ${err.message}\n`);
    }
  }

  for (const component of UPGRADE_ORDER) await upgradeComponent(input, pm, component, beforeHashes[component] ?? "", recover);

  if (input.renewCerts) {
    for (const kc of ["admin.conf", "super-admin.conf"]) {
      if (kc === "super-admin.conf" && (await input.files.readTextIfExists(path.join(pm.kubernetesDir, kc))) === null) continue;
      let renewed: boolean;
      try {
        renewed = await input.renew(kc);
      } catch (err) {
        throw await rollbackOldManifests(input, pm, recover, `failed to upgrade the ${kc} certificates: ${(err as Error).message}`, false);
      }
      if (!renewed) out.write(`[upgrade/staticpods] External CA detected, ${kc} certificate can't be renewed\n`);
    }
  }

  // CleanupDirs: the staging folder goes; the manifests' backup stays, etcd's when it was used
  await input.files.removeAll(pm.tempManifestDir);
  if (!pm.keepEtcdDir) await input.files.removeAll(pm.backupEtcdDir);
}

async function readPod(input: StaticPodUpgradeInput, file: string): Promise<unknown> {
  const text = await input.files.readTextIfExists(file);
  if (text === null) throw new KubeadmError(`failed to read manifest for ${JSON.stringify(file)}: open ${file}: no such file or directory`);
  try {
    return await input.parseYaml(text);
  } catch (err) {
    throw new KubeadmError(`failed to unmarshal manifest for ${JSON.stringify(file)}: ${(err as Error).message}`, 1, { cause: err });
  }
}

/** upstream's upgradeComponent. */
async function upgradeComponent(input: StaticPodUpgradeInput, pm: PathManager, component: string, beforeHash: string, recover: Map<string, string>): Promise<void> {
  const { out, cfg } = input;
  const recoverEtcd = component === ETCD;
  let apiServerUpgrade = false;
  if (component === ETCD) {
    const a = await readPod(input, manifestPath(pm.realManifestDir, KUBE_APISERVER));
    const b = await readPod(input, manifestPath(pm.tempManifestDir, KUBE_APISERVER));
    apiServerUpgrade = !manifestsEqual(a, b);
  }
  out.write(`[upgrade/staticpods] Preparing for ${JSON.stringify(component)} upgrade\n`);
  const current = manifestPath(pm.realManifestDir, component);
  const next = manifestPath(pm.tempManifestDir, component);
  const backup = manifestPath(pm.backupManifestDir, component);
  recover.set(component, backup);

  const nextPod = await readPod(input, next);
  const equal = manifestsEqual(await readPod(input, current), nextPod);
  if (equal) {
    if (!apiServerUpgrade) {
      out.write(`[upgrade/staticpods] Current and new manifests of ${component} are equal, skipping upgrade\n`);
      // a killed run may have moved this manifest in without seeing the kubelet run it
      await input.waiter.runsManifest(cfg.nodeRegistration.name, component, nextPod);
      return;
    }
    input.v(4, `[upgrade/staticpods] Current and new manifests of ${component} are equal, but ${KUBE_APISERVER} will be upgraded\n`, "staticpods.go:232");
  }

  if (input.renewCerts) {
    try {
      for (const cert of certificatesForComponent(component, cfg.clusterConfiguration.etcd.local !== undefined)) {
        out.write(`[upgrade/staticpods] Renewing ${cert} certificate\n`);
        if (!(await input.renew(cert))) out.write(`[upgrade/staticpods] External CA detected, ${cert} certificate can't be renewed\n`);
      }
    } catch (err) {
      throw await rollbackOldManifests(input, pm, recover, `failed to renew certificates for component ${JSON.stringify(component)}: ${(err as Error).message}`, recoverEtcd);
    }
  }

  if (equal && input.renewCerts) {
    out.write(`[upgrade/staticpods] Restarting the ${component} static pod and backing up its manifest to ${JSON.stringify(backup)}\n`);
  } else {
    out.write(`[upgrade/staticpods] Moving new manifest to ${JSON.stringify(current)} and backing up old manifest to ${JSON.stringify(backup)}\n`);
  }
  try {
    await input.files.moveFile(current, backup);
  } catch (err) {
    throw await rollbackOldManifests(input, pm, recover, (err as Error).message, recoverEtcd);
  }
  const movedAt = input.now().getTime();
  try {
    await input.files.moveFile(next, current);
  } catch (err) {
    throw await rollbackOldManifests(input, pm, recover, (err as Error).message, recoverEtcd);
  }

  out.write("[upgrade/staticpods] Waiting for the kubelet to restart the component\n");
  out.write(`[upgrade/staticpods] This can take up to ${formatDurationMs(input.upgradeManifestsTimeoutMs)}\n`);
  try {
    if (!equal) await input.waiter.restarted(cfg.nodeRegistration.name, component, beforeHash, movedAt);
    await input.waiter.podsWithLabel(`component=${component}`);
  } catch (err) {
    throw await rollbackOldManifests(input, pm, recover, (err as Error).message, recoverEtcd);
  }
  out.write(`[upgrade/staticpods] Component ${JSON.stringify(component)} upgraded successfully!\n`);
}

/** upstream's rollbackOldManifests: every backed-up manifest moved back (etcd's only when asked). */
async function rollbackOldManifests(input: StaticPodUpgradeInput, pm: PathManager, recover: Map<string, string>, origErr: string, restoreEtcd: boolean): Promise<KubeadmError> {
  const errs = [origErr];
  for (const [component, backup] of recover) {
    if (component === ETCD && !restoreEtcd) continue;
    try {
      await input.files.moveFile(backup, manifestPath(pm.realManifestDir, component));
    } catch (err) {
      errs.push((err as Error).message);
    }
  }
  return new KubeadmError(rollbackMessage(errs));
}

/** upstream's performEtcdStaticPodUpgrade, with the snapshot as the backup. */
async function performEtcdStaticPodUpgrade(input: StaticPodUpgradeInput, pm: PathManager, recover: Map<string, string>, etcdPod: Json | undefined): Promise<void> {
  const { cfg, out } = input;
  const local = cfg.clusterConfiguration.etcd.local;
  if (!local) throw new EtcdStepError("external etcd detected, won't try to change any etcd state", false);
  const fatal = (msg: string): EtcdStepError => new EtcdStepError(msg, true);

  let oldEtcd: UpgradeEtcd;
  try {
    oldEtcd = await input.etcd();
  } catch (err) {
    throw fatal(`failed to create etcd client: ${(err as Error).message}`);
  }
  try {
    try {
      await oldEtcd.checkClusterHealth();
    } catch (err) {
      throw fatal(`etcd cluster is not healthy: ${(err as Error).message}`);
    }

    const snapshotFile = path.join(pm.backupEtcdDir, etcdSnapshotName(input.now()));
    try {
      const r = await oldEtcd.snapshot(snapshotFile);
      out.write(`[upgrade/etcd] Saved a snapshot of etcd (${r.bytes} bytes) to ${JSON.stringify(snapshotFile)}\n`);
    } catch (err) {
      throw fatal(`failed to back up etcd data: ${(err as Error).message}`);
    }
    const restoreHint = `the backup of etcd database is stored here:(${snapshotFile}); restore it with 'etcdutl snapshot restore ${snapshotFile} --data-dir <new folder>' and make that folder ${local.dataDir}`;

    let desired: string;
    if (local.imageTag) {
      desired = imageTagToSemver(local.imageTag);
    } else {
      try {
        const r = etcdSupportedVersion(cfg.clusterConfiguration.kubernetesVersion);
        if (r.warning) input.v(1, `[upgrade/etcd] WARNING: ${r.warning}`, "staticpods.go:335");
        desired = r.etcdVersion;
      } catch (err) {
        throw fatal(`failed to retrieve an etcd version for the target Kubernetes version: ${(err as Error).message}`);
      }
    }
    let current: string;
    try {
      const pod = (await readPod(input, manifestPath(pm.realManifestDir, ETCD))) as { spec?: { containers?: Array<{ image?: string }> } };
      current = imageTagToSemver(tagFromImage(pod.spec?.containers?.[0]?.image ?? ""));
    } catch (err) {
      throw fatal(`failed to retrieve the current etcd version: ${(err as Error).message}`);
    }
    let decision;
    try {
      decision = etcdVersionDecision(desired, current);
    } catch (err) {
      throw fatal(`failed comparing the current etcd version ${JSON.stringify(current)} to the desired one ${JSON.stringify(desired)}: ${(err as Error).message}`);
    }
    if (decision.kind === "older") throw new EtcdStepError(decision.message, false);

    const beforeHash = await input.waiter.singleHash(cfg.nodeRegistration.name, ETCD).catch((err: Error) => {
      throw fatal(err.message);
    });
    try {
      if (!etcdPod) throw new KubeadmError("couldn't retrieve StaticPodSpec for \"etcd\"");
      await input.writeManifest(ETCD, pm.tempManifestDir, etcdPod);
    } catch (err) {
      throw fatal(`error creating local etcd static pod manifest file: ${(err as Error).message}`);
    }

    const retries = 10;
    const intervalMs = 15_000;
    /** The old manifest is back: wait for the previous etcd; without it, say where the snapshot is. */
    const previousEtcdBack = async (): Promise<void> => {
      out.write("[upgrade/etcd] Waiting for previous etcd to become available\n");
      try {
        await oldEtcd.waitForClusterAvailable(retries, intervalMs);
      } catch (werr) {
        out.write(`[upgrade/etcd] Failed to healthcheck previous etcd: ${(werr as Error).message}\n`);
        throw fatal(`fatal error rolling back local etcd cluster manifest, ${restoreHint}: ${(werr as Error).message}`);
      }
      out.write("[upgrade/etcd] Etcd was rolled back and is now available\n");
    };
    try {
      await upgradeComponent(input, pm, ETCD, beforeHash, recover);
    } catch (err) {
      out.write(`[upgrade/etcd] Failed to upgrade etcd: ${(err as Error).message}\n`);
      await previousEtcdBack();
      throw fatal(`fatal error when trying to upgrade the etcd cluster, rolled the state back to pre-upgrade state: ${(err as Error).message}`);
    }

    out.write("[upgrade/etcd] Waiting for etcd to become available\n");
    try {
      await oldEtcd.waitForClusterAvailable(retries, intervalMs);
    } catch (err) {
      out.write(`[upgrade/etcd] Failed to healthcheck etcd: ${(err as Error).message}\n`);
      out.write("[upgrade/etcd] Rolling back etcd manifest\n");
      await rollbackOldManifests(input, pm, recover, (err as Error).message, true);
      await previousEtcdBack();
      throw fatal(`fatal error upgrading local etcd cluster, rolled the state back to pre-upgrade state: ${(err as Error).message}`);
    }
  } finally {
    oldEtcd.close();
  }
}
