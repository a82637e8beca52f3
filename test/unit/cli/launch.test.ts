import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheSuits, runtimeStamp, THREAD_POOL_SIZE } from "../../../src/launch.js";

describe("launch: when the build's code cache is used", () => {
  const now = runtimeStamp([], {});
  it("records the Node, V8, architecture and the options that reach V8", () => {
    expect(now).toEqual({ node: process.versions.node, v8: process.versions.v8, arch: process.arch, options: "" });
    expect(runtimeStamp(["--stack-trace-limit=50"], { NODE_OPTIONS: "--max-old-space-size=512" }).options).toBe("--stack-trace-limit=50 --max-old-space-size=512");
  });
  it("only under the same Node, V8, architecture and options; never without a stamp", () => {
    expect(cacheSuits(now, now)).toBe(true);
    expect(cacheSuits(null, now)).toBe(false);
    expect(cacheSuits({ ...now, node: "20.0.0" }, now)).toBe(false);
    expect(cacheSuits({ ...now, v8: "11.3.0" }, now)).toBe(false);
    expect(cacheSuits({ ...now, arch: "arm64" }, now)).toBe(false);
    expect(cacheSuits(now, { ...now, options: "--max-old-space-size=512" })).toBe(false);
  });
});

describe("launch: libuv's thread pool", () => {
  const launcher = join(import.meta.dirname, "../../../dist/launch.cjs");
  // a preloaded module reports the variable as libuv reads it: after the launcher ran
  const probe = join(mkdtempSync(join(tmpdir(), "kts-launch-")), "probe.cjs");
  writeFileSync(probe, 'process.on("exit", () => process.stderr.write(`UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE}\\n`));\n');
  const poolSize = (env: Record<string, string>): string | undefined => {
    const r = spawnSync(process.execPath, ["--require", probe, launcher, "version", "-o", "short"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
    expect(r.status, r.stderr).toBe(0);
    return /UV_THREADPOOL_SIZE=(\S+)/.exec(r.stderr)?.[1];
  };
  it("is built (`npm run build`)", () => expect(existsSync(launcher)).toBe(true));
  it("gets six threads, so that init's three keys made ahead leave three to the phases", () => {
    expect(THREAD_POOL_SIZE).toBe("6");
    expect(poolSize({})).toBe("6");
  });
  it("keeps the operator's own size", () => expect(poolSize({ UV_THREADPOOL_SIZE: "2" })).toBe("2"));
});
