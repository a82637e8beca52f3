// Entry point of the kubeadm CLI (bin/kubeadm runs it). Kept tiny: the command tree imports each
// command's handler lazily, so start-up cost stays close to `node -e 0`.
// Slow work the command line will need (RSA keys for `init`) starts first, while the
// rest of the CLI loads.
import { prestart } from "./cli/prestart.js";

try {
  prestart(process.argv.slice(2));
  const { runCli } = await import("./cli/run.js");
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  // runCli reports command errors itself; this is for what escapes it (a broken installation)
  process.stderr.write(`${err && (err as Error).message ? (err as Error).message : String(err)}\n`);
  process.exitCode = 1;
}
