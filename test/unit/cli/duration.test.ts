// Go time.ParseDuration / Duration.String parity.
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND } from "../../../src/util/duration.js";

describe("parseDuration", () => {
  it.each([
    ["0", 0n],
    ["+0", 0n],
    ["24h", 24n * HOUR],
    ["1h30m", HOUR + 30n * MINUTE],
    ["90s", 90n * SECOND],
    ["1.5h", HOUR + 30n * MINUTE],
    [".5s", 500n * MILLISECOND],
    ["-1m", -MINUTE],
    ["1µs", MICROSECOND],
    ["1us", MICROSECOND],
    ["100ns", 100n],
    ["8760h", 8760n * HOUR],
    ["1h1m1s1ms", HOUR + MINUTE + SECOND + MILLISECOND],
  ])("%s", (s, ns) => {
    expect(parseDuration(s)).toBe(ns);
  });

  it.each([
    ["1d", 'time: unknown unit "d" in duration "1d"'],
    ["", 'time: invalid duration ""'],
    ["1", 'time: missing unit in duration "1"'],
    ["h", 'time: invalid duration "h"'],
    [".s", 'time: invalid duration ".s"'],
    ["-", 'time: invalid duration "-"'],
    ["1.2.3s", 'time: missing unit in duration "1.2.3s"'],
    ["9999999999h", 'time: invalid duration "9999999999h"'],
    ["1é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
  ])("rejects %s", (s, message) => {
    expect(() => parseDuration(s)).toThrow(message);
  });
});

describe("formatDuration", () => {
  it.each([
    [0n, "0s"],
    [24n * HOUR, "24h0m0s"],
    [HOUR + 30n * MINUTE, "1h30m0s"],
    [8760n * HOUR, "8760h0m0s"],
    [5n * MINUTE, "5m0s"],
    [1500n * MILLISECOND, "1.5s"],
    [300n * MILLISECOND, "300ms"],
    [1500n * MICROSECOND, "1.5ms"],
    [2n * MICROSECOND, "2µs"],
    [100n, "100ns"],
    [-MINUTE, "-1m0s"],
    [HOUR + 1n, "1h0m0.000000001s"],
  ])("%s", (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it("round-trips", () => {
    for (const s of ["24h0m0s", "1h30m0s", "1.5s", "300ms", "0s", "2µs"]) expect(formatDuration(parseDuration(s))).toBe(s);
  });
});
