import * as fsSync from "node:fs";
import { promises as fs } from "node:fs";
import { promisify } from "node:util";
import * as path from "node:path";
import { goOpenError } from "../util/go-errno.js";
import { currentProcess, ownerGone, ownerToken, parseOwnerToken, removeStaleTempFilesOnce, tempPathFor } from "./temp-files.js";

const fsyncAsync = promisify(fsSync.fsync);

/**
 * Writes a file atomically with an exact mode: write to a temporary sibling, chmod
 * (umask-independent), fsync, then rename over the target. Readers see either the old file or
 * the new one, never half of it. Only the fsync waits on the thread pool: the other steps are
 * small synchronous calls, so a run that writes many files while its main thread is busy
 * (key generation) does not queue six event-loop turns per file.
 *
 * The sibling's name says which process wrote it (temp-files.ts); the first write of a process
 * into a directory removes the siblings there that a killed writer left behind. The directory is
 * not synced: a power cut right after the rename may bring back the previous file (or none),
 * which is what a rerun starts from anyway; writeFileGroup syncs where an order matters.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  removeStaleTempFilesOnce(path.dirname(file));
  const tmp = await writeTemp(file, data, mode, true);
  try {
    fsSync.renameSync(tmp, file);
  } catch (err) {
    fsSync.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Writes `data` to a new temporary sibling of `file` (mode exact, fsynced when `sync`); returns its path. */
async function writeTemp(file: string, data: string | Uint8Array, mode: number, sync: boolean): Promise<string> {
  const tmp = tempPathFor(file);
  const fd = fsSync.openSync(tmp, "wx", mode);
  try {
    fsSync.writeFileSync(fd, data);
    fsSync.fchmodSync(fd, mode);
    if (sync) await fsyncAsync(fd);
  } catch (err) {
    fsSync.closeSync(fd);
    fsSync.rmSync(tmp, { force: true });
    throw err;
  }
  fsSync.closeSync(fd);
  return tmp;
}

/** fsync(2) of a directory, so the renames and unlinks in it are on disk. */
export async function syncDirectory(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = fsSync.openSync(dir, "r");
  } catch (err) {
    if (UNSYNCABLE.has((err as NodeJS.ErrnoException).code ?? "")) return;
    throw err;
  }
  try {
    await fsyncAsync(fd);
  } catch (err) {
    // file systems that cannot sync a directory (some FUSE and network ones) say so
    if (!UNSYNCABLE.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
  } finally {
    fsSync.closeSync(fd);
  }
}
const UNSYNCABLE = new Set(["EINVAL", "ENOTSUP", "EOPNOTSUPP", "EACCES", "EPERM", "EISDIR", "EBADF"]);

export interface FileToWrite {
  file: string;
  data: string | Uint8Array;
  mode: number;
}

/**
 * Writes files that belong together (a private key and its certificate) so that an interrupted
 * run can be told apart from files an operator placed:
 *   1. `marker` is written (atomically) naming this process;
 *   2. every file is written to its temporary sibling and fsynced (concurrently);
 *   3. the siblings are renamed over their targets in the order given (the key first);
 *   4. the directories are fsynced: the group is on disk before anything that relies on it
 *      (a certificate signed by a new CA) is written;
 *   5. the marker is removed.
 * A process killed at any instant leaves: nothing (or only stale siblings), the marker with a
 * prefix of the files in order, or the complete group. The marker is only renamed, not fsynced:
 * on the journaling file systems /etc/kubernetes lives on, metadata changes reach the disk in
 * the order they were made, so it is on disk before the first file is. An error before a file
 * was renamed removes the siblings and the marker; an error after leaves the marker for the
 * next run to find.
 */
export async function writeFileGroup(marker: string, files: readonly FileToWrite[]): Promise<void> {
  const dirs = [...new Set([path.dirname(marker), ...files.map((f) => path.dirname(f.file))])];
  for (const d of dirs) removeStaleTempFilesOnce(d);
  const markerTmp = await writeTemp(marker, `kubeadm-ts ${ownerToken(currentProcess())}\n`, 0o600, false);
  try {
    fsSync.renameSync(markerTmp, marker);
  } catch (err) {
    fsSync.rmSync(markerTmp, { force: true });
    throw err;
  }
  const settled = await Promise.allSettled(files.map((f) => writeTemp(f.file, f.data, f.mode, true)));
  const temps = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    for (const t of temps) fsSync.rmSync(t, { force: true });
    fsSync.rmSync(marker, { force: true });
    throw failed.reason;
  }
  for (let i = 0; i < files.length; i++) {
    try {
      fsSync.renameSync(temps[i]!, files[i]!.file);
    } catch (err) {
      for (const t of temps.slice(i)) fsSync.rmSync(t, { force: true });
      if (i === 0) fsSync.rmSync(marker, { force: true });
      throw err;
    }
  }
  await Promise.all(dirs.map(syncDirectory));
  fsSync.rmSync(marker, { force: true });
}

/**
 * The marker of writeFileGroup at `marker`: null when there is none, else whether the process
 * that wrote it is gone (temp-files.ts's rule; a marker that names no process counts as gone:
 * only a power cut can leave one, and no writer survives that).
 */
export async function readWriteMarker(marker: string): Promise<{ ownerGone: boolean; pid: number | null } | null> {
  let text: string;
  let mtimeMs: number;
  try {
    const st = await fs.lstat(marker);
    if (!st.isFile()) return null;
    mtimeMs = st.mtimeMs;
    // a marker is one short line; anything longer names no process
    text = st.size > 256 ? "" : await fs.readFile(marker, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const owner = parseOwnerToken(/^kubeadm-ts (\S+)\n$/.exec(text)?.[1] ?? "");
  return owner ? { ownerGone: ownerGone(owner, mtimeMs), pid: owner.pid } : { ownerGone: true, pid: null };
}

/** Removes files in the order given (missing ones are fine). */
export async function removeFiles(files: readonly string[]): Promise<void> {
  for (const f of files) await fs.rm(f, { force: true });
}

/** mkdir -p with a mode for the directories it creates (existing ones keep theirs). */
export async function ensureDir(dir: string, mode = 0o755): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode });
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** A whole text file (UTF-8); errors are Node's, with their `code`. */
export async function readTextFile(file: string): Promise<string> {
  return fs.readFile(file, "utf8");
}

/** fileExists, for the few synchronous decisions made while flags are checked. */
export function fileExistsSync(file: string): boolean {
  return fsSync.existsSync(file);
}

/** Whether `file` exists and is a directory. */
export async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

/** Copies a file and sets its mode (the target's directory is created). */
export async function copyFileWithMode(from: string, to: string, mode: number): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.copyFile(from, to);
  await fs.chmod(to, mode);
}

/**
 * upstream's CopyFile: the source's mode for a new target (an existing one is truncated); errors
 * carry the failing `op` ("stat", "open") and `file` for Go's wording.
 */
export async function copyFilePreservingMode(from: string, to: string): Promise<void> {
  const at = (op: string, file: string) => (err: unknown): never => {
    Object.assign(err as object, { op, file });
    throw err;
  };
  const st = await fs.stat(from).catch(at("stat", from));
  const data = await fs.readFile(from).catch(at("open", from));
  await fs.writeFile(to, data, { mode: st.mode & 0o7777 }).catch(at("open", to));
}

/** A file's permission bits, or null when it does not exist. */
export async function fileMode(file: string): Promise<number | null> {
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** A whole file's bytes. */
export async function readFileBytes(file: string): Promise<Buffer> {
  return fs.readFile(file);
}

/** Whether a path exists (anything but "does not exist" counts, as Go's os.IsNotExist test). */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/** The error os.Stat would give for a path (null when it can be stat'ed); Node's, with its `code`. */
export async function statError(file: string): Promise<NodeJS.ErrnoException | null> {
  try {
    await fs.stat(file);
    return null;
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

/** A whole text file, read synchronously (only while a command's options are checked). */
export function readTextFileSync(file: string): string {
  return fsSync.readFileSync(file, "utf8");
}

/** The names in a directory, and whether each is a directory (lstat: links are not followed). */
export async function listDirectory(dir: string): Promise<Array<{ name: string; isDirectory: boolean }>> {
  const names = await fs.readdir(dir);
  return Promise.all(names.map(async (name) => ({ name, isDirectory: (await fs.lstat(path.join(dir, name))).isDirectory() })));
}

/** Whether `file` is a directory itself (lstat: a link to one is not). */
export async function isDirectoryNoFollow(file: string): Promise<boolean> {
  return (await fs.lstat(file)).isDirectory();
}

/** The most kubeadm-ts reads of a configuration or kubeconfig file (upstream reads any size). */
export const MAX_CONFIG_FILE_BYTES = 10 * 1024 * 1024;

/** A file longer than the reader's bound (a regular file, or /dev/zero, a pipe, /dev/stdin). */
export class FileTooLargeError extends Error {
  readonly code = "EFBIG";
  constructor(
    readonly path: string,
    readonly maxBytes: number,
  ) {
    super(`read ${path}: file too large: kubeadm-ts reads at most ${formatBytes(maxBytes)}`);
    this.name = "FileTooLargeError";
  }
}

/** 10 MiB, 64 KiB, 100 bytes. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

const CHUNK = 64 * 1024;

/**
 * Reads a whole file, refusing one longer than `maxBytes` with a FileTooLargeError: at most
 * maxBytes+1 bytes are read, so /dev/zero, a pipe, /dev/stdin or `<(cat file)` cost no more than
 * the bound (a regular file's size is checked before reading). Other failures are fs errors
 * (ENOENT, EACCES, EISDIR, ...) as fs.readFile raises them.
 */
export async function readFileBounded(file: string, maxBytes: number): Promise<Buffer> {
  // one reader for both: a config file is read in one go before anything else happens
  return readFileBoundedSync(file, maxBytes);
}

/** readFileBounded, synchronously (callers that already read synchronously). */
export function readFileBoundedSync(file: string, maxBytes: number): Buffer {
  const fd = fsSync.openSync(file, "r");
  try {
    const st = fsSync.fstatSync(fd);
    if (st.isFile() && st.size > maxBytes) throw new FileTooLargeError(file, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(CHUNK, st.isFile() ? st.size + 1 - total : 0), maxBytes + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      const bytesRead = fsSync.readSync(fd, buf, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(file, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    fsSync.closeSync(fd);
  }
}

/**
 * Go's os.Open of a file, closed at once (client-go's kubeconfig validation): null when it
 * opens, else Go's text ("open c.pem: no such file or directory"). Never blocks on a FIFO.
 */
export function openCheckSync(file: string): string | null {
  try {
    fsSync.closeSync(fsSync.openSync(file, fsSync.constants.O_RDONLY | fsSync.constants.O_NONBLOCK));
    return null;
  } catch (err) {
    return goOpenError(err, file);
  }
}

/** Go's os.ReadFile of a small file (bounded as readFileBoundedSync): the bytes, or an Error worded as Go's ("open x: …", "read x: is a directory"). */
export function readFileGoSync(file: string, maxBytes = MAX_CONFIG_FILE_BYTES): Buffer {
  try {
    return readFileBoundedSync(file, maxBytes);
  } catch (err) {
    throw new Error(goOpenError(err, file), { cause: err });
  }
}
