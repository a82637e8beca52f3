// What a command changed under a node's folders (host/node-changes.ts): the snapshot walks the
// roots without following links, and the difference lists new paths (a new folder standing for
// its contents) and changed files, never an existing folder whose entries changed.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, chmodSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changedPaths, snapshotTree, type PathState } from "../../../src/host/node-changes.js";

const f = (over: Partial<PathState> = {}): PathState => ({ type: "f", mode: 0o644, size: 1, mtimeMs: 1, ...over });
const d = (over: Partial<PathState> = {}): PathState => ({ type: "d", mode: 0o755, size: 4096, mtimeMs: 1, ...over });

describe("changedPaths", () => {
  it("lists new paths, a new folder once for everything below it, and files whose type, mode, size or time changed", () => {
    const before = new Map<string, PathState>([
      ["/k", d()],
      ["/k/manifests", d()],
      ["/k/same.conf", f()],
      ["/k/mode.conf", f()],
      ["/k/size.conf", f()],
      ["/k/time.conf", f()],
      ["/k/was-file", f()],
    ]);
    const after = new Map<string, PathState>([
      ["/k", d({ mtimeMs: 9, mode: 0o700 })],
      ["/k/manifests", d({ mtimeMs: 9 })],
      ["/k/manifests/etcd.yaml", f()],
      ["/k/pki", d()],
      ["/k/pki/ca.crt", f()],
      ["/k/pki/etcd", d()],
      ["/k/pki/etcd/ca.key", f()],
      ["/k/pki-other", f()],
      ["/k/same.conf", f()],
      ["/k/mode.conf", f({ mode: 0o600 })],
      ["/k/size.conf", f({ size: 2 })],
      ["/k/time.conf", f({ mtimeMs: 2 })],
      ["/k/was-file", d()],
    ]);
    expect(changedPaths(before, after)).toEqual(["/k/manifests/etcd.yaml", "/k/pki", "/k/pki-other", "/k/mode.conf", "/k/size.conf", "/k/time.conf", "/k/was-file"]);
  });

  it("nothing changed, or only removed: nothing listed", () => {
    const s = new Map<string, PathState>([["/k", d()], ["/k/a", f()]]);
    expect(changedPaths(s, new Map(s))).toEqual([]);
    expect(changedPaths(s, new Map([["/k", d()]]))).toEqual([]);
  });
});

describe("snapshotTree", () => {
  it("records every path below the roots with its type and mode, follows no link, skips a missing root", async () => {
    const root = mkdtempSync(join(tmpdir(), "node-changes-"));
    mkdirSync(join(root, "a/b"), { recursive: true });
    writeFileSync(join(root, "a/b/f"), "x");
    chmodSync(join(root, "a/b/f"), 0o600);
    mkdirSync(join(root, "elsewhere"));
    writeFileSync(join(root, "elsewhere/hidden"), "y");
    symlinkSync(join(root, "elsewhere"), join(root, "a/link"));
    const s = await snapshotTree([join(root, "a"), join(root, "missing")]);
    expect([...s.keys()]).toEqual([join(root, "a"), join(root, "a/b"), join(root, "a/b/f"), join(root, "a/link")]);
    expect(s.get(join(root, "a/b/f"))).toMatchObject({ type: "f", mode: 0o600, size: 1 });
    expect(s.get(join(root, "a/link"))!.type).toBe("l");

    // a write after the first snapshot shows up; an untouched file does not
    const before = s;
    writeFileSync(join(root, "a/new"), "z");
    mkdirSync(join(root, "a/b/c"));
    writeFileSync(join(root, "a/b/c/g"), "z");
    writeFileSync(join(root, "a/b/f"), "xx");
    utimesSync(join(root, "a/b"), new Date(), new Date());
    expect(changedPaths(before, await snapshotTree([join(root, "a")]))).toEqual([join(root, "a/b/c"), join(root, "a/b/f"), join(root, "a/new")]);
  });
});
