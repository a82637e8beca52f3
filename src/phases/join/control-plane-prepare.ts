/**
 * join phase control-plane-prepare: prepares the machine to serve a control plane: downloads the
 * shared certificates (with --certificate-key: the kubeadm-certs Secret read with the TLS
 * bootstrap identity, decrypted, each value written as a key (0600) or a certificate (0644) as
 * upstream's writeCertOrKey decides), then the node's own certificates (upstream's
 * CreatePKIAssets: the CAs must be there, the leaves are made or checked), admin.conf,
 * controller-manager.conf and scheduler.conf (not in external CA mode), and the three static Pod
 * manifests (the certificates' paths are /etc/kubernetes/pki's when dry-running, as upstream).
 * Nothing on a worker.
 */
import * as path from "node:path";
import type { Phase } from "../../workflow/types.js";
import { bootstrapClient, v1 } from "./common.js";
import { KubeadmError, wrapError } from "../../util/errors.js";
import type { JoinData } from "./data.js";

export const controlPlanePreparePhase: Phase<JoinData> = {
  name: "control-plane-prepare",
  short: "Prepare the machine for serving a control plane",
  example: [
    "  # Prepares the machine for serving a control plane",
    "  kubeadm join phase control-plane-prepare all",
  ].join("\n"),
  phases: [
    {
      name: "all [api-server-endpoint]",
      short: "Prepare the machine for serving a control plane",
      runAllSiblings: true,
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "node-name", "patches", "tls-bootstrap-token", "token"],
    },
    {
      name: "download-certs [api-server-endpoint]",
      short: "Download certificates shared among control-plane nodes from the kubeadm-certs Secret",
      inheritFlags: ["certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "tls-bootstrap-token", "token"],
      run: downloadCerts,
    },
    {
      name: "certs [api-server-endpoint]",
      short: "Generate the certificates for the new control plane components",
      inheritFlags: ["apiserver-advertise-address", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "node-name", "tls-bootstrap-token", "token"],
      run: certs,
    },
    {
      name: "kubeconfig [api-server-endpoint]",
      short: "Generate the kubeconfig for the new control plane components",
      inheritFlags: ["certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "tls-bootstrap-token", "token"],
      run: kubeconfig,
    },
    {
      name: "control-plane",
      short: "Generate the manifests for the new control plane components",
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "config", "control-plane", "dry-run", "patches"],
      args: { kind: "none" },
      run: controlPlane,
    },
  ],
};

/** download-certs (exported for tests). */
export async function downloadCerts(data: JoinData): Promise<void> {
  const key = data.cfg.controlPlane?.certificateKey ?? "";
  if (!data.cfg.controlPlane || key === "") {
    v1(data, "[download-certs] Skipping certs download", "controlplaneprepare.go:225");
    return;
  }
  const init = await data.initCfg();
  // dry-run writes into its directory
  const cluster = { ...init.clusterConfiguration, certificatesDir: await data.certificateWriteDir() };
  const client = await bootstrapClient(data, "unable to access the cluster", true);
  const m = await import("../../cluster/upload-certs.js");
  const { ensureDir, writeFileAtomic } = await import("../../host/files.js");
  const path = await import("node:path");
  try {
    await m.downloadCerts(client, cluster, key, data.out, async (name, file, content) => {
      if (content.length === 0) return;
      const kind = m.certOrKeyKind(content);
      if (!kind) throw new KubeadmError("unknown data found in Secret entry");
      await ensureDir(path.dirname(file), 0o755);
      await writeFileAtomic(file, content, kind === "key" ? 0o600 : 0o644);
    });
  } catch (err) {
    throw wrapError(err, "error downloading certs");
  } finally {
    if (!data.dryRun) client.close();
  }
}

/** The certificates a control plane needs that were not downloaded (upstream CreatePKIAssets). */
async function certs(data: JoinData): Promise<void> {
  if (!data.cfg.controlPlane) return;
  const init = await data.initCfg();
  data.out.write(`[certs] Using certificateDir folder ${JSON.stringify(init.clusterConfiguration.certificatesDir)}\n`);
  const { pkiInputOf } = await import("../../pki/input.js");
  const { createPkiAssets } = await import("../certificates.js");
  const dir = await data.certificateWriteDir();
  await createPkiAssets(
    { ...pkiInputOf(init), certificatesDir: dir, certificateWriteDir: dir, startTime: data.startTime },
    { print: (l) => void data.out.write(`${l}\n`), warn: (m) => data.log.warn(m, "certs.go:0") },
    { v1: (m, origin) => v1(data, m, origin) },
  );
}

const JOIN_KUBECONFIG_FILES = ["admin.conf", "controller-manager.conf", "scheduler.conf"] as const;

/** admin.conf, controller-manager.conf, scheduler.conf (upstream CreateJoinControlPlaneKubeConfigFiles). */
async function kubeconfig(data: JoinData): Promise<void> {
  if (!data.cfg.controlPlane) return;
  const init = await data.initCfg();
  data.out.write("[kubeconfig] Generating kubeconfig files\n");
  data.out.write(`[kubeconfig] Using kubeconfig folder ${JSON.stringify(data.kubeConfigDir)}\n`);
  const dir = await data.certificateWriteDir();
  const path = await import("node:path");
  const { fileExists } = await import("../../host/files.js");
  const externalCA = !(await fileExists(path.join(dir, "ca.key")));
  const kc = await import("../../kubeconfig/index.js");
  const { onDemandKeys } = await import("../../pki/keypool.js");
  const cluster = init.clusterConfiguration;
  try {
    for (const file of JOIN_KUBECONFIG_FILES) {
      if (externalCA) {
        data.out.write(`[kubeconfig] External CA mode: Using user provided ${file}\n`);
        continue;
      }
      const specs = kc.kubeconfigSpecs({
        cluster: { ...cluster, certificatesDir: dir },
        localAPIEndpoint: init.localAPIEndpoint,
        nodeName: init.nodeRegistration.name,
        warn: (m) => data.log.warn(m, "endpoint.go:0"),
      });
      const ca = await kc.loadKubeconfigCA(dir, cluster.encryptionAlgorithm, onDemandKeys(cluster.encryptionAlgorithm));
      const notAfter = new Date(data.startTime.getTime() + cluster.certificateValidityPeriod);
      await kc.createKubeconfigFile(data.kubeConfigDir, specs[file]!, ca, notAfter, data.out, (m) => data.log.warn(m, "kubeconfig.go:0"));
    }
  } catch (err) {
    throw wrapError(err, "error generating kubeconfig files");
  }
}

/** The static Pod manifests of kube-apiserver, kube-controller-manager and kube-scheduler. */
async function controlPlane(data: JoinData): Promise<void> {
  if (!data.cfg.controlPlane) return;
  const init = await data.initCfg();
  data.out.write(`[control-plane] Using manifest folder ${JSON.stringify(data.manifestDir)}\n`);
  const m = await import("../../manifests/index.js");
  const { nodeControlPlanePods } = await import("../init/control-plane.js");
  const { usingExternalCA } = await import("../init/external-ca.js");
  // the manifests name the real certificate paths when dry-running
  const cluster = data.dryRun ? { ...init.clusterConfiguration, certificatesDir: "/etc/kubernetes/pki" } : init.clusterConfiguration;
  let patches;
  if (data.patchesDir) {
    const { patchManagerForPath } = await import("../../patches/index.js");
    patches = await patchManagerForPath(data.patchesDir, data.out);
  }
  const pods = await nodeControlPlanePods({ ...init, clusterConfiguration: cluster }, data.env, (await usingExternalCA(cluster)).external, data.log);
  for (const component of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
    data.out.write(`[control-plane] Creating static Pod manifest for ${JSON.stringify(component)}\n`);
    v1(data, "[control-plane] getting StaticPodSpecs", "manifests.go:125");
    await m.writePatchedStaticPod(component, pods[component], patches, data.manifestDir);
    v1(data, `[control-plane] wrote static Pod manifest for component ${JSON.stringify(component)} to ${JSON.stringify(path.join(data.manifestDir, `${component}.yaml`))}`, "manifests.go:178");
  }
}
