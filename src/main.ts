// Entry point of the kubeadm CLI. Kept tiny: the command tree imports each
// command's handler lazily, so start-up cost stays close to `node -e 0`.
// Slow work the command line will need (RSA keys for `init`) starts first, while the
// rest of the CLI loads.
import { prestart } from "./cli/prestart.js";

prestart(process.argv.slice(2));
const { runCli } = await import("./cli/run.js");
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
