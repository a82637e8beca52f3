/**
 * The file steps of `kubeadm upgrade` (upstream's CreateTempDir, CreateTimestampDir, MoveFile,
 * CopyFile and the folders' removal), worded as upstream words their failures.
 */
import * as fsSync from "node:fs";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { MODE_PRIVATE_DIR, TEMP_SUBDIR } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { goErrnoText, goPathError } from "../util/go-errno.js";
import { removeStaleTempFiles } from "./temp-files.js";

const fsyncAsync = promisify(fsSync.fsync);

const goErr = (op: string, file: string, err: unknown): string => goPathError(op, file, err as NodeJS.ErrnoException);

/** `<kubernetesDir>/tmp/<prefix><random>` (0700), as os.MkdirTemp names it. */
export async function createTempDir(kubernetesDir: string, prefix: string): Promise<string> {
  const parent = path.join(kubernetesDir, TEMP_SUBDIR);
  try {
    await fs.mkdir(parent, { recursive: true, mode: MODE_PRIVATE_DIR });
  } catch (err) {
    throw new KubeadmError(`failed to create directory "${parent}": ${goErr("mkdir", parent, err)}`, 1, { cause: err });
  }
  // os.MkdirTemp appends a random decimal number
  for (let i = 0; i < 10_000; i++) {
    const dir = path.join(parent, `${prefix}${Math.floor(Math.random() * 4294967296)}`);
    try {
      await fs.mkdir(dir, { mode: MODE_PRIVATE_DIR });
      await fs.chmod(dir, MODE_PRIVATE_DIR);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new KubeadmError(`could not create a temporary directory in "${parent}": ${goErr("mkdirtemp", dir, err)}`, 1, { cause: err });
    }
  }
  throw new KubeadmError(`could not create a temporary directory in "${parent}"`);
}

/** `<kubernetesDir>/tmp/<name>` (0700) for a name that carries a timestamp; an existing one fails, as upstream's. */
export async function createNamedTempDir(kubernetesDir: string, name: string): Promise<string> {
  const parent = path.join(kubernetesDir, TEMP_SUBDIR);
  try {
    await fs.mkdir(parent, { recursive: true, mode: MODE_PRIVATE_DIR });
  } catch (err) {
    throw new KubeadmError(`failed to create directory "${parent}": ${goErr("mkdir", parent, err)}`, 1, { cause: err });
  }
  const dir = path.join(parent, name);
  try {
    await fs.mkdir(dir, { mode: MODE_PRIVATE_DIR });
    await fs.chmod(dir, MODE_PRIVATE_DIR);
  } catch (err) {
    throw new KubeadmError(`could not create timestamp directory: ${goErr("mkdir", dir, err)}`, 1, { cause: err });
  }
  return dir;
}

/** upstream's MoveFile: a rename; across file systems a copy (fsynced) then the source's removal. */
export async function moveFile(src: string, dest: string): Promise<void> {
  try {
    await fs.rename(src, dest);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") {
      throw new KubeadmError(`rename ${src} ${dest}: ${goErrnoText(err)}`, 1, { cause: err });
    }
  }
  const st = await fs.stat(src);
  await fs.copyFile(src, dest);
  await fs.chmod(dest, st.mode & 0o7777);
  const fd = fsSync.openSync(dest, "r");
  try {
    await fsyncAsync(fd);
  } finally {
    fsSync.closeSync(fd);
  }
  await fs.rm(src);
}

/** A file's text, or null when it does not exist. */
export async function readTextIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** os.RemoveAll. */
export async function removeAll(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** The entries of `<kubernetesDir>/tmp` whose names start with `prefix`, sorted by name ([] without the folder). */
export async function tempDirsWithPrefix(kubernetesDir: string, prefix: string): Promise<string[]> {
  const parent = path.join(kubernetesDir, TEMP_SUBDIR);
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(prefix)).sort().map((n) => path.join(parent, n));
}

/** Removes the temporary files killed kubeadm-ts writers left in `dir` (e.g. a half-written etcd snapshot). */
export async function sweepTempFiles(dir: string): Promise<void> {
  removeStaleTempFiles(dir);
}
