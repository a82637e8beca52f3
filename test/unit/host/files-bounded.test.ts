// readFileBounded: a whole file up to a bound; longer inputs (regular files, /dev/zero, pipes)
// are refused after reading at most bound+1 bytes.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileTooLargeError, MAX_CONFIG_FILE_BYTES, formatBytes, readFileBounded, readFileBoundedSync } from "../../../src/host/files.js";

const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-bounded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readFileBounded", () => {
  it("reads files up to the bound, byte for byte", async () => {
    const f = join(dir, "exact");
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    writeFileSync(f, data);
    expect((await readFileBounded(f, 1000)).equals(data)).toBe(true);
    expect(readFileBoundedSync(f, 1000).equals(data)).toBe(true);
    writeFileSync(join(dir, "empty"), "");
    expect((await readFileBounded(join(dir, "empty"), 10)).length).toBe(0);
  });

  it("refuses a regular file one byte over the bound, naming the file and the bound", async () => {
    const f = join(dir, "over");
    writeFileSync(f, Buffer.alloc(1025, 0x61));
    await expect(readFileBounded(f, 1024)).rejects.toThrow(`read ${f}: file too large: kubeadm-ts reads at most 1 KiB`);
    expect(() => readFileBoundedSync(f, 1024)).toThrow(FileTooLargeError);
  });

  it("refuses /dev/zero (endless) at once", async () => {
    const err = await readFileBounded("/dev/zero", MAX_CONFIG_FILE_BYTES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileTooLargeError);
    expect((err as Error).message).toBe("read /dev/zero: file too large: kubeadm-ts reads at most 10 MiB");
    expect(() => readFileBoundedSync("/dev/zero", 4096)).toThrow("read /dev/zero: file too large: kubeadm-ts reads at most 4 KiB");
  });

  it("reads a FIFO to its end, and refuses one that goes on too long", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const small = spawn("sh", ["-c", `printf 'a: 1\\n' > ${fifo}`]);
    const smallDone = new Promise((r) => small.on("close", r));
    expect((await readFileBounded(fifo, 100)).toString()).toBe("a: 1\n");
    await smallDone;
    // a writer that never stops (yes): the reader stops after bound+1 bytes
    const endless = spawn("sh", ["-c", `exec yes > ${fifo}`]);
    await expect(readFileBounded(fifo, 100_000)).rejects.toThrow(FileTooLargeError);
    endless.kill();
  });

  it("keeps fs errors as they are (ENOENT, EISDIR)", async () => {
    await expect(readFileBounded(join(dir, "missing"), 10)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readFileBounded(dir, 10)).rejects.toMatchObject({ code: "EISDIR" });
    expect(() => readFileBoundedSync(join(dir, "missing"), 10)).toThrow(/ENOENT/);
  });

  it("words bounds in MiB, KiB or bytes", () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe("10 MiB");
    expect(formatBytes(64 * 1024)).toBe("64 KiB");
    expect(formatBytes(1000)).toBe("1000 bytes");
  });
});
