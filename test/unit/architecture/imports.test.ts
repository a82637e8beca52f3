// The shape of src/ (docs/architecture.md): no import cycle through static imports (`import type`
// included; lazy `import()` is how heavy code is deferred and does not count), and effects
// only behind src/host, src/client and src/etcd (plus the launcher, which runs before the CLI).
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "../../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** Static import/export-from specifiers of a module (comments stripped; dynamic import() excluded). */
export function staticImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const out: string[] = [];
  const re = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]!);
  return out;
}

const files = sourceFiles(SRC);
const rel = (f: string): string => path.relative(SRC, f);

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files) {
    const deps = staticImports(readFileSync(f, "utf8"))
      .filter((s) => s.startsWith("."))
      .map((s) => path.resolve(path.dirname(f), s.replace(/\.js$/, ".ts")));
    g.set(f, deps.filter((d) => files.includes(d)));
  }
  return g;
}

/** Every cycle's member list (Tarjan's strongly connected components of size > 1, or self-loops). */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(rel(w));
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const EFFECT_MODULES = ["node:fs", "node:fs/promises", "node:os", "node:child_process", "node:net", "node:tls", "node:worker_threads", "fs", "os", "child_process", "net", "tls", "worker_threads"];
const EFFECT_HOMES = ["host/", "client/", "etcd/"];
const LAUNCHER = ["launch.ts"];

describe("src/ architecture", () => {
  it("the import scanner sees static imports, type imports and re-exports, not dynamic imports", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      "import {",
      "  c,",
      '} from "./c.js";',
      'export { d } from "./d.js";',
      'export * from "./e.js";',
      'import "./f.js";',
      'const g = await import("./g.js");',
      '// import { h } from "./h.js";',
    ].join("\n");
    expect(staticImports(text)).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
  });

  it("the cycle finder finds a cycle", () => {
    const g = new Map([[path.join(SRC, "x.ts"), [path.join(SRC, "y.ts")]], [path.join(SRC, "y.ts"), [path.join(SRC, "x.ts")]]]);
    expect(cycles(g)).toEqual([["x.ts", "y.ts"]]);
  });

  it("has no import cycle", () => {
    expect(cycles(graph())).toEqual([]);
  });

  it("imports file, process, network and thread modules only in src/host, src/client, src/etcd and the launcher", () => {
    const offenders: string[] = [];
    for (const f of files) {
      const r = rel(f);
      if (EFFECT_HOMES.some((h) => r.startsWith(h)) || LAUNCHER.includes(r)) continue;
      const text = readFileSync(f, "utf8");
      const dynamic = [...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      for (const s of [...staticImports(text), ...dynamic]) if (EFFECT_MODULES.includes(s)) offenders.push(`${r}: ${s}`);
    }
    expect(offenders).toEqual([]);
  });
});
