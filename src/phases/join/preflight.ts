/**
 * join phase preflight (upstream runPreflight): the root check and the join node checks, then the
 * cluster's configuration, which is where discovery happens (the bootstrap token, CA pins, JWS).
 * A joining control plane then needs a stable controlPlaneEndpoint and (without
 * --certificate-key) the shared certificates on disk, passes init's node checks for a secondary
 * control plane, and pulls the control-plane images (dry-run: says it would).
 */
import { KubeadmError } from "../../util/errors.js";
import type { ClusterConfiguration } from "../../config/types.js";
import type { Phase } from "../../workflow/types.js";
import type { JoinData } from "./data.js";

export const preflightPhase: Phase<JoinData> = {
  name: "preflight [api-server-endpoint]",
  short: "Run join pre-flight checks",
  long: "Run pre-flight checks for kubeadm join.",
  example: [
    "  # Run join pre-flight checks using a config file.",
    "  kubeadm join phase preflight --config kubeadm-config.yaml",
  ].join("\n"),
  inheritFlags: ["apiserver-advertise-address", "apiserver-bind-port", "certificate-key", "config", "control-plane", "cri-socket", "discovery-file", "discovery-token", "discovery-token-ca-cert-hash", "discovery-token-unsafe-skip-ca-verification", "dry-run", "ignore-preflight-errors", "node-name", "tls-bootstrap-token", "token"],
  run,
};

async function run(data: JoinData): Promise<void> {
  const pf = await import("../../preflight/index.js");
  const v1 = (msg: string, origin: string): void => {
    if (data.verbosity >= 1) data.log.info(msg, origin);
  };
  data.out.write("[preflight] Running pre-flight checks\n");
  v1("[preflight] Running general checks", "preflight.go:93");
  const o = { ignore: data.ignorePreflightErrors, stdout: data.out as never, stderr: data.stderr as never, logger: data.log };
  try {
    await pf.runRootCheckOnly(o);
    await pf.runJoinNodeChecks(data.cfg, o);
  } catch (err) {
    if (err instanceof KubeadmError) throw err;
    throw new KubeadmError((err as Error).message, 1, { cause: err });
  }
  const init = await data.initCfg();
  v1("[preflight] Running configuration dependant checks", "preflight.go:108");
  if (!data.cfg.controlPlane) return;
  const hasCertificateKey = data.cfg.controlPlane.certificateKey !== "";
  const notReady = await checkIfReadyForAdditionalControlPlane(init.clusterConfiguration, hasCertificateKey, (m) => data.log.warn(m, "certs.go:0"));
  if (notReady) throw new KubeadmError(notReadyToJoinControlPlane(notReady));
  data.out.write("[preflight] Running pre-flight checks before initializing the new control plane instance\n");
  const { controlPlaneImages } = await import("../../config/images.js");
  const { pauseImage } = await import("../../manifests/index.js");
  try {
    await pf.runInitNodeChecks(init, { ...o, isSecondaryControlPlane: true, downloadCerts: hasCertificateKey } as never);
    if (data.dryRun) {
      data.out.write(pf.wouldPullImagesLine());
      return;
    }
    data.out.write(pf.pullImagesIntro());
    await pf.runPullImagesCheck(init, { ...o, images: controlPlaneImages(init.clusterConfiguration), pauseImage: pauseImage(init.clusterConfiguration) } as never);
  } catch (err) {
    if (err instanceof KubeadmError) throw err;
    throw new KubeadmError((err as Error).message, 1, { cause: err });
  }
}

/** The error text when this cluster cannot take another control plane (upstream's template, dedented). */
export function notReadyToJoinControlPlane(reason: string): string {
  return [
    "",
    "One or more conditions for hosting a new control plane instance is not satisfied.",
    "",
    reason,
    "",
    "Please ensure that:",
    "* The cluster has a stable controlPlaneEndpoint address.",
    "* The certificates that must be shared among control plane instances are provided.",
    "",
    "",
  ].join("\n");
}

/**
 * Upstream checkIfReadyForAdditionalControlPlane: a controlPlaneEndpoint is required; without a
 * certificate key the shared CAs (cluster, front-proxy, etcd unless external) and the service
 * account key pair must be on disk (SharedCertificateExists; a CA without its key is only a
 * warning: external CA). Returns the reason, or undefined when ready.
 */
export async function checkIfReadyForAdditionalControlPlane(cluster: ClusterConfiguration, hasCertificateKey: boolean, warn: (m: string) => void): Promise<string | undefined> {
  if (cluster.controlPlaneEndpoint === "") return "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address";
  if (hasCertificateKey) return undefined;
  const { pkiStore } = await import("../../pki/index.js");
  const dir = cluster.certificatesDir;
  const errs: string[] = [];
  const out = { print: () => undefined, warn };
  const caCertAndKey = async (base: string, ux: string): Promise<void> => {
    try {
      const cert = await pkiStore.loadCert(dir, base);
      pkiStore.checkCertificatePeriod(out, ux, cert);
      if (!cert.isCA) {
        errs.push(`certificate ${ux} is not a CA`);
        return;
      }
    } catch (err) {
      errs.push(`failure loading certificate for ${ux}: ${(err as Error).message}`);
      return;
    }
    try {
      await pkiStore.loadKey(dir, base);
    } catch (err) {
      warn(`assuming external key for ${ux}: ${(err as Error).message}`);
    }
  };
  await caCertAndKey("ca", "CA");
  try {
    await pkiStore.loadKey(dir, "sa");
    const { readTextFile } = await import("../../host/files.js");
    const { createPublicKey } = await import("node:crypto");
    const file = `${dir.replace(/\/+$/, "")}/sa.pub`;
    let text: string;
    try {
      text = await readTextFile(file);
    } catch (err) {
      const { goOpenError } = await import("../../util/go-errno.js");
      throw new Error(`couldn't load the public key file ${file}: ${goOpenError(err, file)}`);
    }
    try {
      createPublicKey(text);
    } catch (err) {
      throw new Error(`couldn't load the public key file ${file}: ${(err as Error).message}`);
    }
  } catch (err) {
    errs.push(`failure loading key for service account: ${(err as Error).message}`);
  }
  await caCertAndKey("front-proxy-ca", "front-proxy CA");
  if (!cluster.etcd.external) await caCertAndKey("etcd/ca", "etcd CA");
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}
