/**
 * Starts RSA key generation for the phases a workflow invocation is about to run, before the
 * command has loaded its phase modules and its configuration (~100 ms of a `certs all` run
 * that worker threads can already spend on primes). The key size is not known yet, so this
 * assumes the default, RSA-2048; the first key request settles it (src/pki/keys.ts), and
 * primes nobody asks for are dropped at exit.
 */
import { computeRunFlags, flattenPhases } from "./runner.js";
import type { WorkflowSpec } from "./types.js";

/** Bits of the default encryptionAlgorithm, RSA-2048. */
const DEFAULT_RSA_BITS = 2048;

/** How many keys the selected phases generate when nothing exists yet (PhaseSpec.newKeys). */
export function newKeysFor(wf: WorkflowSpec, filter: string[], skip: string[]): number {
  const flat = flattenPhases(wf.phases);
  let flags: Map<string, boolean>;
  try {
    flags = computeRunFlags(flat, filter, skip);
  } catch {
    return 0; // an invalid phase name: the runner reports it
  }
  let keys = 0;
  for (const p of flat) if (flags.get(p.name) && p.spec.run) keys += p.spec.newKeys ?? 0;
  return keys;
}

export function warmUpKeyGeneration(wf: WorkflowSpec, filter: string[], skip: string[]): void {
  const keys = newKeysFor(wf, filter, skip);
  if (keys === 0) return;
  import("../pki/rsa-keygen.js").then(
    (m) => m.speculateRsaKeys(DEFAULT_RSA_BITS, keys),
    () => undefined, // only an optimisation: the phases generate their keys either way
  );
}
