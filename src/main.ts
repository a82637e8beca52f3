// Entry point of the kubeadm CLI (bin/kubeadm runs it, through src/launch.ts). Kept tiny: each
// command module keeps its heavy code behind a lazy import, so start-up cost stays close to
// `node -e 0`. No top-level await: the same file is built as an ES module (dist/main.js) and
// into the CommonJS bundle (dist/kubeadm.cjs).
import { installCrashHandler, type CrashState } from "./cli/crash.js";

/** The verbosity of the command line once its flags are parsed (runCli sets it), for the crash handler. */
const state: CrashState = { verbosity: 0 };
// first: whatever escapes a command (a throw in a callback, an unhandled rejection) still ends
// in an `error: …` line and exit status 1, never in a stack trace at default verbosity
installCrashHandler(state);

async function main(argv: string[]): Promise<void> {
  try {
    const { runCli } = await import("./commands/index.js");
    process.exitCode = await runCli(argv, {}, state);
  } catch (err) {
    // runCli reports command errors itself; this is for what escapes it (a broken installation)
    process.stderr.write(`error: ${err && (err as Error).message ? (err as Error).message : String(err)}\n`);
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
