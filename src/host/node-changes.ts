/**
 * What a command changed under a node's folders: a snapshot of the paths below some roots (type,
 * mode, size, modification time; symbolic links not followed) taken before, another after, and
 * the paths that are new or changed between them. A failed `kubeadm join` uses it to say what it
 * left for `kubeadm reset` (beyond upstream, which says nothing).
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";

export interface PathState {
  /** f file, d directory, l symbolic link, o anything else */
  type: "f" | "d" | "l" | "o";
  mode: number;
  size: number;
  mtimeMs: number;
}

/** Path → state. */
export type TreeSnapshot = ReadonlyMap<string, PathState>;

/** At most this many paths are looked at (a node's kubeadm folders hold a few hundred). */
const LIMIT = 50_000;

/** The paths below (and including) each root; a root that does not exist adds nothing. */
export async function snapshotTree(roots: readonly string[]): Promise<TreeSnapshot> {
  const out = new Map<string, PathState>();
  const visit = async (p: string): Promise<void> => {
    if (out.size >= LIMIT) return;
    let st;
    try {
      st = await fs.lstat(p);
    } catch {
      return; // gone meanwhile, or never there
    }
    const type = st.isFile() ? "f" : st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : "o";
    out.set(p, { type, mode: st.mode & 0o7777, size: st.size, mtimeMs: st.mtimeMs });
    if (type !== "d") return;
    let names: string[];
    try {
      names = await fs.readdir(p);
    } catch {
      return;
    }
    for (const n of names.sort()) await visit(path.join(p, n));
  };
  for (const r of roots) await visit(path.resolve(r));
  return out;
}

/**
 * The paths that are in `after` and not in `before`, or whose file (not directory) changed type,
 * mode, size or modification time; a directory that is new stands for everything below it. An
 * existing directory whose entries changed is not itself listed (its new entries are). In
 * `after`'s order (each root's walk in turn, a folder's names sorted).
 */
export function changedPaths(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const changed: string[] = [];
  const newDirs: string[] = [];
  const under = (p: string): boolean => newDirs.some((d) => p.startsWith(`${d}/`));
  for (const p of after.keys()) {
    if (under(p)) continue;
    const a = after.get(p)!;
    const b = before.get(p);
    if (!b) {
      changed.push(p);
      if (a.type === "d") newDirs.push(p);
      continue;
    }
    if (a.type === "d" && b.type === "d") continue;
    if (a.type !== b.type || a.mode !== b.mode || a.size !== b.size || a.mtimeMs !== b.mtimeMs) changed.push(p);
  }
  return changed;
}
