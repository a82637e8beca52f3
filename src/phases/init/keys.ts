/**
 * The keys an init run will generate, started while the run is still checking the node: once the
 * configuration is loaded, the selected certs and kubeconfig sub-phases whose files are missing
 * are counted and that many keys start on libuv's pool (src/pki/keypool.ts). Only keys the
 * configuration asks for are made (existing files, external CA mode and unselected phases count
 * for nothing), and nothing is written before its phase.
 */
import * as path from "node:path";
import type { KeySource } from "../../pki/keypool.js";
import type { InitData } from "./data.js";
import { pkiInput } from "./common.js";

/** `selected`: full phase names this invocation runs (e.g. "certs/ca", "kubeconfig/admin"). */
export async function keysForRun(data: InitData, selected: readonly string[]): Promise<KeySource> {
  const { speculativeKeys } = await import("../../pki/keypool.js");
  return speculativeKeys(pkiInput(data).encryptionAlgorithm, countNewKeys(data, selected));
}

/** How many keys the selected certs and kubeconfig sub-phases will generate: one per missing file. */
export async function countNewKeys(data: InitData, selected: readonly string[]): Promise<number> {
  const under = (parent: string): Set<string> =>
    new Set(selected.filter((p) => p.startsWith(`${parent}/`)).map((p) => p.slice(parent.length + 1)));
  const certs = under("certs");
  const kubeconfigs = under("kubeconfig");
  let n = 0;
  if (certs.size > 0) {
    const { countKeysNeeded } = await import("../certificates.js");
    n += await countKeysNeeded(pkiInput(data), data.externalCA, certs);
  }
  if (kubeconfigs.size > 0 && !data.externalCA) {
    const { pathExists } = await import("../../host/files.js");
    for (const name of kubeconfigs) if (!(await pathExists(path.join(data.kubeConfigDir, `${name}.conf`)))) n++;
  }
  return n;
}
