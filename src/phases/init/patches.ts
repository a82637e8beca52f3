/** The --patches manager of this run (none without a patches directory). */
import type { PatchManager } from "../../patches/index.js";
import type { InitData } from "./data.js";

export async function patchManager(data: InitData): Promise<PatchManager | undefined> {
  if (!data.patchesDir) return undefined;
  const { patchManagerForPath } = await import("../../patches/index.js");
  return patchManagerForPath(data.patchesDir, data.out);
}
