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

/** A whole file's bytes, read synchronously (kubeconfig references resolved while discovery is set up). */
export function readFileBytesSync(file: string): Buffer {
  return fsSync.readFileSync(file);
}
