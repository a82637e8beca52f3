// Shared helpers of the manifest golden tests: the corpus under test/golden/manifests/.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadInitConfiguration } from "../../../src/config/load.js";
import type { InitConfiguration } from "../../../src/config/types.js";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import { fillVersions } from "../../golden/versions.mjs";

export const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../golden/manifests");

export interface GoldenCase {
  name: string;
  dir: string;
  configText: string;
  hostname: string;
  /** KEY=VALUE lines of the case's extra environment. */
  environ: string[];
  patchesDir?: string;
  expectedDir: string;
  hostCADirs: string[];
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR)
    .filter((n) => existsSync(join(GOLDEN_DIR, n, "config.yaml")))
    .sort()
    .map((name) => {
      const dir = join(GOLDEN_DIR, name);
      const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), "utf8") : undefined);
      const expectedDir = join(dir, "expected");
      const ca = existsSync(join(expectedDir, "host-ca-dirs.txt")) ? readFileSync(join(expectedDir, "host-ca-dirs.txt"), "utf8") : "";
      const c: GoldenCase = {
        name,
        dir,
        configText: fillVersions(read("config.yaml")!),
        hostname: (read("hostname") ?? "cp1").trim(),
        environ: (read("env") ?? "").split("\n").filter((l) => l && !l.startsWith("#")),
        expectedDir,
        hostCADirs: ca.split("\n").filter(Boolean),
      };
      if (existsSync(join(dir, "patches"))) c.patchesDir = join(dir, "patches");
      return c;
    });
}

export async function loadCaseConfig(c: GoldenCase): Promise<InitConfiguration> {
  return loadInitConfiguration({
    configText: c.configText,
    facts: staticSystemFacts({ hostname: c.hostname }),
    skipCRIDetect: true,
  });
}

export function expectedFile(c: GoldenCase, rel: string): string | undefined {
  const p = join(c.expectedDir, rel);
  return existsSync(p) ? readFileSync(p, "utf8") : undefined;
}

/** Every file below root, as paths relative to it, sorted (a golden's expected tree, or ours). */
export function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listFiles(root, p));
    else out.push(relative(root, p));
  }
  return out.sort();
}
