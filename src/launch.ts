/**
 * What bin/kubeadm runs: the CLI from one CommonJS bundle (dist/kubeadm.cjs) compiled with the V8
 * code cache that `npm run build` made for it (dist/kubeadm.cjs.cache), which saves most of the
 * compiling every run would otherwise do (~30 ms of `init phase certs all` on a 2-core node).
 *
 * V8 accepts a code cache only from the same V8 build with the same flags (it checks, and compiles
 * from source when they differ). The build records which Node made the cache
 * (dist/kubeadm.cjs.cache.json); under any other Node, or other Node/V8 options, this runs the
 * ES-module build (dist/main.js, split into chunks that load on demand), which is the faster one
 * without a cache. Either way the same code runs.
 *
 * With KUBEADM_TS_WRITE_CODE_CACHE=1 (the build's own run), the bundle is compiled without a cache
 * and the cache is written when the process exits.
 */
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import * as path from "node:path";
import Module from "node:module";
import * as vm from "node:vm";
import { pathToFileURL } from "node:url";

export interface CodeCacheStamp {
  node: string;
  v8: string;
  arch: string;
  /** Node options that reach V8 (execArgv and NODE_OPTIONS), which V8's cache check includes. */
  options: string;
}

export function runtimeStamp(execArgv: readonly string[], env: Readonly<Record<string, string | undefined>>): CodeCacheStamp {
  return { node: process.versions.node, v8: process.versions.v8, arch: process.arch, options: [...execArgv, env["NODE_OPTIONS"] ?? ""].join(" ").trim() };
}

/** True when a cache made under `made` suits the runtime `now`. */
export function cacheSuits(made: CodeCacheStamp | null, now: CodeCacheStamp): boolean {
  return made !== null && made.node === now.node && made.v8 === now.v8 && made.arch === now.arch && made.options === now.options;
}

function readStamp(file: string): CodeCacheStamp | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as CodeCacheStamp;
  } catch {
    return null;
  }
}

/** Runs dist/kubeadm.cjs as a CommonJS module, with `cachedData` when given. */
function runBundle(bundle: string, cachedData: Buffer | undefined, writeCache: boolean): void {
  const source = readFileSync(bundle, "utf8");
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  if (writeCache) {
    process.once("exit", () => {
      const stamp = runtimeStamp(process.execArgv, process.env);
      writeFileSync(`${bundle}.cache.tmp`, script.createCachedData());
      renameSync(`${bundle}.cache.tmp`, `${bundle}.cache`);
      writeFileSync(`${bundle}.cache.json.tmp`, `${JSON.stringify(stamp)}\n`);
      renameSync(`${bundle}.cache.json.tmp`, `${bundle}.cache.json`);
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  req.resolve = ((request: string) => (Module as unknown as { _resolveFilename(r: string, m: Module): string })._resolveFilename(request, mod)) as NodeJS.RequireResolve;
  req.cache = (Module as unknown as { _cache: NodeJS.Require["cache"] })._cache;
  req.main = mod;
  (script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: Module, f: string, d: string) => void)(mod.exports, req, mod, bundle, path.dirname(bundle));
}

function launch(): void {
  const bundle = path.join(__dirname, "kubeadm.cjs");
  if (process.env["KUBEADM_TS_WRITE_CODE_CACHE"] === "1") {
    delete process.env["KUBEADM_TS_WRITE_CODE_CACHE"];
    runBundle(bundle, undefined, true);
    return;
  }
  if (cacheSuits(readStamp(`${bundle}.cache.json`), runtimeStamp(process.execArgv, process.env))) {
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(`${bundle}.cache`);
    } catch {
      cachedData = undefined;
    }
    if (cachedData) return runBundle(bundle, cachedData, false);
  }
  // a real dynamic import (the ES-module build), hidden from the bundler, which would turn it into require()
  const importModule = new Function("url", "return import(url)") as (url: string) => Promise<unknown>;
  importModule(pathToFileURL(path.join(__dirname, "main.js")).href).catch((err: unknown) => {
    process.stderr.write(`${err && (err as Error).message ? (err as Error).message : String(err)}\n`);
    process.exitCode = 1;
  });
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) launch();
