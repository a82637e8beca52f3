/**
 * How an error reaches the user, as upstream's HandleError prints it:
 * `error: <message>` and a hint about --v=5, or with -v5 and above the message
 * followed by the stack. Upstream v1.36 exits with 1 for every error.
 */
export const STACK_HINT = "To see the stack trace of this error execute with --v=5 or higher";
export const ERROR_EXIT_CODE = 1;

export function formatError(err: unknown, verbosity: number): string {
  const message = err instanceof Error ? err.message : String(err);
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
