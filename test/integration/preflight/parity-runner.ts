// Runs our init preflight (dry-run, --ignore-preflight-errors=all) for the internal config given as
// JSON in argv[2]. Bundled and executed by parity.test.ts inside the oracle's private mount namespace.
import { runInitPreflight, ignoreSet } from "../../../src/preflight/index.js";

const cfg = JSON.parse(process.argv[2]!);
runInitPreflight(cfg, { ignore: ignoreSet(["all"]), dryRun: true, images: [], pauseImage: "registry.k8s.io/pause:3.10.2" }).catch((e: Error) => {
  process.stderr.write(`error: ${e.message}\n`);
  process.exitCode = 1;
});
