// hostPath volumes of kube-apiserver, kube-controller-manager and kube-scheduler (manifests.md §1.7,
// as upstream v1.36 writes them: no flexvolume-dir volume any more).
import * as path from "node:path";
import type { ClusterConfiguration, ExternalEtcd, HostPathMount } from "../config/types.js";
import {
  CA_CERTS_EXTRA_VOLUME_PATHS,
  CA_CERTS_VOLUME_PATH,
  CONTROLLER_MANAGER_KUBECONFIG,
  KUBE_APISERVER,
  KUBE_CONTROLLER_MANAGER,
  KUBE_SCHEDULER,
  KUBERNETES_DIR,
  SCHEDULER_KUBECONFIG,
} from "../constants.js";
import { HostPathMounts } from "./pod.js";

const DIR_OR_CREATE = "DirectoryOrCreate";
const FILE_OR_CREATE = "FileOrCreate";

export interface ControlPlaneMounts {
  [KUBE_APISERVER]: HostPathMounts;
  [KUBE_CONTROLLER_MANAGER]: HostPathMounts;
  [KUBE_SCHEDULER]: HostPathMounts;
}

/** `/a/b` → `a-b`: the volume name upstream derives from a CA directory path. */
export function volumeNameForPath(p: string): string {
  return p.replace(/\//g, "-").slice(1);
}

/**
 * The volumes of the three control-plane components.
 * `existingCADirs`: which of CA_CERTS_EXTRA_VOLUME_PATHS exist on the host (checked by the caller).
 */
export function controlPlaneMounts(cfg: ClusterConfiguration, existingCADirs: readonly string[]): ControlPlaneMounts {
  const api = new HostPathMounts();
  const kcm = new HostPathMounts();
  const sched = new HostPathMounts();
  const pki = cfg.certificatesDir;

  api.add("k8s-certs", pki, pki, true, DIR_OR_CREATE);
  api.add("ca-certs", CA_CERTS_VOLUME_PATH, CA_CERTS_VOLUME_PATH, true, DIR_OR_CREATE);
  if (cfg.etcd.external) {
    for (const v of etcdCertVolumes(cfg.etcd.external, pki)) api.add(v.name, v.dir, v.dir, true, DIR_OR_CREATE);
  }

  kcm.add("k8s-certs", pki, pki, true, DIR_OR_CREATE);
  kcm.add("ca-certs", CA_CERTS_VOLUME_PATH, CA_CERTS_VOLUME_PATH, true, DIR_OR_CREATE);
  const kcmConf = path.posix.join(KUBERNETES_DIR, CONTROLLER_MANAGER_KUBECONFIG);
  kcm.add("kubeconfig", kcmConf, kcmConf, true, FILE_OR_CREATE);

  const schedConf = path.posix.join(KUBERNETES_DIR, SCHEDULER_KUBECONFIG);
  sched.add("kubeconfig", schedConf, schedConf, true, FILE_OR_CREATE);

  for (const dir of CA_CERTS_EXTRA_VOLUME_PATHS) {
    if (!existingCADirs.includes(dir)) continue;
    const name = volumeNameForPath(dir);
    api.add(name, dir, dir, true, DIR_OR_CREATE);
    kcm.add(name, dir, dir, true, DIR_OR_CREATE);
  }

  addExtraVolumes(api, cfg.apiServer.extraVolumes);
  addExtraVolumes(kcm, cfg.controllerManager.extraVolumes);
  addExtraVolumes(sched, cfg.scheduler.extraVolumes);
  return { [KUBE_APISERVER]: api, [KUBE_CONTROLLER_MANAGER]: kcm, [KUBE_SCHEDULER]: sched };
}

/** User extraVolumes, added last: a name already present is replaced (volume and mount). */
function addExtraVolumes(m: HostPathMounts, extra: readonly HostPathMount[]): void {
  for (const v of extra) m.add(v.name, v.hostPath, v.mountPath, v.readOnly === true, v.pathType ?? "");
}

/**
 * External etcd: the directories of caFile/certFile/keyFile that are not already mounted
 * (/etc/ssl/certs, the optional CA dirs, the certificates dir), nested ones folded into their
 * parent, sorted; named etcd-certs-0, etcd-certs-1, ...
 */
export function etcdCertVolumes(ext: ExternalEtcd, certificatesDir: string): Array<{ name: string; dir: string }> {
  const dirs = new Set<string>();
  for (const file of [ext.caFile, ext.certFile, ext.keyFile]) {
    const dir = path.posix.dirname(file);
    if (dir === ".") continue;
    if (CA_CERTS_EXTRA_VOLUME_PATHS.some((p) => dir.startsWith(p))) continue;
    if (dir.startsWith(CA_CERTS_VOLUME_PATH) || dir.startsWith(certificatesDir)) continue;
    let covered = false;
    for (const existing of [...dirs].sort()) {
      if (existing.startsWith(dir)) dirs.delete(existing);
      else if (dir.startsWith(existing)) covered = true;
    }
    if (!covered) dirs.add(dir);
  }
  return [...dirs].sort().map((dir, i) => ({ name: `etcd-certs-${i}`, dir }));
}
