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
 *
 * No code is generated from strings here (no eval, no `new Function`), so kubeadm-ts runs under
 * `node --disallow-code-generation-from-strings`: the ES-module build is loaded by a native
 * import() (scripts/build.mjs keeps it in dist/launch.cjs), and vm.Script, which compiles a
 * file's source as a script, is allowed under that flag. A launcher failure (a missing or
 * unreadable build) ends as every kubeadm failure does: an `error: …` line and exit status 1.
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

/**
 * Runs the CLI bundle's source as the CommonJS module `bundle`, compiled with `cachedData` when
 * given; returns the compiled script (its `cachedDataRejected` says whether V8 took the cache).
 * Also what the single executable (src/sea.ts) runs, with the bundle and cache from its assets.
 */
export function runBundleSource(bundle: string, source: string, cachedData: Buffer | undefined, beforeRun?: (script: vm.Script) => void): vm.Script {
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  beforeRun?.(script);
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  req.resolve = ((request: string) => (Module as unknown as { _resolveFilename(r: string, m: Module): string })._resolveFilename(request, mod)) as NodeJS.RequireResolve;
  req.cache = (Module as unknown as { _cache: NodeJS.Require["cache"] })._cache;
  req.main = mod;
  (script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: Module, f: string, d: string) => void)(mod.exports, req, mod, bundle, path.dirname(bundle));
  return script;
}

/** Runs dist/kubeadm.cjs as a CommonJS module, with `cachedData` when given. */
function runBundle(bundle: string, cachedData: Buffer | undefined, writeCache: boolean, source = readFileSync(bundle, "utf8")): void {
  runBundleSource(bundle, source, cachedData, (script) => {
    if (!writeCache) return;
    process.once("exit", () => {
      const stamp = runtimeStamp(process.execArgv, process.env);
      writeFileSync(`${bundle}.cache.tmp`, script.createCachedData());
      renameSync(`${bundle}.cache.tmp`, `${bundle}.cache`);
      writeFileSync(`${bundle}.cache.json.tmp`, `${JSON.stringify(stamp)}\n`);
      renameSync(`${bundle}.cache.json.tmp`, `${bundle}.cache.json`);
    });
  });
}

/** What a failure of the launcher prints: an `error: …` line, as every kubeadm failure ends. */
export function fail(err: unknown): void {
  process.stderr.write(`error: ${err && (err as Error).message ? (err as Error).message : String(err)}\n`);
  process.exitCode = 1;
}

/** The ES-module build (dist/main.js), by a native import(): no code is generated from strings. */
function runEsBuild(): void {
  import(pathToFileURL(path.join(__dirname, "main.js")).href).catch(fail);
}

/** The bundle's code cache, when it suits this runtime and can be read. */
function cachedBundle(bundle: string): Buffer | undefined {
  if (!cacheSuits(readStamp(`${bundle}.cache.json`), runtimeStamp(process.execArgv, process.env))) return undefined;
  try {
    return readFileSync(`${bundle}.cache`);
  } catch {
    return undefined;
  }
}

function launch(): void {
  const bundle = path.join(__dirname, "kubeadm.cjs");
  if (process.env["KUBEADM_TS_WRITE_CODE_CACHE"] === "1") {
    delete process.env["KUBEADM_TS_WRITE_CODE_CACHE"];
    runBundle(bundle, undefined, true);
    return;
  }
  const cachedData = cachedBundle(bundle);
  if (cachedData) {
    let source: string;
    try {
      source = readFileSync(bundle, "utf8");
    } catch {
      // a cache without its bundle (a partial copy of dist/): the ES-module build does the same work
      return runEsBuild();
    }
    return runBundle(bundle, cachedData, false, source);
  }
  runEsBuild();
}

/**
 * libuv's thread pool (file system, dns.lookup, crypto) takes its size from UV_THREADPOOL_SIZE
 * when it is first used, which is after this line: six threads instead of four, so that the
 * three keys init generates ahead (src/pki/keypool.ts) leave three for the file, DNS and CRI
 * work of the phases running meanwhile. An operator's own setting wins.
 */
export const THREAD_POOL_SIZE = "6";

// Run as dist/launch.cjs only: src/sea.ts bundles this file too, and is its executable's main module.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module && path.basename(__filename) === "launch.cjs") {
  process.env["UV_THREADPOOL_SIZE"] ??= THREAD_POOL_SIZE;
  try {
    launch();
  } catch (err) {
    fail(err);
  }
}
