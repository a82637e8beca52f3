// A corpus of bad configuration documents: each gives one error naming the field or
// file and the bad value, exit code 1, exactly as upstream `kubeadm config validate`: the pinned
// upstream kubeadm runs every document live and must print its committed golden (captured by
// `npm run goldens`), and ours must print upstream's text, but where test/support/known-differences.mjs
// lists the case. The experimental corpus is the same with --allow-experimental-api (kubeadm.k8s.io/v1).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatError } from "../../../src/cli/print-error.js";
import { validateConfig } from "../../../src/config/load.js";
import { memoryLogger } from "../../../src/util/log.js";
import { KubeadmError } from "../../../src/util/errors.js";
import { parity } from "../../support/parity.js";
import { requireUpstream } from "../../support/upstream.js";
import { GOLDEN, facts, offlineFetcher } from "./helpers.js";

const DIR = join(GOLDEN, "bad-input");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();
const EXPERIMENTAL_DIR = join(GOLDEN, "experimental");
const experimentalFiles = readdirSync(EXPERIMENTAL_DIR).filter((f) => f.endsWith(".yaml")).sort();

const check = parity(import.meta.url);
const caseName = (dir: "bad-input" | "experimental", f: string) =>
  `kubeadm config validate${dir === "experimental" ? " --allow-experimental-api" : ""} --config test/golden/config/${dir}/${f}`;

/**
 * Upstream's `config validate` as update.sh records it: stdout and stderr together without klog's
 * warning and info lines, trailing newlines dropped, then the exit code.
 */
function upstreamValidate(file: string, allowExperimental = false): string {
  const args = ["config", "validate", ...(allowExperimental ? ["--allow-experimental-api"] : []), "--config", file];
  const r = spawnSync("sh", ["-c", 'exec "$0" "$@" 2>&1', requireUpstream("kubeadm"), ...args], {
    cwd: "/tmp",
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" },
  });
  const out = r.stdout.split("\n").filter((l) => !/^[WI][0-9]{4} /.test(l)).join("\n").replace(/\n+$/, "");
  return `${out}\nexit code: ${r.status}\n`;
}

async function runValidate(text: string, allowExperimental = false): Promise<string> {
  try {
    await validateConfig(text, { facts, log: memoryLogger(), versionFetcher: offlineFetcher, allowExperimental });
    return "ok\nexit code: 0\n";
  } catch (err) {
    const code = err instanceof KubeadmError ? err.exitCode : 99;
    return `${formatError(err, 0)}exit code: ${code}\n`;
  }
}

describe("bad input corpus", () => {
  it("has at least 20 failing documents", () => {
    const failing = files.filter((f) => !readFileSync(join(DIR, f.replace(/\.yaml$/, ".expected")), "utf8").startsWith("ok"));
    expect(failing.length).toBeGreaterThanOrEqual(20);
  });
  for (const f of files) {
    it(f, async () => {
      const upstream = upstreamValidate(join(DIR, f));
      expect(upstream, "upstream's live text is its committed golden (`npm run goldens` rewrites it)").toBe(readFileSync(join(DIR, f.replace(/\.yaml$/, ".expected")), "utf8"));
      check.same(caseName("bad-input", f), upstream, await runValidate(readFileSync(join(DIR, f), "utf8")));
    });
  }
});

describe("experimental API corpus (config validate --allow-experimental-api)", () => {
  it("has accepted and refused documents", () => {
    const expected = experimentalFiles.map((f) => readFileSync(join(EXPERIMENTAL_DIR, f.replace(/\.yaml$/, ".expected")), "utf8"));
    expect(expected.filter((e) => e.startsWith("ok")).length).toBeGreaterThanOrEqual(2);
    expect(expected.filter((e) => !e.startsWith("ok")).length).toBeGreaterThanOrEqual(3);
  });
  for (const f of experimentalFiles) {
    it(f, async () => {
      const upstream = upstreamValidate(join(EXPERIMENTAL_DIR, f), true);
      expect(upstream, "upstream's live text is its committed golden (`npm run goldens` rewrites it)").toBe(readFileSync(join(EXPERIMENTAL_DIR, f.replace(/\.yaml$/, ".expected")), "utf8"));
      check.same(caseName("experimental", f), upstream, await runValidate(readFileSync(join(EXPERIMENTAL_DIR, f), "utf8"), true));
    });
  }
});

describe("known differences of this file (test/support/known-differences.mjs)", () => {
  it("every entry was met by a case above", () => {
    expect(check.entries.length).toBeGreaterThan(0);
    expect(check.unmet(), "entries no case met: remove them or fix their case").toEqual([]);
  });
});
