// What `kubeadm reset` does to the node's file system and mounts (upstream CleanDir, IsDirEmpty,
// unmountKubeletDirectory), with Go's error texts where they reach the operator.
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { goQuote } from "../util/go-quote.js";

/** Go's *PathError text for a failed file-system call: "<op> <path>: <reason>". */
export function goPathError(op: string, file: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reason: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    ENOTDIR: "not a directory",
    EBUSY: "device or resource busy",
    EPERM: "operation not permitted",
    ELOOP: "too many levels of symbolic links",
  };
  return `${op} ${file}: ${(e.code && reason[e.code]) ?? e.message}`;
}

/**
 * Removes everything in a directory but keeps the directory (and its mode). A directory that
 * does not exist is fine; symlinks inside are removed as links. Stops at the first failure.
 */
export async function cleanDir(dir: string): Promise<void> {
  try {
    await fs.stat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
  }
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    throw new Error(goPathError("open", dir, err));
  }
  for (const name of names) {
    const p = path.join(dir, name);
    try {
      await fs.rm(p, { recursive: true, force: true });
    } catch (err) {
      throw new Error(goPathError("unlinkat", p, err));
    }
  }
}

/**
 * Upstream's "is the directory empty" as reset uses it: a directory that cannot be opened
 * (missing included) counts as not empty.
 */
export async function isDirEmpty(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch {
    return false;
  }
}

/** os.RemoveAll: the path and everything below it; a missing path is fine. */
export async function removeAll(file: string): Promise<void> {
  await fs.rm(file, { recursive: true, force: true });
}

/** filepath.EvalSymlinks, with Go's error text. */
export async function evalSymlinks(dir: string): Promise<string> {
  try {
    return await fs.realpath(dir);
  } catch (err) {
    throw new Error(goPathError("lstat", dir, err));
  }
}

/** ResetConfiguration.unmountFlags values, as umount(8) options where it has one. */
const UMOUNT_OPTIONS: Record<string, string[]> = {
  MNT_FORCE: ["--force"],
  MNT_DETACH: ["--lazy"],
  // no umount(8) option: umount2(2) flags the command does not expose; they are accepted and
  // the unmount runs without them
  MNT_EXPIRE: [],
  UMOUNT_NOFOLLOW: [],
};

export interface UnmountDeps {
  readMounts(): Promise<string>;
  /** Unmounts one mount point; rejects with the reason (umount's message). */
  unmount(mountPoint: string, options: string[]): Promise<void>;
  warn(msg: string): void;
}

export const hostUnmountDeps = (warn: (msg: string) => void): UnmountDeps => ({
  readMounts: () => fs.readFile("/proc/mounts", "utf8"),
  unmount: (mountPoint, options) =>
    new Promise((resolve, reject) => {
      execFile("umount", [...options, mountPoint], (err, _stdout, stderr) => {
        if (!err) return resolve();
        reject(new Error(String(stderr).trim().replace(/^umount: /, "") || err.message));
      });
    }),
  warn,
});

/**
 * Unmounts every mount below `dir` (not `dir` itself), as listed in /proc/mounts (paths used as
 * written there). "not mounted" (EINVAL) is only a warning; other failures are collected and
 * returned as one error.
 */
export async function unmountBelow(dir: string, flags: readonly string[], deps: UnmountDeps): Promise<void> {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const options = flags.flatMap((f) => UMOUNT_OPTIONS[f] ?? []);
  const errors: string[] = [];
  for (const line of (await deps.readMounts()).split("\n")) {
    const m = line.split(" ");
    if (m.length < 2 || !m[1]!.startsWith(prefix)) continue;
    try {
      await deps.unmount(m[1]!, options);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (/not mounted/.test(why)) {
        deps.warn(`[reset] Ignoring EINVAL error while unmounting ${goQuote(m[1]!)}`);
        continue;
      }
      errors.push(`failed to unmount ${goQuote(m[1]!)}: ${why}`);
    }
  }
  if (errors.length > 0) {
    const agg = errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`;
    throw new Error(`encountered the following errors while unmounting directories in ${goQuote(prefix)}: ${agg}`);
  }
}
