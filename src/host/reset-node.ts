// What `kubeadm reset` does to the node's file system and mounts (upstream CleanDir, IsDirEmpty,
// unmountKubeletDirectory), with Go's error texts where they reach the operator.
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { goQuote } from "../util/go-quote.js";

export { goPathError } from "../util/go-errno.js";
import { goPathError } from "../util/go-errno.js";

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

/**
 * What reset's phases do to the node, behind one interface: the real node, or the dry-run twin
 * that only says what it would do (upstream's "[dryrun] Would ..." lines). The phases call the
 * same methods either way.
 */
export interface ResetNode {
  stopKubelet(stop: () => Promise<void>, warn: (msg: string) => void): Promise<void>;
  /** Unmounts below the kubelet directory; returns the resolved directory to clean, or null. */
  unmountKubeletDir(kubeletDir: string, unmountFlags: readonly string[], warn: (msg: string) => void): Promise<string | null>;
  removeContainers(remove: () => Promise<void>, warn: (msg: string) => void): Promise<void>;
  deleteDirectoryContents(dirs: readonly string[], warn: (dir: string, err: unknown) => void): Promise<void>;
  deleteFiles(files: readonly string[], warn: (file: string, err: unknown) => void): Promise<void>;
  /** Removes this node's stacked etcd member, then the data directory's contents. */
  removeEtcdMember(remove: () => Promise<void>, cleanDataDir: () => Promise<void>, dataDir: string): Promise<void>;
  /** Cleans an etcd data directory that a re-ordered cleanup-node left non-empty. */
  cleanLeftoverEtcdDataDir(dataDir: string, clean: () => Promise<void>): Promise<void>;
  removeRootlessUsers(warn: () => void): Promise<void>;
}

const bracketList = (xs: readonly string[]): string => `[${xs.join(" ")}]`;

export function realResetNode(o: { out: { write(s: string): unknown }; verbose: (msg: string) => void }): ResetNode {
  return {
    async stopKubelet(stop, warn) {
      o.out.write("[reset] Stopping the kubelet service\n");
      try {
        await stop();
      } catch (err) {
        warn((err as Error).message);
      }
    },
    async unmountKubeletDir(kubeletDir, unmountFlags, warn) {
      let dir: string;
      try {
        dir = await evalSymlinks(kubeletDir);
      } catch (err) {
        warn(`[reset] Skipping unmount of directories in ${goQuote(kubeletDir)}: ${(err as Error).message}`);
        return null;
      }
      o.out.write(`[reset] Unmounting mounted directories in ${goQuote(kubeletDir)}\n`);
      await unmountBelow(dir, unmountFlags, hostUnmountDeps((m) => warn(m)));
      return dir;
    },
    async removeContainers(remove, warn) {
      o.verbose("[reset] Removing Kubernetes-managed containers");
      try {
        await remove();
      } catch (err) {
        warn(`[reset] Failed to remove containers: ${(err as Error).message}`);
      }
    },
    async deleteDirectoryContents(dirs, warn) {
      o.out.write(`[reset] Deleting contents of directories: ${bracketList(dirs)}\n`);
      for (const dir of dirs) {
        try {
          await cleanDir(dir);
        } catch (err) {
          warn(dir, err);
        }
      }
    },
    async deleteFiles(files, warn) {
      o.out.write(`[reset] Deleting files: ${bracketList(files)}\n`);
      for (const file of files) {
        try {
          await removeAll(file);
        } catch (err) {
          warn(file, err);
        }
      }
    },
    async removeEtcdMember(remove, cleanDataDir) {
      await remove();
      await cleanDataDir();
    },
    async cleanLeftoverEtcdDataDir(dataDir, clean) {
      if (!(await isDirEmpty(dataDir))) await clean();
    },
    async removeRootlessUsers(warn) {
      warn();
    },
  };
}

export function dryRunResetNode(o: { out: { write(s: string): unknown } }): ResetNode {
  return {
    async stopKubelet() {
      o.out.write("[dryrun] Would stop the kubelet service\n");
    },
    async unmountKubeletDir(kubeletDir) {
      o.out.write(`[dryrun] Would unmount mounted directories in ${goQuote(kubeletDir)}\n`);
      return null;
    },
    async removeContainers() {
      o.out.write("[dryrun] Would remove Kubernetes-managed containers\n");
    },
    async deleteDirectoryContents(dirs) {
      o.out.write(`[dryrun] Would delete contents of directories: ${bracketList(dirs)}\n`);
    },
    async deleteFiles(files) {
      o.out.write(`[dryrun] Would delete files: ${bracketList(files)}\n`);
    },
    async removeEtcdMember(_remove, _clean, dataDir) {
      o.out.write("[dryrun] Would remove the etcd member on this node from the etcd cluster\n");
      o.out.write(`[dryrun] Would delete contents of the etcd data directory: ${dataDir}\n`);
    },
    async cleanLeftoverEtcdDataDir() {},
    async removeRootlessUsers() {
      o.out.write("[dryrun] Would remove users and groups created for rootless control-plane\n");
    },
  };
}
