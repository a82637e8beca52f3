// Stale temporary files: a writer removes the temporary siblings of our name pattern whose writer
// is gone (no such pid, or the pid was reused), and keeps everything else: a live writer's file,
// this process's own, unrelated dotfiles, other shapes (directories, links), a recent file of
// another PID namespace.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readWriteMarker, writeFileAtomic, writeFileGroup } from "../../../src/host/files.js";
import {
  FOREIGN_NAMESPACE_GRACE_MS,
  currentProcess,
  ownerGone,
  ownerToken,
  parseTempName,
  processIdentity,
  removeStaleTempFiles,
  tempPathFor,
  type ProcessIdentity,
} from "../../../src/host/temp-files.js";

const root = mkdtempSync(join(tmpdir(), "kubeadm-ts-temp-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const d = join(root, `d${n++}`);
  mkdirSync(d);
  return d;
};

/** The identity of a process that ran and has exited (and was reaped). */
async function deadProcess(): Promise<ProcessIdentity> {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  await new Promise((r) => child.once("spawn", r));
  const id = processIdentity(child.pid!);
  expect(id, "a running child has an identity in /proc").not.toBeNull();
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  expect(processIdentity(child.pid!)).toBeNull();
  return id!;
}

/** A temp file named for `owner` in `dir`, with its target's name. */
function tempFor(dir: string, target: string, owner: ProcessIdentity, content = "secret"): string {
  const p = tempPathFor(join(dir, target), owner);
  writeFileSync(p, content, { mode: 0o600 });
  return basename(p);
}

describe("temporary file names", () => {
  it("name the target and the writer (pid, start time, PID namespace), and parse back", () => {
    const me = currentProcess();
    expect(me.pid).toBe(process.pid);
    expect(me.start).toMatch(/^[1-9]\d*$/);
    expect(me.ns).toMatch(/^[1-9]\d*$/);
    const name = basename(tempPathFor("/etc/kubernetes/pki/ca.key"));
    expect(name).toMatch(new RegExp(`^\\.ca\\.key\\.kubeadm-tmp-${process.pid}-${me.start}-${me.ns}-[0-9a-f]{12}$`));
    expect(parseTempName(name)).toEqual({ target: "ca.key", owner: me });
    // a long target name is shortened so the whole name stays within 255 bytes
    const long = basename(tempPathFor(`/x/${"é".repeat(200)}`));
    expect(Buffer.byteLength(long)).toBeLessThan(255);
    expect(parseTempName(long)?.owner).toEqual(me);
  });

  it("other names are not ours", () => {
    for (const name of [
      ".ca.key.tmp-0123456789ab", // kubeadm-ts before owners were named: no owner, never removed
      ".bashrc",
      "ca.key.kubeadm-tmp-1-2-3-0123456789ab", // no leading dot
      ".ca.key.kubeadm-tmp-0-2-3-0123456789ab", // pid 0 (kill(0, 0) would mean the process group)
      ".ca.key.kubeadm-tmp-12-2-3-0123456789AB",
      ".ca.key.kubeadm-tmp-12-2-3-0123456789ab.bak",
      ".ca.key.kubeadm-tmp-12-x-3-0123456789ab",
    ]) {
      expect(parseTempName(name), name).toBeNull();
    }
  });
});

describe("removeStaleTempFiles", () => {
  it("removes a gone writer's file, keeps a live writer's and this process's", async () => {
    const dir = freshDir();
    const dead = await deadProcess();
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await new Promise((r) => sleeper.once("spawn", r));
      const live = processIdentity(sleeper.pid!)!;
      const deadName = tempFor(dir, "ca.key", dead, "-----BEGIN RSA PRIVATE KEY-----");
      const liveName = tempFor(dir, "apiserver.key", live);
      const mineName = tempFor(dir, "front-proxy-ca.key", currentProcess());
      const initName = tempFor(dir, "sa.key", processIdentity(1)!); // pid 1 never goes away
      expect(removeStaleTempFiles(dir)).toEqual([deadName]);
      expect(readdirSync(dir).sort()).toEqual([liveName, mineName, initName].sort());
      // the same writer once it is gone
      const exited = new Promise((r) => sleeper.once("exit", r));
      sleeper.kill("SIGKILL");
      await exited;
      expect(removeStaleTempFiles(dir)).toEqual([liveName]);
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("removes a file whose pid now belongs to another process (pid reuse: another start time)", () => {
    const dir = freshDir();
    const reused = { ...processIdentity(1)!, start: String(Number(processIdentity(1)!.start) + 12345) };
    const mineEarlier = { ...currentProcess(), start: String(Number(currentProcess().start) - 1) };
    const a = tempFor(dir, "ca.key", reused);
    const b = tempFor(dir, "ca.crt", mineEarlier);
    expect(removeStaleTempFiles(dir).sort()).toEqual([a, b].sort());
    expect(readdirSync(dir)).toEqual([]);
  });

  it("leaves unrelated dotfiles, other shapes and names without an owner untouched", async () => {
    const dir = freshDir();
    const dead = await deadProcess();
    const deadToken = ownerToken(dead);
    const keep = [
      ".bashrc",
      ".ca.key.tmp-0123456789ab",
      `ca.key.kubeadm-tmp-${deadToken}-0123456789ab`,
      `.ca.key.kubeadm-tmp-${deadToken}-0123456789ab.orig`,
      `.ca.key.kubeadm-tmp-${deadToken}-xyz`,
      ".ca.kubeadm-writing", // a pair's marker is the pair's business (pki/store.ts)
    ];
    for (const name of keep) writeFileSync(join(dir, name), "x");
    mkdirSync(join(dir, `.etcd.kubeadm-tmp-${deadToken}-0123456789ab`));
    symlinkSync("/etc/hostname", join(dir, `.link.kubeadm-tmp-${deadToken}-0123456789ab`));
    const removed = tempFor(dir, "ca.key", dead);
    expect(removeStaleTempFiles(dir)).toEqual([removed]);
    expect(readdirSync(dir).sort()).toEqual([...keep, `.etcd.kubeadm-tmp-${deadToken}-0123456789ab`, `.link.kubeadm-tmp-${deadToken}-0123456789ab`].sort());
    expect(lstatSync(join(dir, `.link.kubeadm-tmp-${deadToken}-0123456789ab`)).isSymbolicLink()).toBe(true);
    expect(existsSync("/etc/hostname")).toBe(true);
  });

  it("keeps a recent file of another PID namespace, removes one older than the grace period", () => {
    const dir = freshDir();
    const foreign = { pid: 7, start: "100", ns: String(Number(currentProcess().ns) + 1) };
    const recent = tempFor(dir, "ca.key", foreign);
    const old = tempFor(dir, "ca.crt", foreign);
    const then = (Date.now() - FOREIGN_NAMESPACE_GRACE_MS - 60_000) / 1000;
    utimesSync(join(dir, old), then, then);
    expect(removeStaleTempFiles(dir)).toEqual([old]);
    expect(readdirSync(dir)).toEqual([recent]);
    expect(ownerGone(foreign, Date.now())).toBe(false);
  });

  it("a missing directory has nothing to remove", () => {
    expect(removeStaleTempFiles(join(root, "no-such-dir"))).toEqual([]);
  });
});

describe("writeFileAtomic and writeFileGroup", () => {
  it("the first write into a directory removes a killed writer's leftovers, and leaves no file of its own", async () => {
    const dir = freshDir();
    const dead = await deadProcess();
    const stale = tempFor(dir, "ca.key", dead);
    writeFileSync(join(dir, ".keep"), "");
    await writeFileAtomic(join(dir, "admin.conf"), "kind: Config\n", 0o600);
    expect(readdirSync(dir).sort()).toEqual([".keep", "admin.conf"]);
    expect(lstatSync(join(dir, "admin.conf")).mode & 0o777).toBe(0o600);
    expect(stale).toMatch(/^\.ca\.key\.kubeadm-tmp-/);
  });

  it("a group is written in order with exact modes, and its marker is gone afterwards", async () => {
    const dir = freshDir();
    const marker = join(dir, ".ca.kubeadm-writing");
    await writeFileGroup(marker, [
      { file: join(dir, "ca.key"), data: "key", mode: 0o600 },
      { file: join(dir, "ca.crt"), data: "crt", mode: 0o644 },
    ]);
    expect(readdirSync(dir).sort()).toEqual(["ca.crt", "ca.key"]);
    expect(lstatSync(join(dir, "ca.key")).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dir, "ca.crt")).mode & 0o777).toBe(0o644);
    // the key is renamed into place before the certificate
    expect(lstatSync(join(dir, "ca.key")).ctimeMs).toBeLessThanOrEqual(lstatSync(join(dir, "ca.crt")).ctimeMs);
  });

  it("a failed group write leaves neither temporary files nor its marker", async () => {
    const dir = freshDir();
    const marker = join(dir, ".x.kubeadm-writing");
    await expect(
      writeFileGroup(marker, [
        { file: join(dir, "x.key"), data: "key", mode: 0o600 },
        { file: join(dir, "missing-dir", "x.crt"), data: "crt", mode: 0o644 },
      ]),
    ).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("readWriteMarker: none, a live writer's, a gone writer's, one naming no process", async () => {
    const dir = freshDir();
    const marker = join(dir, ".ca.kubeadm-writing");
    expect(await readWriteMarker(marker)).toBeNull();
    writeFileSync(marker, `kubeadm-ts ${ownerToken(currentProcess())}\n`);
    expect(await readWriteMarker(marker)).toEqual({ ownerGone: false, pid: process.pid });
    const dead = await deadProcess();
    writeFileSync(marker, `kubeadm-ts ${ownerToken(dead)}\n`);
    expect(await readWriteMarker(marker)).toEqual({ ownerGone: true, pid: dead.pid });
    writeFileSync(marker, "");
    expect(await readWriteMarker(marker)).toEqual({ ownerGone: true, pid: null });
  });
});

// /proc/<pid>/stat's second field is the command name, which may hold spaces and parentheses
it("reads the start time after an odd command name", async () => {
  const link = join(root, "sl) eep (x");
  symlinkSync(spawnSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).stdout.trim(), link);
  const child = spawn(link, ["30"], { stdio: "ignore" });
  try {
    await new Promise((r) => child.once("spawn", r));
    const id = processIdentity(child.pid!)!;
    expect(id.start).toMatch(/^\d+$/);
    expect(Number(id.start)).toBeGreaterThanOrEqual(Number(currentProcess().start));
    expect(id.ns).toBe(currentProcess().ns);
    expect(ownerGone(id, Date.now())).toBe(false);
  } finally {
    child.kill("SIGKILL");
  }
});
