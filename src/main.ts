// Entry point of the kubeadm CLI (bin/kubeadm runs it, through src/launch.ts). Kept tiny: the
// command tree imports each command's handler lazily, so start-up cost stays close to
// `node -e 0`. Slow work the command line will need (RSA keys for `init`) starts first, while
// the rest of the CLI loads. No top-level await: the same file is built as an ES module
// (dist/main.js) and into the CommonJS bundle (dist/kubeadm.cjs).
import { prestart } from "./cli/prestart.js";

async function main(argv: string[]): Promise<void> {
  try {
    prestart(argv);
    const { runCli } = await import("./cli/run.js");
    process.exitCode = await runCli(argv);
  } catch (err) {
    // runCli reports command errors itself; this is for what escapes it (a broken installation)
    process.stderr.write(`${err && (err as Error).message ? (err as Error).message : String(err)}\n`);
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
