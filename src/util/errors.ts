/**
 * Errors are values: every failure the user can cause is a KubeadmError whose
 * message names the flag, field or file at fault. main() prints the message and
 * exits with `exitCode`; a stack trace is shown only with --v=5 or higher.
 */
export class KubeadmError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KubeadmError";
    this.exitCode = exitCode;
  }
}

/**
 * A failed preflight check. Upstream v1.36 exits 1 for every error (its old
 * preflight/validation exit codes 2 and 3 are gone), so this only types the error.
 */
export class PreflightError extends KubeadmError {
  constructor(message: string) {
    super(message, 1);
    this.name = "PreflightError";
  }
}

/** A configuration validation failure (exit 1, as upstream v1.36). */
export class ValidationError extends KubeadmError {
  constructor(message: string) {
    super(message, 1);
    this.name = "ValidationError";
  }
}

/** Wraps a cause with context, keeping the cause's exit code. */
export function wrapError(err: unknown, context: string): KubeadmError {
  const msg = err instanceof Error ? err.message : String(err);
  const code = err instanceof KubeadmError ? err.exitCode : 1;
  return new KubeadmError(`${context}: ${msg}`, code, { cause: err });
}
