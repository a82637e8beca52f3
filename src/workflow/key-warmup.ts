/**
 * Starts RSA key generation for the phases a workflow invocation is about to run, before the
 * command has loaded its phase modules and its configuration (~100 ms of a `certs all` run
 * that worker threads can already spend on primes). The configuration is not decoded yet, so
 * the key type comes from a glance at the config file's text (keyHintFromConfig) or is the
 * default, RSA-2048; the first key request settles it (src/pki/keys.ts), and primes nobody asks
 * for are dropped at exit. A wrong guess costs only the speculative work.
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

/**
 * The RSA key size a config file's text asks for with `encryptionAlgorithm` (RSA-2048 when it
 * names none), or null for another key type (ECDSA): no RSA keys to start on. Not a parse: the
 * first `encryptionAlgorithm:` key of the text counts, wherever it is.
 */
export function keyHintFromConfig(text: string | undefined): number | null {
  const m = text === undefined ? null : /^[ \t]*encryptionAlgorithm:[ \t]*["']?([A-Za-z0-9-]+)/m.exec(text);
  if (!m) return DEFAULT_RSA_BITS;
  const rsa = /^RSA-(2048|3072|4096)$/.exec(m[1]!);
  return rsa ? Number(rsa[1]) : m[1]!.startsWith("ECDSA") ? null : DEFAULT_RSA_BITS;
}

/** `configText`: the --config file's text, when there is one (see keyHintFromConfig). */
export function warmUpKeyGeneration(wf: WorkflowSpec, filter: string[], skip: string[], configText?: string): void {
  const keys = newKeysFor(wf, filter, skip);
  if (keys === 0) return;
  const bits = keyHintFromConfig(configText);
  if (bits === null) return;
  import("../pki/rsa-keygen.js").then(
    (m) => m.speculateRsaKeys(bits, keys),
    () => undefined, // only an optimisation: the phases generate their keys either way
  );
}
