/**
 * The main module of the single executable (`npm run package`, scripts/package/sea.mjs): Node's
 * single-executable-application support runs this file, with the CLI bundle (dist/kubeadm.cjs) and
 * its V8 code cache (dist/kubeadm.cjs.cache) carried as the executable's assets, so the one file
 * needs neither Node.js nor dist/ on the node.
 *
 * It does what the launcher (src/launch.ts) does for bin/kubeadm: libuv's thread pool gets six
 * threads unless the operator set UV_THREADPOOL_SIZE (libuv reads it when the pool is first used,
 * which is after this line: Node's start-up queues no work to the pool, and this executable reads
 * its main module and assets from its own mapped image, not through libuv), and the bundle is
 * compiled with the code cache. V8 checks the cache itself (its V8 version, flags and the
 * source) and compiles from source when it does not fit, so no stamp is needed here.
 */
import { getAsset, getRawAsset } from "node:sea";
import { fail, runBundleSource, THREAD_POOL_SIZE } from "./launch.js";

/** The asset names scripts/package/sea.mjs gives the bundle and its cache. */
export const BUNDLE_ASSET = "kubeadm.cjs";
export const CACHE_ASSET = "kubeadm.cjs.cache";

process.env["UV_THREADPOOL_SIZE"] ??= THREAD_POOL_SIZE;
try {
  const source = getAsset(BUNDLE_ASSET, "utf8");
  let cache: Buffer | undefined;
  try {
    cache = Buffer.from(getRawAsset(CACHE_ASSET) as ArrayBuffer);
  } catch {
    cache = undefined; // packaged without a cache: compiled from source, same behaviour
  }
  const script = runBundleSource(process.execPath, source, cache);
  if (process.env["KUBEADM_TS_SEA_DEBUG"] === "1") process.stderr.write(`kubeadm-ts sea: code cache ${cache ? (script.cachedDataRejected ? "rejected" : "used") : "absent"}\n`);
} catch (err) {
  fail(err);
}
