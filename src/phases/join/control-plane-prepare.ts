/**
 * join phase control-plane-prepare: prepares the machine to serve a control plane: downloads the
 * shared certificates (with --certificate-key: the kubeadm-certs Secret read with the TLS
 * bootstrap identity, decrypted, each value written as a key (0600) or a certificate (0644) as
 * upstream's writeCertOrKey decides), then the node's own certificates, kubeconfig files and
 * static Pod manifests (not implemented yet in kubeadm-ts). Nothing on a worker.
 */
import type { Phase } from "../../workflow/types.js";
import { bootstrapClient, controlPlaneOnlyNotImplementedYet, v1 } from "./common.js";
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
      run: controlPlaneOnlyNotImplementedYet("join/control-plane-prepare/certs"),
    },
    {
      name: "kubeconfig [api-server-endpoint]",
      short: "Generate the kubeconfig for the new control plane components",
      inheritFlags: ["certificate-key", "config", "control-plane", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "tls-bootstrap-token", "token"],
      run: controlPlaneOnlyNotImplementedYet("join/control-plane-prepare/kubeconfig"),
    },
    {
      name: "control-plane",
      short: "Generate the manifests for the new control plane components",
      inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "config", "control-plane", "dry-run", "patches"],
      args: { kind: "none" },
      run: controlPlaneOnlyNotImplementedYet("join/control-plane-prepare/control-plane"),
    },
  ],
};

/** download-certs (exported for tests). */
export async function downloadCerts(data: JoinData): Promise<void> {
  const key = data.cfg.controlPlane?.certificateKey ?? "";
  if (!data.cfg.controlPlane || key === "") {
    v1(data, "[download-certs] Skipping certs download", "controlplaneprepare.go:0");
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
