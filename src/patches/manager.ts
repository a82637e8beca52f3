// The patch manager: reads a --patches directory once per process and applies its patches to
// named targets, printing upstream's "[patches] ..." lines.
import { isDirectoryNoFollow, listDirectory, readTextFile } from "../host/files.js";
import * as path from "node:path";
import { parseYamlDocument, splitYamlDocuments } from "../config/yaml.js";
import { KubeadmError } from "../util/errors.js";
import { KNOWN_PATCH_TARGETS, parsePatchFileName, type PatchType } from "./filename.js";
import { goJson } from "./json.js";
import { applyJsonPatch } from "./json-patch.js";
import { applyMergePatch } from "./merge-patch.js";
import type { Schema } from "./schema.js";
import { applyStrategicMergePatch } from "./strategic-merge.js";
import { goErrnoText } from "../util/go-errno.js";

export interface PatchSet {
  target: string;
  patchType: PatchType;
  /** Each patch of the file as JSON text (Go's yaml.YAMLToJSON form). */
  patches: string[];
}

export interface Output {
  write(s: string): unknown;
}

const discard: Output = { write: () => true };

/** Go's %v of a []string. */
const goList = (l: readonly string[]) => `[${l.join(" ")}]`;

/** Go's %q for the plain path strings printed here. */
const goQ = (s: string) => JSON.stringify(s);

function goErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && e.code === "ENOENT" && e.path) return `lstat ${e.path}: ${goErrnoText(e)}`;
  if (e && e.code === "EACCES" && e.path) return `open ${e.path}: ${goErrnoText(e)}`;
  return e instanceof Error ? e.message : String(err);
}

/** Splits a file into documents, trimmed, empty ones dropped, each converted to JSON. */
async function patchesOfFile(data: string): Promise<string[]> {
  const out: string[] = [];
  let docs: string[];
  try {
    docs = splitYamlDocuments(data);
  } catch (err) {
    throw new KubeadmError(`could not split patches for data:\n${data}\n: ${(err as Error).message}`);
  }
  for (const d of docs) {
    const t = d.trim();
    if (t.length === 0) continue;
    let value: unknown;
    try {
      value = (await parseYamlDocument(t)).value;
    } catch (err) {
      throw new KubeadmError(`could not convert patch to JSON:\n${t}\n: ${(err as Error).message}`);
    }
    out.push(goJson(value ?? null));
  }
  return out;
}

/** filepath.Walk order: lexical per directory, depth first; directories themselves skipped. */
async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await listDirectory(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory) out.push(...(await walkFiles(p)));
    else out.push(p);
  }
  return out;
}

export class PatchManager {
  constructor(
    readonly patchSets: readonly PatchSet[],
    readonly knownTargets: readonly string[],
    private readonly output: Output,
  ) {}

  /** Whether any patch exists for this target. */
  hasPatchesFor(target: string): boolean {
    return this.patchSets.some((s) => s.target === target);
  }

  /**
   * Applies every patch for `target` (file order, then document order) to `data`, a JSON value.
   * `schema` gives the merge keys for strategic merge patches. Returns the patched value.
   */
  applyToTarget(target: string, data: unknown, schema: Schema): unknown {
    if (!this.knownTargets.includes(target)) {
      throw new KubeadmError(`unknown patch target name "${target}", must be one of ${goList(this.knownTargets)}`);
    }
    let cur = data;
    for (const set of this.patchSets) {
      if (set.target !== target) continue;
      for (const patch of set.patches) {
        try {
          const p = JSON.parse(patch) as unknown;
          if (set.patchType === "application/json-patch+json") cur = applyJsonPatch(cur, p);
          else if (set.patchType === "application/merge-patch+json") cur = applyMergePatch(cur, p);
          else cur = applyStrategicMergePatch(cur, p, schema);
        } catch (err) {
          throw new KubeadmError(
            `could not apply the following patch of type "${set.patchType}" to target "${target}":\n${patch}\n: ${(err as Error).message}`,
          );
        }
        this.output.write(`[patches] Applied patch of type "${set.patchType}" to target "${target}"\n`);
      }
    }
    return cur;
  }
}

const cache = new Map<string, PatchManager>();

/**
 * The patch manager for a directory (cached per path for the life of the process, as upstream's,
 * so the "Reading patches" lines print once). `output` receives the "[patches]" lines.
 */
export async function patchManagerForPath(
  dir: string,
  output: Output = discard,
  knownTargets: readonly string[] = KNOWN_PATCH_TARGETS,
): Promise<PatchManager> {
  const cached = cache.get(dir);
  if (cached) return cached;
  output.write(`[patches] Reading patches from path ${goQ(dir)}\n`);
  const patchSets: PatchSet[] = [];
  const patchFiles: string[] = [];
  const ignored: string[] = [];
  try {
    if (!(await isDirectoryNoFollow(dir))) throw new Error("not a directory");
    for (const file of await walkFiles(dir)) {
      const base = path.basename(file);
      const parsed = parsePatchFileName(base, knownTargets);
      if ("ignore" in parsed) {
        output.write(`[patches] Ignoring file ${goQ(base)}: ${parsed.ignore}\n`);
        ignored.push(base);
        continue;
      }
      let data: string;
      try {
        data = await readTextFile(file);
      } catch (err) {
        throw new Error(`could not read the file ${goQ(file)}: ${goErrorText(err)}`);
      }
      if (data.length === 0) {
        output.write(`[patches] Ignoring empty file: ${goQ(base)}\n`);
        ignored.push(base);
        continue;
      }
      patchSets.push({ target: parsed.target, patchType: parsed.patchType, patches: await patchesOfFile(data) });
      patchFiles.push(base);
    }
  } catch (err) {
    throw new KubeadmError(`could not list patch files for path ${goQ(dir)}: ${goErrorText(err)}`);
  }
  if (patchFiles.length > 0) output.write(`[patches] Found the following patch files: ${goList(patchFiles)}\n`);
  if (ignored.length > 0) output.write(`[patches] Ignored the following files: ${goList(ignored)}\n`);
  const pm = new PatchManager(patchSets, knownTargets, output);
  cache.set(dir, pm);
  return pm;
}

/** Forgets cached managers (tests). */
export function resetPatchManagerCache(): void {
  cache.clear();
}
