/** init phase upload-certs: with --upload-certs, the shared certificates encrypted into the kubeadm-certs Secret. */
import { wrapError } from "../../util/errors.js";
import type { InitData } from "./data.js";

export async function run(data: InitData): Promise<void> {
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
  if (!data.skipCertificateKeyPrint) data.out.write(lib.certificateKeyLines(data.certificateKey()));
}
