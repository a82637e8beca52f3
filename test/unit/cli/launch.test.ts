import { describe, expect, it } from "vitest";
import { cacheSuits, runtimeStamp } from "../../../src/launch.js";

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
