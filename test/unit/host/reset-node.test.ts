import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanDir, evalSymlinks, isDirEmpty, unmountBelow, type UnmountDeps } from "../../../src/host/reset-node.js";

const root = mkdtempSync(join(tmpdir(), "reset-node-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("reset's file-system helpers (upstream CleanDir, IsDirEmpty, EvalSymlinks)", () => {
  it("cleanDir empties a directory, keeps it and its mode, and removes symlinks without following them", async () => {
    const dir = join(root, "pki");
    const outside = join(root, "outside");
    mkdirSync(join(dir, "etcd"), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, "keep"), "x");
    writeFileSync(join(dir, "ca.crt"), "c");
    writeFileSync(join(dir, "etcd", "ca.key"), "k");
    symlinkSync(outside, join(dir, "link"));
    chmodSync(dir, 0o700);
    await cleanDir(dir);
    expect(readdirSync(dir)).toEqual([]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(outside)).toEqual(["keep"]);
  });

  it("cleanDir of a missing directory is fine; of a file is an error naming it", async () => {
    await expect(cleanDir(join(root, "missing"))).resolves.toBeUndefined();
    writeFileSync(join(root, "file"), "x");
    await expect(cleanDir(join(root, "file"))).rejects.toThrow(`open ${join(root, "file")}: not a directory`);
  });

  it("isDirEmpty: a directory that cannot be read counts as not empty (upstream's quirk)", async () => {
    mkdirSync(join(root, "empty"));
    expect(await isDirEmpty(join(root, "empty"))).toBe(true);
    expect(await isDirEmpty(join(root, "pki"))).toBe(true);
    expect(await isDirEmpty(join(root, "outside"))).toBe(false);
    expect(await isDirEmpty(join(root, "does-not-exist"))).toBe(false);
  });

  it("evalSymlinks resolves links and fails with Go's lstat text", async () => {
    symlinkSync(join(root, "outside"), join(root, "kubelet-link"));
    expect(await evalSymlinks(join(root, "kubelet-link"))).toBe(join(root, "outside"));
    await expect(evalSymlinks(join(root, "nope"))).rejects.toThrow(`lstat ${join(root, "nope")}: no such file or directory`);
    expect(existsSync(join(root, "outside"))).toBe(true);
  });
});

describe("unmountBelow (upstream unmountKubeletDirectory)", () => {
  const mounts = [
    "/dev/vda / ext4 rw 0 0",
    "tmpfs /var/lib/kubelet tmpfs rw 0 0",
    "tmpfs /var/lib/kubelet/pods/a/volumes/kubernetes.io~projected/kube-api-access-1 tmpfs rw 0 0",
    "shm /var/lib/kubelet-other/x tmpfs rw 0 0",
    "tmpfs /var/lib/kubelet/pods/b/volumes/with\\040space tmpfs rw 0 0",
    "",
  ].join("\n");
  const deps = (fail: Record<string, string> = {}) => {
    const calls: string[] = [];
    const warnings: string[] = [];
    const d: UnmountDeps = {
      readMounts: async () => mounts,
      unmount: async (m, o) => {
        calls.push([...o, m].join(" "));
        if (fail[m]) throw new Error(fail[m]);
      },
      warn: (w) => warnings.push(w),
    };
    return { d, calls, warnings };
  };

  it("unmounts only what is below the directory (not the directory itself), paths as /proc/mounts writes them, with the configured flags", async () => {
    const { d, calls } = deps();
    await unmountBelow("/var/lib/kubelet", ["MNT_DETACH", "MNT_FORCE"], d);
    expect(calls).toEqual([
      "--lazy --force /var/lib/kubelet/pods/a/volumes/kubernetes.io~projected/kube-api-access-1",
      "--lazy --force /var/lib/kubelet/pods/b/volumes/with\\040space",
    ]);
  });

  it("'not mounted' is a warning; other failures are collected into one error", async () => {
    const a = "/var/lib/kubelet/pods/a/volumes/kubernetes.io~projected/kube-api-access-1";
    const b = "/var/lib/kubelet/pods/b/volumes/with\\040space";
    const one = deps({ [a]: `${a}: not mounted.` });
    await unmountBelow("/var/lib/kubelet", [], one.d);
    expect(one.warnings).toEqual([`[reset] Ignoring EINVAL error while unmounting "${a}"`]);
    const two = deps({ [a]: "target is busy.", [b]: "permission denied" });
    await expect(unmountBelow("/var/lib/kubelet", [], two.d)).rejects.toThrow(
      // %q quoting: the backslash of /proc/mounts' octal escape is doubled
      `encountered the following errors while unmounting directories in "/var/lib/kubelet/": [failed to unmount "${a}": target is busy., failed to unmount "${b.replace("\\", "\\\\")}": permission denied]`,
    );
    const single = deps({ [a]: "target is busy." });
    await expect(unmountBelow("/var/lib/kubelet", [], single.d)).rejects.toThrow(
      `encountered the following errors while unmounting directories in "/var/lib/kubelet/": failed to unmount "${a}": target is busy.`,
    );
  });
});
