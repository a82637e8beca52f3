/**
 * init phase certs: the parent prints the certificate folder; each sub-phase
 * (ca, apiserver, ..., sa) creates or reuses one certificate through src/pki.
 * When the parent runs, the keys its sub-phases will need are generated in parallel up front.
 */
import type { PhaseModule } from "../../workflow/types.js";
import type { KeySource } from "../../pki/keypool.js";
import { pkiInput, pkiOutput } from "./common.js";
import type { InitData } from "./data.js";

const prefetched = new WeakMap<InitData, KeySource>();

export async function run(data: InitData): Promise<void> {
  const pki = await import("../../pki/index.js");
  const input = pkiInput(data);
  pki.runCertsParent(input, pkiOutput(data));
  const count = await pki.countKeysNeeded(input, data.externalCA);
  prefetched.set(data, pki.prefetchedKeys(input.encryptionAlgorithm, count));
}

/** The module of one certs sub-phase, by its name on the command line. */
export function subPhase(name: string): PhaseModule<InitData> {
  return {
    async run(data) {
      const pki = await import("../../pki/index.js");
      const keys = prefetched.get(data);
      await pki.runCertSubPhase(name, pkiInput(data), pkiOutput(data), { externalCA: data.externalCA, ...(keys ? { keys } : {}) });
    },
  };
}
