/**
 * How an error reaches the user, as upstream's HandleError prints it:
 * `error: <message>` and a hint about --v=5, or with -v5 and above the message
 * followed by the stack. Upstream v1.36 exits with 1 for every error.
 *
 * In FIPS mode (OpenSSL's FIPS provider, docs/fips.md) an OpenSSL error that means "not allowed
 * in FIPS mode" gets a plain-words explanation after it (explainFipsRefusal); so does Node's
 * permission model's bare "Access to this API has been restricted" (what it refused, and the flag
 * that allows it: src/util/node-error.ts).
 */
import { explainAccessDenied } from "../util/node-error.js";

export const STACK_HINT = "To see the stack trace of this error execute with --v=5 or higher";
export const ERROR_EXIT_CODE = 1;

export function formatError(err: unknown, verbosity: number, fips?: boolean): string {
  const message = explainAccessDenied(explainFipsRefusal(err instanceof Error ? err.message : String(err), fips), err);
  let msg = `${message}\n${STACK_HINT}`;
  if (verbosity > 4) {
    const stack = err instanceof Error && err.stack ? stackFrames(err.stack) : "no stack trace";
    msg = `${message}\n${stack}`;
  }
  if (!msg.endsWith("\n")) msg += "\n";
  return `error: ${msg}`;
}

/** The "at ..." lines of a V8 stack, without the leading "Name: message" line(s). */
function stackFrames(stack: string): string {
  const lines = stack.split("\n");
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  return first >= 0 ? lines.slice(first).map((l) => l.trim()).join("\n") : "no stack trace";
}

/**
 * OpenSSL's error text as Node passes it on, "error:1C800069:Provider routines::invalid key
 * length": the reason is the last field.
 */
const OPENSSL_ERROR = /error:[0-9A-F]{8}:[^:\n]*:[^:\n]*:([^\n]*)/;

/** OpenSSL reasons that, with the FIPS provider in force, mean FIPS does not allow it. */
const FIPS_REFUSALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(invalid key length|invalid modulus|key size too small|bad key length|invalid key size)$/, "FIPS mode needs RSA keys of at least 2048 bits"],
  [/^(unknown group|invalid curve|unsupported curve|unsupported elliptic curve)$/, "FIPS mode does not allow this elliptic curve; kubeadm uses P-256 and P-384"],
  [/^(unsupported|invalid digest|digest not allowed|unsupported algorithm|unsupported private key algorithm)$/, "the algorithm is not allowed in FIPS mode"],
];

/**
 * Explains an OpenSSL refusal in `message` when OpenSSL runs in FIPS mode (`fips`, by default
 * crypto.getFips()): "... error:1C800069:Provider routines::invalid key length (refused by
 * OpenSSL's FIPS provider: FIPS mode needs RSA keys of at least 2048 bits)". Other
 * messages are returned as they are.
 */
export function explainFipsRefusal(message: string, fips?: boolean): string {
  const m = OPENSSL_ERROR.exec(message);
  if (!m || message.includes("FIPS")) return message;
  const why = FIPS_REFUSALS.find(([reason]) => reason.test(m[1]!.trim()))?.[1];
  if (!why || !(fips ?? fipsMode())) return message;
  const end = m.index + m[0].length;
  return `${message.slice(0, end)} (refused by OpenSSL's FIPS provider: ${why})${message.slice(end)}`;
}

/**
 * crypto.getFips(), without importing node:crypto up front (~5 ms of every start-up): an
 * OpenSSL error means node:crypto is loaded already. (Node 20 before 20.16 lacks
 * getBuiltinModule: no explanation there.)
 */
function fipsMode(): boolean {
  try {
    const crypto = process.getBuiltinModule?.("node:crypto") as typeof import("node:crypto") | undefined;
    return crypto?.getFips() === 1;
  } catch {
    return false;
  }
}
