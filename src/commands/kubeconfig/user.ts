/**
 * `kubeadm kubeconfig user`: prints a kubeconfig for an additional user, with a fresh client
 * certificate signed by the cluster CA or with `--token` as the credential (kubeconfig.md §7).
 * Nothing is written to disk.
 */
import { handler, type CommandSpec } from "../../cli/command.js";
import { commandLogger, flagString, flagStrings } from "../../cli/context.js";
import { cfgPath, clientName, org, tokenKubeconfigUser, validityPeriod } from "../../cli/options.js";
import { formatDurationMs } from "../../util/duration.js";
import { KubeadmError } from "../../util/errors.js";

/** kubeadm's default certificate validity (constants.CertificateValidityPeriod). */
const DEFAULT_VALIDITY_MS = 8760 * 3600_000;

export const userCommand: CommandSpec = {
  use: "user",
  short: "Output a kubeconfig file for an additional user",
  long: "Output a kubeconfig file for an additional user.",
  example: [
    "  # Output a kubeconfig file for an additional user named foo",
    "  kubeadm kubeconfig user --client-name=foo",
    "  ",
    "  # Output a kubeconfig file for an additional user named foo using a kubeadm config file bar",
    "  kubeadm kubeconfig user --client-name=foo --config=bar",
  ].join("\n"),
  flags: [clientName, cfgPath, org, tokenKubeconfigUser, validityPeriod],
  args: { kind: "none" },
  run: handler(async (ctx) => {
    // cobra's MarkFlagRequired: an explicit empty value counts as set
    if (!ctx.changed("client-name")) throw new KubeadmError(`required flag(s) "client-name" not set`);
    const log = commandLogger(ctx);
    const name = flagString(ctx, "client-name");
    const token = flagString(ctx, "token");
    const organizations = flagStrings(ctx, "org");
    const validityMs = typeof ctx.flags["validity-period"] === "number" ? ctx.flags["validity-period"] : DEFAULT_VALIDITY_MS;

    // flags other than --config do not feed the configuration (upstream passes empty objects)
    const { loadInitConfiguration } = await import("../../config/load.js");
    const cfg = await loadInitConfiguration({ configPath: flagString(ctx, "config"), log, skipCRIDetect: true });

    if (validityMs > DEFAULT_VALIDITY_MS) {
      log.warn(
        `WARNING: the specified certificate validity period ${formatDurationMs(validityMs)} is longer than the default duration ${formatDurationMs(DEFAULT_VALIDITY_MS)}, this may increase security risks.`,
        "kubeconfig.go:95",
      );
    }
    const notAfter = new Date(Date.now() + validityMs);
    const cluster = cfg.clusterConfiguration;

    const pki = await import("../../pki/index.js");
    // the CA key is loaded (and required) even when a token is the credential, as upstream does
    let ca: Awaited<ReturnType<typeof pki.pkiStore.loadCertAndKey>>;
    try {
      ca = await pki.pkiStore.loadCertAndKey(cluster.certificatesDir, "ca");
    } catch (err) {
      throw new KubeadmError(`couldn't create a kubeconfig; the CA files couldn't be loaded: ${(err as Error).message}`);
    }
    pki.checkCertificatePeriod({ print: () => undefined, warn: (m) => log.warn(m, "certs.go:474") }, "ca", ca.cert);

    const { controlPlaneEndpointURL } = await import("../../kubeconfig/endpoint.js");
    const { kubeconfigYaml } = await import("../../kubeconfig/build.js");
    const server = controlPlaneEndpointURL(cluster, cfg.localAPIEndpoint, (m) => log.warn(m, "endpoint.go:56"));
    const caCertPem = pki.encodeCertificatePem(ca.cert.der);
    const base = { clusterName: cluster.clusterName, server, caCertPem, userName: name };

    let text: string;
    if (token !== "") {
      text = kubeconfigYaml({ ...base, token });
    } else {
      if (name === "") {
        throw new KubeadmError(`failure while creating ${name} client certificate: unable to sign certificate: must specify a CommonName`);
      }
      const { caSigner } = await import("../../kubeconfig/ca.js");
      const signer = await caSigner(ca.cert.der, ca.cert.notBefore, ca.cert.rawSubject, ca.cert.subjectKeyId, ca.key, cluster.encryptionAlgorithm);
      const client = await signer.signClient(name, organizations, notAfter);
      text = kubeconfigYaml({ ...base, clientCertPem: client.certPem, clientKeyPem: client.keyPem });
    }
    // upstream prints the YAML with Println, hence the extra line feed
    ctx.stdout.write(`${text}\n`);
  }),
};
