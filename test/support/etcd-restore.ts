// etcd's own snapshot restore (go.etcd.io/etcd/etcdutl/v3/snapshot, what `etcdutl snapshot
// restore` runs), built once from test/support/etcd-restore into the lab cache: the lab's etcd
// image has no etcdutl. Fails (never skips) when it cannot be built.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "etcd-restore");
const CACHE = process.env.KUBEADM_TS_CACHE ?? join(process.env.HOME ?? "/root", ".cache/kubeadm-ts");
const BIN = join(CACHE, "etcd-restore", "v3.7.0", "etcd-snapshot-restore");

export function etcdSnapshotRestoreBinary(): string {
  if (existsSync(BIN)) return BIN;
  mkdirSync(dirname(BIN), { recursive: true });
  try {
    execFileSync("go", ["build", "-o", BIN, "."], {
      cwd: SRC,
      stdio: "pipe",
      env: { ...process.env, GOMODCACHE: process.env.GOMODCACHE_LAB ?? join(CACHE, "go", "mod"), GOFLAGS: "-mod=mod" },
      timeout: 15 * 60_000,
    });
  } catch (err) {
    throw new Error(`cannot build etcd's snapshot restore (test/support/etcd-restore): ${(err as Error).message}`);
  }
  return BIN;
}
