/**
 * The real API client of `kubeadm init` (upstream initData.Client): with the default
 * --kubeconfig, admin.conf pointed at the local API endpoint and the
 * kubeadm:cluster-admins ClusterRoleBinding ensured first (super-admin.conf creates it
 * when admin.conf may not yet); otherwise a client from the given kubeconfig.
 */
import * as path from "node:path";
import { ADMIN_KUBECONFIG, CLUSTER_ADMINS_GROUP, KUBERNETES_DIR, SUPER_ADMIN_KUBECONFIG } from "../../constants.js";
import { clientFromKubeconfig, isAlreadyExists, isForbidden, readKubeconfigFile, waitFor, type KubeClient } from "../../client/index.js";
import { fileExists } from "../../host/files.js";
import { KubeadmError } from "../../util/errors.js";
import type { InitData } from "./data.js";

const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * How often the admin ClusterRoleBinding is tried while the API server starts (upstream: every
 * 500 ms). This first call is what waits for the API server to answer after the kubelet starts
 * it; trying five times as often lets init go on up to 400 ms sooner, for a refused local
 * connection or a 503 every 100 ms.
 */
const BOOTSTRAP_RETRY_INTERVAL_MS = 100;

/** https://<advertise address>:<bind port> (IPv6 bracketed). */
export function localAPIServerURL(data: Pick<InitData, "cfg">): string {
  const ep = data.cfg.localAPIEndpoint;
  const host = ep.advertiseAddress.includes(":") ? `[${ep.advertiseAddress}]` : ep.advertiseAddress;
  return `https://${host}:${ep.bindPort}`;
}

function clusterAdminsBinding() {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: CLUSTER_ADMINS_GROUP },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: CLUSTER_ADMINS_GROUP }],
  };
}

export async function clientForInit(data: InitData): Promise<KubeClient> {
  const adminPath = path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG);
  // upstream's KubeConfig() + ToClientSet: LoadFromFile's failure as it is
  if (data.kubeConfigPath !== adminPath) return clientFromKubeconfig(await readKubeconfigFile(data.kubeConfigPath));
  try {
    return await ensureAdminClusterRoleBinding(data);
  } catch (err) {
    throw new KubeadmError(`could not bootstrap the admin user in file ${ADMIN_KUBECONFIG}: ${msg(err)}`, 1, { cause: err });
  }
}

async function ensureAdminClusterRoleBinding(data: InitData): Promise<KubeClient> {
  const server = localAPIServerURL(data);
  // LoadFromFile, every cluster pointed at the local API server (PointKubeConfigToLocalAPIEndpoint), ToClientSet
  const local = async (file: string): Promise<KubeClient> => {
    const kc = await readKubeconfigFile(file);
    for (const c of kc.clusters.values()) c.server = server;
    return clientFromKubeconfig(kc);
  };
  const admin = await local(path.join(KUBERNETES_DIR, ADMIN_KUBECONFIG));
  const superPath = path.join(KUBERNETES_DIR, SUPER_ADMIN_KUBECONFIG);
  const superAdmin = (await fileExists(superPath)) ? await local(superPath) : undefined;
  const timeoutMs = data.cfg.timeouts.kubernetesAPICall || 60_000;
  let forbidden = false;
  const first = await waitFor({ intervalMs: BOOTSTRAP_RETRY_INTERVAL_MS, timeoutMs }, async () => {
    try {
      await admin.create("clusterrolebindings", clusterAdminsBinding() as never);
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return true;
      if (isForbidden(err)) {
        forbidden = true;
        return true;
      }
      throw err;
    }
  });
  if (!first.ok) throw new KubeadmError(`unable to create ClusterRoleBinding: ${msg(first.lastError)}`);
  if (!forbidden) return admin;
  if (!superAdmin) {
    throw new KubeadmError(`the ClusterRoleBinding for the ${CLUSTER_ADMINS_GROUP} Group is missing but there is no ${SUPER_ADMIN_KUBECONFIG} to create it`);
  }
  const second = await waitFor({ intervalMs: BOOTSTRAP_RETRY_INTERVAL_MS, timeoutMs }, async () => {
    try {
      await superAdmin.create("clusterrolebindings", clusterAdminsBinding() as never);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    return true;
  });
  if (!second.ok) {
    throw new KubeadmError(`unable to create the ${CLUSTER_ADMINS_GROUP} ClusterRoleBinding by using ${SUPER_ADMIN_KUBECONFIG}: ${msg(second.lastError)}`);
  }
  return admin;
}
