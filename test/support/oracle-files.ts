// The test files that reach the upstream oracle (`npm run lab:build`'s binaries, images and Go
// source): those importing, directly or through helpers, test/support/upstream.ts or
// test/lab/oracle/, or a module that finds the lab's cache itself (KUBEADM_TS_CACHE).
// `npm run test:quick` (KUBEADM_TS_QUICK=1, vitest.config.ts) leaves exactly these out of the run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Test files (repository-relative) under the given folders. */
export function testFiles(repo: string, folders: string[]): string[] {
  return folders
    .flatMap((f) => readdirSync(join(repo, f), { recursive: true, encoding: "utf8" }).map((n) => join(f, n)))
    .filter((p) => p.endsWith(".test.ts"))
    .sort();
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/** A relative import's file: "x.js" is x.ts when that exists. */
function resolveImport(from: string, spec: string): string | undefined {
  const p = resolve(dirname(from), spec);
  return [p.replace(/\.js$/, ".ts"), p, `${p}.ts`].find((c) => statSync(c, { throwIfNoEntry: false })?.isFile());
}

/** Whether a module is one of the oracle's own. */
function isOracle(repo: string, file: string, src: string): boolean {
  const rel = relative(repo, file);
  return rel === "test/support/upstream.ts" || rel.startsWith("test/lab/oracle/") || src.includes("KUBEADM_TS_CACHE");
}

/** Of `files` (repository-relative), those that reach the oracle (src/, the product, never does). */
export function filesReachingTheOracle(repo: string, files: string[]): string[] {
  const product = join(repo, "src") + "/";
  const memo = new Map<string, boolean>();
  const reaches = (file: string): boolean => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    memo.set(file, false); // an import cycle adds nothing
    const src = readFileSync(file, "utf8");
    let found = isOracle(repo, file, src);
    for (const m of src.matchAll(IMPORT)) {
      if (found) break;
      const dep = resolveImport(file, m[1]!);
      if (dep && !dep.startsWith(product)) found = reaches(dep);
    }
    memo.set(file, found);
    return found;
  };
  return files.filter((f) => reaches(join(repo, f)));
}
