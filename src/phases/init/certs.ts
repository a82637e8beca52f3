/**
 * init phase certs: the parent prints the certificate folder; each sub-phase (ca, apiserver, ...,
 * sa) creates or reuses one certificate (src/phases/certificates.ts, loaded lazily), with a key
 * the run started generating when its data was loaded (keys.ts).
 */
import type { Phase } from "../../workflow/types.js";
import { pkiInput, pkiOutput } from "./common.js";
import type { InitData } from "./data.js";

/** Flags of the certificate phases (upstream's getCertPhaseFlags). */
const CERT_PHASE_FLAGS = ["cert-dir", "config", "dry-run", "kubernetes-version"];
/** The apiserver certificate also depends on the addresses and names it is served under. */
const APISERVER_CERT_FLAGS = ["apiserver-advertise-address", "apiserver-cert-extra-sans", "cert-dir", "config", "control-plane-endpoint", "dry-run", "kubernetes-version", "service-cidr", "service-dns-domain"];

/** A certificate phase's long text (upstream's genericLongDesc, with the SANs line where there is one). */
function certLong(what: string, baseName: string, sans?: string): string {
  return [
    `Generate ${what}, and save them into ${baseName}.crt and ${baseName}.key files.`,
    "",
    ...(sans ? [sans, ""] : []),
    "If both files already exist, kubeadm skips the generation step and existing files will be used.",
  ].join("\n");
}

/** One certs sub-phase, by its name on the command line. */
function certSubPhase(name: string, short: string, long: string, inheritFlags = CERT_PHASE_FLAGS): Phase<InitData> {
  return {
    name,
    short,
    long,
    inheritFlags,
    async run(data) {
      const certs = await import("../certificates.js");
      await certs.runCertSubPhase(name, pkiInput(data), pkiOutput(data), { externalCA: data.externalCA, keys: data.keys });
    },
  };
}

const ETCD_SANS = "Default SANs are localhost, 127.0.0.1, 127.0.0.1, ::1";

export const certsPhase: Phase<InitData> = {
  name: "certs",
  short: "Certificate generation",
  async run(data) {
    const certs = await import("../certificates.js");
    certs.runCertsParent(pkiInput(data), pkiOutput(data));
  },
  phases: [
    { name: "all", short: "Generate all certificates", runAllSiblings: true, inheritFlags: APISERVER_CERT_FLAGS },
    certSubPhase("ca", "Generate the self-signed Kubernetes CA to provision identities for other Kubernetes components", certLong("the self-signed Kubernetes CA to provision identities for other Kubernetes components", "ca")),
    certSubPhase("apiserver", "Generate the certificate for serving the Kubernetes API", certLong("the certificate for serving the Kubernetes API", "apiserver"), APISERVER_CERT_FLAGS),
    certSubPhase("apiserver-kubelet-client", "Generate the certificate for the API server to connect to kubelet", certLong("the certificate for the API server to connect to kubelet", "apiserver-kubelet-client")),
    certSubPhase("front-proxy-ca", "Generate the self-signed CA to provision identities for front proxy", certLong("the self-signed CA to provision identities for front proxy", "front-proxy-ca")),
    certSubPhase("front-proxy-client", "Generate the certificate for the front proxy client", certLong("the certificate for the front proxy client", "front-proxy-client")),
    certSubPhase("etcd-ca", "Generate the self-signed CA to provision identities for etcd", certLong("the self-signed CA to provision identities for etcd", "etcd/ca")),
    certSubPhase("etcd-server", "Generate the certificate for serving etcd", certLong("the certificate for serving etcd", "etcd/server", ETCD_SANS)),
    certSubPhase("etcd-peer", "Generate the certificate for etcd nodes to communicate with each other", certLong("the certificate for etcd nodes to communicate with each other", "etcd/peer", ETCD_SANS)),
    certSubPhase("etcd-healthcheck-client", "Generate the certificate for liveness probes to healthcheck etcd", certLong("the certificate for liveness probes to healthcheck etcd", "etcd/healthcheck-client")),
    certSubPhase("apiserver-etcd-client", "Generate the certificate the apiserver uses to access etcd", certLong("the certificate the apiserver uses to access etcd", "apiserver-etcd-client")),
    certSubPhase(
      "sa",
      "Generate a private key for signing service account tokens along with its public key",
      [
        "Generate the private key for signing service account tokens along with its public key, and save them into sa.key and sa.pub files.",
        "",
        "If both files already exist, kubeadm skips the generation step and existing files will be used.",
      ].join("\n"),
    ),
  ],
};
