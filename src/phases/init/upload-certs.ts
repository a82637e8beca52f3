/** init phase upload-certs: with --upload-certs, the shared certificates encrypted into the kubeadm-certs Secret. */
import { wrapError } from "../../util/errors.js";
import type { InitData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

export const uploadCertsPhase: Phase<InitData> = {
  name: "upload-certs",
  short: "Upload certificates to kubeadm-certs",
  long: "Upload control plane certificates to the kubeadm-certs Secret",
  inheritFlags: ["certificate-key", "config", "dry-run", "kubeconfig", "skip-certificate-key-print", "upload-certs"],
  run,
};

async function run(data: InitData): Promise<void> {
  const lib = await import("../../cluster/upload-certs.js");
  if (!data.uploadCerts) {
    data.out.write(lib.SKIP_UPLOAD_CERTS_LINE);
    return;
  }
  const client = await data.client();
  if (data.certificateKey() === "") {
    const { createCertificateKey } = await import("../../cluster/certs-crypto.js");
    data.setCertificateKey(createCertificateKey());
  }
  try {
    await lib.uploadCerts(client, data.cfg.clusterConfiguration, data.certificateKey(), data.out);
  } catch (err) {
    throw wrapError(err, "error uploading certs");
  }
  if (!data.skipCertificateKeyPrint) data.out.write(lib.certificateKeyLines(data.certificateKey(), data.dryRun));
}
