/**
 * init phase show-join-command: the success message with the join commands, once per
 * bootstrap token; host, port and CA pins come from the admin kubeconfig.
 */
import { wrapError } from "../../util/errors.js";
import type { InitData } from "./data.js";
import type { Phase } from "../../workflow/types.js";

export const showJoinCommandPhase: Phase<InitData> = {
  name: "show-join-command",
  short: "Show the join command for control-plane and worker node",
  dependencies: ["bootstrap-token", "upload-certs"],
  run,
};

async function run(data: InitData): Promise<void> {
  const { initSuccessMessage, joinCommand, joinTargetFromKubeconfig } = await import("../../cluster/index.js");
  const kubeConfigPath = data.kubeConfigPath;
  for (const token of data.tokens()) {
    try {
      const target = await joinTargetFromKubeconfig(kubeConfigPath);
      const common = { server: target.server, caCertHashes: target.caCertHashes, token, skipTokenPrint: data.skipTokenPrint };
      data.out.write(
        initSuccessMessage({
          kubeConfigPath,
          controlPlaneEndpoint: data.cfg.clusterConfiguration.controlPlaneEndpoint,
          uploadCerts: data.uploadCerts,
          joinControlPlaneCommand: joinCommand({
            ...common,
            controlPlane: true,
            certificateKey: data.skipCertificateKeyPrint && data.certificateKey() === "" ? "<value withheld>" : data.certificateKey(),
            skipCertificateKeyPrint: data.skipCertificateKeyPrint,
          }),
          joinWorkerCommand: joinCommand({ ...common, controlPlane: false }),
        }),
      );
    } catch (err) {
      throw wrapError(err, "failed to print join command");
    }
  }
}
