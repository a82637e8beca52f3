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
