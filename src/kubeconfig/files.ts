// Writing the kubeconfig files of `init phase kubeconfig` with upstream's reuse rules (kubeconfig.md §3).
import * as path from "node:path";
import { MODE_DIR, MODE_KUBECONFIG } from "../constants.js";
import { ensureDir, readFileBytes, statError, writeFileAtomic } from "../host/files.js";
import { parseCertificatesPem } from "../pki/parse.js";
import { KubeadmError } from "../util/errors.js";
import { goOpenError, goPathError } from "../util/go-errno.js";
import { goQuote } from "../util/go-quote.js";
import { kubeconfigYaml } from "./build.js";
import { readKubeconfigFile } from "./load.js";
import type { KubeconfigSpec } from "./specs.js";

export interface CertificateAuthority {
  certPem: string;
  /** notBefore of the CA certificate (client certificates start then). */
  notBefore: Date;
  /** Signs a client certificate; returns its PEM and the key PEM. */
  signClient(commonName: string, organizations: readonly string[], notAfter: Date): Promise<{ certPem: string; keyPem: string }>;
}

export interface Output {
  write(s: string): unknown;
}

/** The file content for a spec, with a fresh client certificate signed by `ca`. */
export async function buildKubeconfigFile(spec: KubeconfigSpec, ca: CertificateAuthority, notAfter: Date): Promise<string> {
  const client = await ca.signClient(spec.userName, spec.organizations, notAfter);
  return kubeconfigYaml({
    clusterName: spec.clusterName,
    server: spec.server,
    caCertPem: ca.certPem,
    userName: spec.userName,
    clientCertPem: client.certPem,
    clientKeyPem: client.keyPem,
  });
}

/** What an existing kubeconfig file must hold: a CA among these and (else a warning) this server. */
export interface ExpectedKubeconfig {
  /** The trusted CA certificates (DER): the file's first CA certificate must be one of them. */
  caCertsDer: readonly Uint8Array[];
  server: string;
}

/**
 * upstream's validateKubeConfig (phases/kubeconfig): an existing file is kept when its current
 * context's cluster trusts one of the expected CAs; another server is only warned about. Returns
 * os.Stat's error text ("stat <file>: no such file or directory") when there is no file; throws
 * on a file that does not load, has no current context or cluster, or the wrong CA. A CA file it
 * names is read from the current directory (clientcmd.LoadFromFile resolves nothing); an
 * unreadable one is warned about and counts as no CA.
 */
export async function validateKubeconfigFile(file: string, expected: ExpectedKubeconfig, warn: (msg: string) => void): Promise<{ missing: string } | null> {
  const statErr = await statError(file);
  if (statErr) {
    const why = goPathError("stat", file, statErr);
    if (statErr.code === "ENOENT") return { missing: why };
    throw new KubeadmError(why);
  }
  let kc;
  try {
    kc = await readKubeconfigFile(file);
  } catch (err) {
    throw new KubeadmError(`failed to load kubeconfig file ${file} that already exists on disk: ${(err as Error).message}`);
  }
  const current = kc.contexts.get(kc.currentContext);
  if (!current) throw new KubeadmError(`failed to find CurrentContext in Contexts of the kubeconfig file ${file}`);
  const cluster = kc.clusters.get(current.cluster);
  if (!cluster) throw new KubeadmError(`failed to find the given CurrentContext Cluster in Clusters of the kubeconfig file ${file}`);
  let caCurrent = (cluster.certificateAuthorityData ?? Buffer.alloc(0)).toString("latin1").trim();
  if (caCurrent === "" && cluster.certificateAuthority) {
    try {
      caCurrent = (await readFileBytes(cluster.certificateAuthority)).toString("latin1").trim();
    } catch (err) {
      warn(`failed to load CA cert from ${goQuote(cluster.certificateAuthority)} for kubeconfig ${goQuote(file)}, ${goOpenError(err, cluster.certificateAuthority)}`);
    }
  }
  let currentCACerts;
  try {
    currentCACerts = parseCertificatesPem(caCurrent);
  } catch {
    throw new KubeadmError(`the kubeconfig file ${goQuote(file)} contains an invalid CA cert`);
  }
  const first = Buffer.from(currentCACerts[0]!.der);
  if (!expected.caCertsDer.some((der) => first.equals(Buffer.from(der)))) {
    throw new KubeadmError(
      `a kubeconfig file ${goQuote(file)} exists but does not contain a trusted CA in its current context's cluster. Total CA certificates found: ${currentCACerts.length}`,
    );
  }
  if ((cluster.server ?? "") !== expected.server) {
    warn(`a kubeconfig file ${goQuote(file)} exists already but has an unexpected API Server URL: expected: ${expected.server}, got: ${cluster.server ?? ""}`);
  }
  return null;
}

/**
 * Checks an existing file against the spec's CA and server (validateKubeConfig). Returns false
 * when there is no file, true when it can be kept.
 */
export async function validateExistingKubeconfig(file: string, spec: KubeconfigSpec, caCertPem: string, warn: (msg: string) => void): Promise<boolean> {
  const caCertsDer = parseCertificatesPem(caCertPem).map((c) => c.der);
  return (await validateKubeconfigFile(file, { caCertsDer, server: spec.server }, warn)) === null;
}

/**
 * Writes `<dir>/<spec.fileName>` (0600) unless a valid one exists, printing upstream's lines:
 * `[kubeconfig] Writing "<name>" kubeconfig file` or `[kubeconfig] Using existing kubeconfig file: "<path>"`.
 */
export async function createKubeconfigFile(
  dir: string,
  spec: KubeconfigSpec,
  ca: CertificateAuthority,
  notAfter: Date,
  out: Output,
  warn: (msg: string) => void = () => undefined,
): Promise<void> {
  const file = path.join(dir, spec.fileName);
  if (await validateExistingKubeconfig(file, spec, ca.certPem, warn)) {
    out.write(`[kubeconfig] Using existing kubeconfig file: "${file}"\n`);
    return;
  }
  out.write(`[kubeconfig] Writing "${spec.fileName}" kubeconfig file\n`);
  const content = await buildKubeconfigFile(spec, ca, notAfter);
  await ensureDir(dir, MODE_DIR);
  await writeFileAtomic(file, content, MODE_KUBECONFIG);
}
