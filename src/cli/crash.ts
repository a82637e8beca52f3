/**
 * The last line of defence: what escapes every command's own error handling (an exception thrown
 * in a callback or an event handler, a rejected promise nobody awaits, a failed write to standard
 * output) ends as every kubeadm failure ends, `error: <message>` on stderr and exit status 1,
 * with the stack only at -v=5 and above (formatError). Installed first thing by src/main.ts; it
 * costs two listeners until something goes wrong.
 */
import { formatError, ERROR_EXIT_CODE } from "./print-error.js";
import { goErrnoText } from "../util/go-errno.js";

/** What the handler needs to know of the command line: the verbosity the flags gave (0 until parsed). */
export interface CrashState {
  verbosity: number;
}

/** A failed write to standard output, worded as Go words it ("write /dev/stdout: broken pipe"). */
export class StdoutWriteError extends Error {
  constructor(override readonly cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`write /dev/stdout: ${code === "EPIPE" ? "broken pipe" : goErrnoText(cause)}`);
    this.name = "StdoutWriteError";
    // -v=5 shows where the write failed, not where this wrapper was made
    const frames = cause instanceof Error && cause.stack ? cause.stack.split("\n").filter((l) => /^\s+at /.test(l)) : [];
    if (frames.length > 0) this.stack = `${this.name}: ${this.message}\n${frames.join("\n")}`;
  }
}

/** Prints `err` as kubeadm's error line and exits 1; a second failure while doing so only exits. */
export function crashHandler(state: CrashState, stderr: { write(text: string): unknown } = process.stderr, exit: (code: number) => void = (c) => process.exit(c)): (err: unknown) => void {
  let crashing = false;
  return (err: unknown): void => {
    if (!crashing) {
      crashing = true;
      process.exitCode = ERROR_EXIT_CODE;
      try {
        stderr.write(formatError(err, state.verbosity));
      } catch {
        // stderr is gone too: the exit status is all that is left
      }
    }
    exit(ERROR_EXIT_CODE);
  };
}

/**
 * Installs the process-level handlers: uncaught exceptions, unhandled rejections, and errors of
 * process.stdout (a reader that went away: `kubeadm ... | head`), which Node would otherwise
 * throw with a stack trace.
 */
export function installCrashHandler(state: CrashState): void {
  const crash = crashHandler(state);
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  // every command writes to stdout (runCli takes it at once), so this costs no stream creation
  process.stdout.on("error", (err) => crash(new StdoutWriteError(err)));
}
