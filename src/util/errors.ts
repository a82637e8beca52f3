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

/** Preflight failures exit with 2, as upstream's preflight error type does. */
export class PreflightError extends KubeadmError {
  constructor(message: string) {
    super(message, 2);
    this.name = "PreflightError";
  }
}

/** Exit code for validation errors (upstream: 3). */
export class ValidationError extends KubeadmError {
  constructor(message: string) {
    super(message, 3);
    this.name = "ValidationError";
  }
}

/** Commands registered for help parity whose behaviour a later issue implements. */
export class NotImplementedError extends KubeadmError {
  constructor(what: string) {
    super(`${what}: not implemented yet in kubeadm-ts`, 1);
    this.name = "NotImplementedError";
  }
}

/** Wraps a cause with context, keeping the cause's exit code. */
export function wrapError(err: unknown, context: string): KubeadmError {
  const msg = err instanceof Error ? err.message : String(err);
  const code = err instanceof KubeadmError ? err.exitCode : 1;
  return new KubeadmError(`${context}: ${msg}`, code, { cause: err });
}
