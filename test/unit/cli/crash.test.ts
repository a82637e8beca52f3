// The process-level crash handler (src/cli/crash.ts) and the plain-words explanation of Node's
// permission-model refusals (src/util/node-error.ts) that every error line gets.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { crashHandler, StdoutWriteError } from "../../../src/cli/crash.js";
import { formatError, STACK_HINT } from "../../../src/cli/print-error.js";
import { accessDeniedDetail, explainAccessDenied } from "../../../src/util/node-error.js";
import { KubeadmError, wrapError } from "../../../src/util/errors.js";
import { readLine } from "../../../src/phases/reset/preflight.js";

const denied = (permission: string, resource: string): Error =>
  Object.assign(new Error("Access to this API has been restricted"), { code: "ERR_ACCESS_DENIED", permission, resource });

describe("crashHandler", () => {
  const capture = () => {
    const out: string[] = [];
    const exits: number[] = [];
    return { out, exits, stderr: { write: (t: string) => out.push(t) }, exit: (c: number) => void exits.push(c) };
  };

  it("prints error: <message> with the hint and exits 1, at the verbosity the command line set", () => {
    const c = capture();
    const state = { verbosity: 0 };
    const saved = process.exitCode;
    try {
      crashHandler(state, c.stderr, c.exit)(new Error("boom"));
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = saved;
    }
    expect(c.out).toEqual([`error: boom\n${STACK_HINT}\n`]);
    expect(c.exits).toEqual([1]);
    const v = capture();
    state.verbosity = 5;
    try {
      crashHandler(state, v.stderr, v.exit)(new Error("boom"));
    } finally {
      process.exitCode = saved;
    }
    expect(v.out[0]).toMatch(/^error: boom\nat .*crash\.test\.ts/);
  });

  it("a second failure while reporting (or a stderr that throws) only exits", () => {
    const saved = process.exitCode;
    try {
      const c = capture();
      const crash = crashHandler({ verbosity: 0 }, c.stderr, c.exit);
      crash("first");
      crash(new Error("second"));
      expect(c.out).toEqual([`error: first\n${STACK_HINT}\n`]);
      expect(c.exits).toEqual([1, 1]);
      const exits: number[] = [];
      crashHandler({ verbosity: 0 }, { write: () => { throw new Error("EPIPE"); } }, (code) => void exits.push(code))(new Error("x"));
      expect(exits).toEqual([1]);
    } finally {
      process.exitCode = saved;
    }
  });

  it("a failed write to stdout reads as Go words it, with the write's own stack", () => {
    const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE", syscall: "write" });
    const e = new StdoutWriteError(epipe);
    expect(e.message).toBe("write /dev/stdout: broken pipe");
    expect(e.stack).toBe(`StdoutWriteError: write /dev/stdout: broken pipe\n${epipe.stack!.split("\n").slice(1).join("\n")}`);
    expect(new StdoutWriteError(Object.assign(new Error("x"), { code: "ENOSPC" })).message).toBe("write /dev/stdout: no space left on device");
  });
});

describe("Node's permission model, explained", () => {
  it("names the permission, the path and the flag, from the error or its causes", () => {
    const wrapped = wrapError(wrapError(denied("FileSystemWrite", "/etc/kubernetes/pki/ca.key"), "failure loading ca"), "error execution phase certs/ca");
    expect(formatError(wrapped, 0)).toBe(
      `error: error execution phase certs/ca: failure loading ca: Access to this API has been restricted: Node's permission model refuses FileSystemWrite of "/etc/kubernetes/pki/ca.key" (allow it with --allow-fs-write)\n${STACK_HINT}\n`,
    );
    expect(accessDeniedDetail(denied("ChildProcess", ""))).toBe("Node's permission model refuses ChildProcess (allow it with --allow-child-process)");
    expect(accessDeniedDetail(denied("FileSystemRead", "/x"))).toBe(`Node's permission model refuses FileSystemRead of "/x" (allow it with --allow-fs-read)`);
  });

  it("says what it can when the cause is gone, once, and leaves other messages alone", () => {
    const lost = new KubeadmError("could not create a temporary directory on dryrun: Access to this API has been restricted");
    const once = explainAccessDenied(lost.message, lost);
    expect(once).toBe("could not create a temporary directory on dryrun: Access to this API has been restricted: Node's permission model (--experimental-permission) refuses it");
    expect(explainAccessDenied(once, lost)).toBe(once);
    expect(explainAccessDenied("open /x: permission denied", lost)).toBe("open /x: permission denied");
    // a cause chain that loops does not hang
    const a = new Error("Access to this API has been restricted") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(explainAccessDenied(a.message, a)).toContain("(--experimental-permission)");
  });
});

describe("reset's confirmation prompt reader", () => {
  it("keeps listening for errors once answered: a later error of stdin is not thrown", async () => {
    const stdin = new PassThrough();
    const answer = readLine(stdin);
    stdin.write("y\n");
    expect(await answer).toBe("y");
    // without a listener, emit('error') throws the error
    expect(() => stdin.emit("error", new Error("read EIO"))).not.toThrow();
  });

  it("an error before the line ends the read with what was typed", async () => {
    const stdin = new PassThrough();
    const answer = readLine(stdin);
    stdin.write("ye");
    await new Promise((r) => setImmediate(r));
    stdin.emit("error", new Error("read EIO"));
    expect(await answer).toBe("ye");
  });
});
