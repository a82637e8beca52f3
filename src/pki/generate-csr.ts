import { KubeadmError } from "../util/errors.js";
import { certList, isCA, type CertDefinition } from "./certlist.js";
import { certificateTemplate } from "./config.js";
import { createCsr } from "./csr.js";
import type { PkiInput, PkiOutput } from "./input.js";
import { generatePrivateKey } from "./keys.js";
import * as store from "./store.js";

/**
 * Writes `<dir>/<base>.key` and `<dir>/<base>.csr` for one certificate definition (external-CA
 * workflows). An existing key or CSR is an error naming it; nothing is overwritten.
 */
export async function createKeyAndCsr(def: CertDefinition, input: PkiInput, dir: string, out?: PkiOutput): Promise<void> {
  if (await store.csrOrKeyExist(dir, def.baseName)) {
    throw new KubeadmError(`file already exists: key or CSR ${dir}/${def.baseName}`);
  }
  const template = certificateTemplate(def, input, out?.warn);
  const key = await generatePrivateKey(input.encryptionAlgorithm);
  const csr = await createCsr(template, key);
  await store.writeKey(dir, def.baseName, key);
  await store.writeCsr(dir, def.baseName, csr);
}

/** `init phase certs <leaf> --csr-only`. */
export async function runLeafPhaseCsrOnly(def: CertDefinition, input: PkiInput, out: PkiOutput, csrDir?: string): Promise<void> {
  out.print(`[certs] Generating CSR for ${def.baseName} instead of certificate`);
  await createKeyAndCsr(def, input, csrDir || (input.certificateWriteDir ?? input.certificatesDir), out);
}

/**
 * The certificate part of `kubeadm certs generate-csr`: every leaf of the default list. Upstream
 * walks a Go map here, so its order varies from run to run; ours is the list order.
 */
export async function createDefaultKeysAndCsrFiles(input: PkiInput, out: PkiOutput): Promise<void> {
  out.print(`generating keys and CSRs in ${input.certificatesDir}`);
  for (const def of certList(false).filter((c) => !isCA(c))) {
    await createKeyAndCsr(def, input, input.certificatesDir, out);
    out.print(`  ${def.baseName}`);
  }
}
