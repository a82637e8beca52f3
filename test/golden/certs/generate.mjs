// Regenerates test/golden/certs/*.txt from the pinned upstream kubeadm (built by the lab):
//   node test/golden/certs/generate.mjs [path/to/kubeadm]
import { existsSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { KUBERNETES_VERSION } from "../versions.mjs";
import { prepare, run, scenarios, upstreamPki } from "./scenarios.mjs";

const binary =
  process.argv[2] ??
  process.env.KUBEADM_UPSTREAM ??
  path.join(process.env.KUBEADM_TS_CACHE ?? path.join(homedir(), ".cache/kubeadm-ts"), "upstream", KUBERNETES_VERSION, "bin/kubeadm");
if (!existsSync(binary)) throw new Error(`upstream kubeadm not found at ${binary}`);
const template = upstreamPki(binary);
const here = path.dirname(new URL(import.meta.url).pathname);
for (const s of scenarios) {
  writeFileSync(path.join(here, `${s.name}.txt`), run(binary, s, prepare(s, template)));
  console.log(s.name);
}
