// Entry point of the kubeadm CLI. Kept tiny: the command tree imports each
// command's handler lazily, so start-up cost stays close to `node -e 0`.
import { runCli } from "./cli/run.js";

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
