/**
 * Whose is a temporary file? kubeadm-ts writes every file through a temporary sibling that is
 * renamed over the target (files.ts). A process killed between the two leaves the sibling
 * behind, possibly a complete private key. The name says who wrote it, so the next writer in
 * that directory can remove the ones whose writer is gone, and nothing else:
 *
 *   .<target name>.kubeadm-tmp-<pid>-<start>-<pidns>-<12 hex digits>
 *
 * `<start>` is the writer's start time (field 22 of /proc/<pid>/stat, clock ticks since boot)
 * and `<pidns>` the inode of its PID namespace (/proc/<pid>/ns/pid); both are 0 where /proc
 * does not say. The rule (`ownerGone`), for a regular file with exactly that name:
 *   - the writer is this process: kept;
 *   - the writer ran in another PID namespace (a container sharing the directory), whose pids
 *     mean nothing here: kept, unless it is older than an hour (no write takes that long);
 *   - no process has that pid (kill(pid, 0) says ESRCH): removed;
 *   - a process has that pid but started at another time (the pid was reused): removed;
 *   - otherwise (the writer may be running): kept.
 * Files of any other name (dotfiles, older `.<name>.tmp-<hex>` names that carry no owner,
 * directories, symbolic links) are never touched.
 *
 * The same owner token marks a pair of files being written together (`.<name>.kubeadm-writing`,
 * see files.ts writeFileGroup and pki/store.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

/** Who wrote a temporary file: enough to tell whether that process still runs. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot ("0" when unknown). */
  start: string;
  /** PID namespace inode ("0" when unknown). */
  ns: string;
}

/** How old a file of a writer in another PID namespace must be before it counts as abandoned. */
export const FOREIGN_NAMESPACE_GRACE_MS = 60 * 60 * 1000;

const TEMP_TAG = "kubeadm-tmp";
const TEMP_NAME = /^\.(.+)\.kubeadm-tmp-([1-9]\d{0,9})-(\d{1,20})-(\d{1,20})-([0-9a-f]{12})$/;
/** Longest target name kept whole in a temporary name (the whole name must fit in 255 bytes). */
const MAX_TARGET_IN_NAME = 120;

function readStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return null;
  }
  // the command name (field 2) may hold spaces and parentheses: fields 3.. follow the last ")"
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
}

function readPidNamespace(pid: number | "self"): string | null {
  try {
    return /\[(\d+)\]/.exec(fs.readlinkSync(`/proc/${pid}/ns/pid`))?.[1] ?? null;
  } catch {
    return null;
  }
}

let self: ProcessIdentity | undefined;

/** This process's identity (read once). */
export function currentProcess(): ProcessIdentity {
  return (self ??= { pid: process.pid, start: readStartTime(process.pid) ?? "0", ns: readPidNamespace("self") ?? "0" });
}

/** Another process's identity as /proc shows it, or null when there is no such process (tests). */
export function processIdentity(pid: number): ProcessIdentity | null {
  const start = readStartTime(pid);
  if (start === null) return null;
  return { pid, start, ns: readPidNamespace(pid) ?? currentProcess().ns };
}

export const ownerToken = (p: ProcessIdentity): string => `${p.pid}-${p.start}-${p.ns}`;

/** Parses `<pid>-<start>-<ns>`; null when it is not one. */
export function parseOwnerToken(token: string): ProcessIdentity | null {
  const m = /^([1-9]\d{0,9})-(\d{1,20})-(\d{1,20})$/.exec(token);
  return m ? { pid: Number(m[1]), start: m[2]!, ns: m[3]! } : null;
}

/** The temporary sibling for writing `file`, owned by `owner` (this process by default). */
export function tempPathFor(file: string, owner: ProcessIdentity = currentProcess()): string {
  let name = path.basename(file);
  if (Buffer.byteLength(name) > MAX_TARGET_IN_NAME) name = name.slice(0, MAX_TARGET_IN_NAME / 4);
  return path.join(path.dirname(file), `.${name}.${TEMP_TAG}-${ownerToken(owner)}-${randomBytes(6).toString("hex")}`);
}

/** The target name and owner of a temporary file's name, or null for any other name. */
export function parseTempName(name: string): { target: string; owner: ProcessIdentity } | null {
  const m = TEMP_NAME.exec(name);
  return m ? { target: m[1]!, owner: { pid: Number(m[2]), start: m[3]!, ns: m[4]! } } : null;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists and belongs to someone else
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Whether the process that wrote a file (modified at `mtimeMs`) is certainly gone. See the rule above. */
export function ownerGone(owner: ProcessIdentity, mtimeMs: number, now = Date.now()): boolean {
  const me = currentProcess();
  if (!(owner.pid >= 1)) return false;
  if (owner.ns !== "0" && me.ns !== "0" && owner.ns !== me.ns) return now - mtimeMs > FOREIGN_NAMESPACE_GRACE_MS;
  if (owner.pid === me.pid) return owner.start !== "0" && me.start !== "0" && owner.start !== me.start;
  if (!pidExists(owner.pid)) return true;
  if (owner.start !== "0") {
    const start = readStartTime(owner.pid);
    if (start !== null && start !== owner.start) return true;
  }
  return false;
}

/**
 * Removes the temporary files in `dir` whose writer is gone (the rule above) and returns their
 * names. A missing or unreadable directory has none.
 */
export function removeStaleTempFiles(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const parsed = parseTempName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      continue;
    }
    if (!st.isFile() || !ownerGone(parsed.owner, st.mtimeMs, now)) continue;
    try {
      fs.unlinkSync(file);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove (EACCES, EPERM, EROFS): the write goes on
    }
  }
  return removed;
}

const swept = new Set<string>();

/** removeStaleTempFiles, once per directory and process (the first write there). */
export function removeStaleTempFilesOnce(dir: string): void {
  const key = path.resolve(dir);
  if (swept.has(key)) return;
  swept.add(key);
  removeStaleTempFiles(key);
}
