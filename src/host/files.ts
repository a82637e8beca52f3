import * as fsSync from "node:fs";
import { promises as fs } from "node:fs";
import { promisify } from "node:util";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

const fsyncAsync = promisify(fsSync.fsync);

/**
 * Writes a file atomically with an exact mode: write to a temporary sibling, chmod
 * (umask-independent), fsync, then rename over the target. Readers see either the old file or
 * the new one, never half of it. Only the fsync waits on the thread pool: the other steps are
 * small synchronous calls, so a run that writes many files while its main thread is busy
 * (key generation) does not queue six event-loop turns per file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${randomBytes(6).toString("hex")}`);
  const fd = fsSync.openSync(tmp, "wx", mode);
  try {
    fsSync.writeFileSync(fd, data);
    fsSync.fchmodSync(fd, mode);
    await fsyncAsync(fd);
  } catch (err) {
    fsSync.closeSync(fd);
    fsSync.rmSync(tmp, { force: true });
    throw err;
  }
  fsSync.closeSync(fd);
  try {
    fsSync.renameSync(tmp, file);
  } catch (err) {
    fsSync.rmSync(tmp, { force: true });
    throw err;
  }
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
