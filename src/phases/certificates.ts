// Certificate and key files of the control plane, created or reused with upstream's rules and
// console lines (upstream's app/phases/certs): one function per certs sub-phase of `kubeadm init`,
// and CreatePKIAssets for join's control-plane preparation. Loaded lazily by the phase modules;
// files go through src/pki/store.ts.
import { SA_KEY } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { describeAltNames } from "../pki/altnames.js";
import { signCertificate } from "../pki/certificate.js";
import { caOf, certList, isCA, type CertDefinition } from "../pki/certlist.js";
import { certificateTemplate } from "../pki/config.js";
import type { PkiInput, PkiOutput } from "../pki/input.js";
import { onDemandKeys, prefetchedKeys, type KeySource } from "../pki/keypool.js";
import { parsePrivateKeyPem, type PrivateKey } from "../pki/keys.js";
import type { ParsedCertificate } from "../pki/parse.js";
import * as store from "../pki/store.js";
import { checkCertificatePeriod, loadCertificateAuthority } from "../pki/store.js";
import { formatIP } from "../util/net.js";
import { verifyCertChain, verifyHostname } from "../pki/verify.js";
import { readTextFile } from "../host/files.js";
import { goOpenError } from "../util/go-errno.js";
import { MODE_CERT, MODE_PRIVATE_KEY } from "../constants.js";

const SA_BASENAME = SA_KEY.replace(/\.key$/, "");

export interface PhaseOptions {
  /** Fresh keys come from here (runCertsAll prefetches them in parallel). */
  keys?: KeySource;
}

const writeDirOf = (input: PkiInput): string => input.certificateWriteDir ?? input.certificatesDir;


const msg = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** `[certs] Using certificateDir folder "<dir>"` (the parent certs phase). */
export function runCertsParent(input: PkiInput, out: PkiOutput): void {
  out.print(`[certs] Using certificateDir folder "${writeDirOf(input)}"`);
}

async function tryLoad<T>(f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch {
    return null;
  }
}

/** A CA sub-phase (ca, front-proxy-ca, etcd-ca). */
export async function runCAPhase(def: CertDefinition, input: PkiInput, out: PkiOutput, opts: PhaseOptions = {}): Promise<void> {
  if (!isCA(def)) throw new Error(`this function should only be used for CAs, but cert ${def.name} has CA ${def.caName}`);
  if (input.externalEtcd && def.name === "etcd-ca") {
    out.print(`[certs] External etcd mode: Skipping ${def.baseName} certificate authority generation`);
    return;
  }
  const dir = input.certificatesDir;
  const writeDir = writeDirOf(input);
  // a pair an interrupted run left half-written (pki/store.ts); a dry run changes nothing
  if (writeDir === dir) await store.recoverInterruptedPair(dir, def.baseName, "crt", out);
  const existing = await tryLoad(() => store.loadCert(dir, def.baseName));
  if (existing) {
    checkCertificatePeriod(out, def.baseName, existing);
    const hasKey = (await tryLoad(() => store.loadKey(dir, def.baseName))) !== null;
    if (writeDir !== dir) {
      // dry-run: later phases load the CA from the write dir
      await store.copyFile(store.certPath(dir, def.baseName), store.certPath(writeDir, def.baseName), MODE_CERT);
      if (hasKey) await store.copyFile(store.keyPath(dir, def.baseName), store.keyPath(writeDir, def.baseName), MODE_PRIVATE_KEY);
    }
    out.print(hasKey ? `[certs] Using existing ${def.baseName} certificate authority` : `[certs] Using existing ${def.baseName} keyless certificate authority`);
    return;
  }
  await createCACertAndKeyFiles(def, { ...input, certificatesDir: writeDir, certificateWriteDir: writeDir }, out, opts.keys ?? onDemandKeys(input.encryptionAlgorithm));
}

/** Creates a CA in input.certificatesDir unless cert or key is already there (then it must load and be a CA). */
export async function createCACertAndKeyFiles(def: CertDefinition, input: PkiInput, out: PkiOutput, keys: KeySource): Promise<{ cert: ParsedCertificate | null; certDer: Uint8Array | null; key: PrivateKey | null }> {
  const dir = input.certificatesDir;
  await store.recoverInterruptedPair(dir, def.baseName, "crt", out);
  if (await store.certOrKeyExist(dir, def.baseName)) {
    let loaded: { cert: ParsedCertificate; key: PrivateKey };
    try {
      loaded = await store.loadCertAndKey(dir, def.baseName);
    } catch (err) {
      throw new KubeadmError(`failure loading ${def.baseName} certificate: ${msg(err)}`);
    }
    checkCertificatePeriod(out, def.baseName, loaded.cert);
    if (!loaded.cert.isCA) throw new KubeadmError(`certificate ${def.baseName} is not a CA`);
    out.print(`[certs] Using the existing "${def.baseName}" certificate and key`);
    return { cert: loaded.cert, certDer: loaded.cert.der, key: loaded.key };
  }
  const template = certificateTemplate(def, input, out.warn);
  const key = await keys.take();
  const der = await signCertificate(template, key.publicKey, { self: key });
  out.print(`[certs] Generating "${def.baseName}" certificate and key`);
  await store.writeCertAndKey(dir, def.baseName, der, key);
  return { cert: null, certDer: der, key };
}

/** A leaf sub-phase (apiserver, apiserver-kubelet-client, front-proxy-client, etcd-*, apiserver-etcd-client). */
export async function runLeafPhase(def: CertDefinition, input: PkiInput, out: PkiOutput, opts: PhaseOptions = {}): Promise<void> {
  if (isCA(def)) throw new Error(`${def.name} is a CA`);
  const ca = caOf(def);
  if (input.externalEtcd && def.caName === "etcd-ca") {
    out.print(`[certs] External etcd mode: Skipping ${def.baseName} certificate generation`);
    return;
  }
  const dir = input.certificatesDir;
  if (writeDirOf(input) === dir) await store.recoverInterruptedPair(dir, def.baseName, "crt", out);
  const existing = await tryLoad(() => store.loadCertAndKey(dir, def.baseName));
  if (existing) {
    let caCert: ParsedCertificate;
    try {
      caCert = await store.loadCert(dir, ca.baseName);
    } catch (err) {
      throw new KubeadmError(`couldn't load CA certificate ${ca.name}: ${msg(err)}`);
    }
    const { intermediates } = await store.loadCertChain(dir, def.baseName);
    try {
      verifyCertChain(existing.cert, intermediates, caCert);
    } catch (err) {
      throw new KubeadmError(`[certs] certificate ${def.baseName} not signed by CA certificate ${ca.baseName}: ${msg(err)}`);
    }
    out.print(`[certs] Using existing ${def.baseName} certificate and key on disk`);
    return;
  }
  const writeDir = writeDirOf(input);
  await createCertAndKeyFilesWithCA(def, { ...input, certificatesDir: writeDir, certificateWriteDir: writeDir }, out, opts.keys ?? onDemandKeys(input.encryptionAlgorithm));
}


/** Loads the signing CA from input.certificatesDir, then creates the leaf (or validates an existing one). */
export async function createCertAndKeyFilesWithCA(def: CertDefinition, input: PkiInput, out: PkiOutput, keys: KeySource): Promise<void> {
  const ca = caOf(def);
  let caPair: { cert: ParsedCertificate; key: PrivateKey };
  try {
    caPair = await loadCertificateAuthority(input.certificatesDir, ca.baseName, out);
  } catch (err) {
    throw new KubeadmError(`couldn't load CA certificate ${ca.name}: ${msg(err)}`);
  }
  await createFromCA(def, input, out, caPair, keys);
}

/** Signs the leaf with the given CA and writes it, unless a valid one is already there. */
export async function createFromCA(def: CertDefinition, input: PkiInput, out: PkiOutput, ca: { cert: ParsedCertificate; key: PrivateKey }, keys: KeySource): Promise<void> {
  let template;
  try {
    template = certificateTemplate(def, input, out.warn);
  } catch (err) {
    throw new KubeadmError(`couldn't create "${def.name}" certificate: ${msg(err)}`);
  }
  const dir = input.certificatesDir;
  const base = def.baseName;
  try {
    await store.recoverInterruptedPair(dir, base, "crt", out);
    if (await store.certOrKeyExist(dir, base)) {
      try {
        await store.loadKey(dir, base);
      } catch (err) {
        throw new KubeadmError(`failure loading ${base} key: ${msg(err)}`);
      }
      let chain: { cert: ParsedCertificate; intermediates: ParsedCertificate[] };
      try {
        chain = await store.loadCertChain(dir, base);
      } catch (err) {
        throw new KubeadmError(`failure loading ${base} certificate: ${msg(err)}`);
      }
      checkCertificatePeriod(out, base, chain.cert);
      try {
        verifyCertChain(chain.cert, chain.intermediates, ca.cert);
      } catch {
        throw new KubeadmError(`certificate ${base} is not signed by corresponding CA`);
      }
      for (const host of [...template.dnsNames, ...template.ips.map(formatIP)]) {
        try {
          verifyHostname(chain.cert, host);
        } catch (err) {
          throw new KubeadmError(`certificate ${base} is invalid: ${msg(err)}`);
        }
      }
      out.print(`[certs] Using the existing "${base}" certificate and key`);
      return;
    }
    const key = await keys.take();
    const der = await signCertificate(template, key.publicKey, { subject: ca.cert.rawSubject, subjectKeyId: ca.cert.subjectKeyId, key: ca.key });
    out.print(`[certs] Generating "${base}" certificate and key`);
    await store.writeCertAndKey(dir, base, der, key);
    if (template.usages.includes("serverAuth")) {
      out.print(`[certs] ${base} serving cert is signed for ${describeAltNames(template)}`);
    }
  } catch (err) {
    throw new KubeadmError(`failed to write or validate certificate "${def.name}": ${msg(err)}`);
  }
}

/** The `sa` sub-phase: service-account signing key pair. */
export async function runSaPhase(input: PkiInput, out: PkiOutput, opts: PhaseOptions & { externalCA?: boolean } = {}): Promise<void> {
  if (opts.externalCA) {
    out.print("[certs] Using existing sa keys");
    return;
  }
  await createServiceAccountKeyAndPublicKeyFiles(writeDirOf(input), out, opts.keys ?? onDemandKeys(input.encryptionAlgorithm));
}

export async function createServiceAccountKeyAndPublicKeyFiles(dir: string, out: PkiOutput, keys: KeySource): Promise<void> {
  await store.recoverInterruptedPair(dir, SA_BASENAME, "pub", out);
  const file = store.keyPath(dir, SA_BASENAME);
  let text: string | null = null;
  try {
    text = await readTextFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new KubeadmError(`file ${SA_KEY} existed but it could not be loaded properly: ${goOpenError(err, file)}`);
    }
  }
  if (text !== null) {
    try {
      parsePrivateKeyPem(text);
    } catch (err) {
      throw new KubeadmError(`file ${SA_KEY} existed but it could not be loaded properly: error reading private key file ${file}: ${msg(err)}`);
    }
    out.print(`[certs] Using the existing "${SA_BASENAME}" key`);
    return;
  }
  const key = await keys.take();
  out.print(`[certs] Generating "${SA_BASENAME}" key and public key`);
  await store.writeKeyAndPublicKey(dir, SA_BASENAME, key);
}

/** Runs one certs sub-phase by its name ("ca", "apiserver", ..., "sa"). */
export async function runCertSubPhase(name: string, input: PkiInput, out: PkiOutput, opts: PhaseOptions & { externalCA?: boolean } = {}): Promise<void> {
  if (name === "sa") return runSaPhase(input, out, opts);
  const def = certList(false).find((c) => c.name === name);
  if (!def) throw new Error(`unknown certs sub-phase ${name}`);
  return isCA(def) ? runCAPhase(def, input, out, opts) : runLeafPhase(def, input, out, opts);
}

/** The names of the certs sub-phases in order (after "all"). */
export const CERT_SUB_PHASES: readonly string[] = [...certList(false).map((c) => c.name), "sa"];

/** How many fresh keys the certs sub-phases (all, or those named in `subPhases`) will need for this input. */
export async function countKeysNeeded(input: PkiInput, externalCA = false, subPhases?: ReadonlySet<string>): Promise<number> {
  const dir = input.certificatesDir;
  const wanted = (name: string): boolean => subPhases === undefined || subPhases.has(name);
  const checks = certList(false).map(async (def) => {
    if (!wanted(def.name)) return 0;
    if (input.externalEtcd && (def.name === "etcd-ca" || def.caName === "etcd-ca")) return 0;
    const present = isCA(def)
      ? await tryLoad(() => store.loadCert(dir, def.baseName))
      : await tryLoad(() => store.loadCertAndKey(dir, def.baseName));
    return present ? 0 : 1;
  });
  const sa = externalCA || !wanted("sa") ? Promise.resolve(0) : store.pathExists(store.keyPath(writeDirOf(input), SA_BASENAME)).then((e) => (e ? 0 : 1));
  return (await Promise.all([...checks, sa])).reduce((a, b) => a + b, 0);
}

/**
 * `kubeadm init phase certs all`: the parent line, then every sub-phase in order. Output and
 * files are those of running the sub-phases one by one; the keys they need are generated in
 * parallel up front.
 */
export async function runCertsAll(input: PkiInput, out: PkiOutput, opts: { externalCA?: boolean; keys?: KeySource } = {}): Promise<void> {
  const keys = opts.keys ?? prefetchedKeys(input.encryptionAlgorithm, await countKeysNeeded(input, opts.externalCA));
  runCertsParent(input, out);
  for (const name of CERT_SUB_PHASES) {
    await runCertSubPhase(name, input, out, { keys, externalCA: opts.externalCA });
  }
}

/**
 * Upstream's CreatePKIAssets (join --control-plane and other callers): every CA with its
 * leaves (existing leaves must be signed by the CA and cover the expected SANs), the summary
 * line, then the service-account key pair.
 */
export async function createPkiAssets(
  input: PkiInput,
  out: PkiOutput,
  opts: { keys?: KeySource; /** klog V(1) lines, with upstream's origins. */ v1?: (msg: string, origin: string) => void } = {},
): Promise<void> {
  opts.v1?.("creating PKI assets", "certs.go:46");
  const keys = opts.keys ?? prefetchedKeys(input.encryptionAlgorithm, await countKeysNeeded(input));
  const dir = input.certificatesDir;
  const list = certList(input.externalEtcd);
  try {
    for (const ca of list.filter(isCA)) {
      const leaves = list.filter((c) => c.caName === ca.name);
      let caPair: { cert: ParsedCertificate; key: PrivateKey };
      await store.recoverInterruptedPair(dir, ca.baseName, "crt", out);
      const caCert = await tryLoad(() => store.loadCert(dir, ca.baseName));
      if (caCert) {
        checkCertificatePeriod(out, ca.baseName, caCert);
        if (!caCert.isCA) throw new KubeadmError(`certificate "${ca.name}" is not a CA`);
        const caKey = await tryLoad(() => store.loadKey(dir, ca.baseName));
        if (!caKey) {
          for (const leaf of leaves) {
            try {
              const { cert, intermediates } = await loadLeafWithKey(dir, leaf.baseName, leaf.name);
              verifyCertChain(cert, intermediates, caCert);
            } catch (err) {
              throw new KubeadmError(`could not load expected certificate "${leaf.name}" or validate the existence of key "${ca.name}" for it: ${msg(err)}`);
            }
          }
          continue;
        }
        opts.v1?.(`[certs] Using the existing CA certificate ${JSON.stringify(store.certPath(dir, ca.baseName))} and key ${JSON.stringify(store.keyPath(dir, ca.baseName))}`, "certlist.go:183");
        caPair = { cert: caCert, key: caKey };
      } else {
        const created = await createCACertAndKeyFiles(ca, input, out, keys);
        caPair = { cert: (await store.loadCert(dir, ca.baseName)), key: created.key! };
      }
      for (const leaf of leaves) await createFromCA(leaf, input, out, caPair, keys);
    }
  } catch (err) {
    throw new KubeadmError(`error creating PKI assets: ${msg(err)}`);
  }
  out.print(`[certs] Valid certificates and keys now exist in "${dir}"`);
  opts.v1?.("creating new public/private key files for signing service account users", "certs.go:77");
  await createServiceAccountKeyAndPublicKeyFiles(dir, out, keys);
}

async function loadLeafWithKey(dir: string, base: string, name: string) {
  try {
    await store.loadKey(dir, base);
  } catch (err) {
    throw new Error(`failure loading key for ${base}: ${msg(err)}`);
  }
  try {
    return await store.loadCertChain(dir, base);
  } catch (err) {
    throw new Error(`failure loading certificate for ${name}: ${msg(err)}`);
  }
}
