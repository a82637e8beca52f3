// The etcd backup of `upgrade apply` (etcd/snapshot.ts) against a real etcd: the snapshot file is
// written atomically (0600, no stray temporary file), its checksum verified, and `etcdutl snapshot
// restore` (etcd's own restore code, test/support/etcd-restore) turns it into a data folder from
// which a new etcd serves the keys written before the snapshot.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSnapshot } from "../../../src/etcd/snapshot.js";
import { requireUpstream } from "../../support/upstream.js";
import { etcdSnapshotRestoreBinary } from "../../support/etcd-restore.js";
import { cleanupPki, makeEtcdPki, memberURLs, startEtcdMember, type EtcdMemberProcess, type EtcdPki } from "./etcd-fixture.js";

describe("etcd snapshot through Maintenance.Snapshot", () => {
  let pki: EtcdPki;
  let m1: EtcdMemberProcess;
  let restored: EtcdMemberProcess | undefined;
  let out: string;
  let restoreBin: string;
  const ctl = (endpoint: string, ...args: string[]) =>
    execFileSync(requireUpstream("etcdctl"), [`--endpoints=${endpoint}`, `--cacert=${pki.ca}`, `--cert=${pki.clientCert}`, `--key=${pki.clientKey}`, ...args], { encoding: "utf8" });

  beforeAll(async () => {
    // built here, not in the test: a cold Go build takes minutes (the hook's timeout below)
    restoreBin = etcdSnapshotRestoreBinary();
    pki = makeEtcdPki("kubeadm-ts-etcd-snap-");
    out = mkdtempSync(join(tmpdir(), "kubeadm-ts-snap-out-"));
    const urls = await memberURLs();
    m1 = startEtcdMember(pki, "m1", urls, `m1=${urls.peerURL}`);
    for (let i = 0; i < 100; i++) {
      try {
        ctl(m1.clientURL, "put", "/registry/kubeadm-ts/probe", "before-upgrade");
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // enough data for several stream messages
    ctl(m1.clientURL, "put", "/registry/kubeadm-ts/big", "x".repeat(100_000));
  }, 15 * 60_000);

  afterAll(async () => {
    await restored?.stop();
    await m1?.stop();
    cleanupPki(pki);
    rmSync(out, { recursive: true, force: true });
  });

  it("writes a verified snapshot atomically with mode 0600", async () => {
    const file = join(out, "kubeadm-backup-etcd.db");
    const r = await saveSnapshot(m1.clientURL, { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey }, file);
    expect(r.bytes).toBeGreaterThan(100_000);
    expect(r.version).toMatch(/^3\.\d+\.\d+/);
    expect(statSync(file).size).toBe(r.bytes);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(out)).toEqual(["kubeadm-backup-etcd.db"]);
  });

  it("fails on an unreachable member and leaves no file", async () => {
    const file = join(out, "unreachable.db");
    await expect(saveSnapshot("https://127.0.0.1:1", { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey }, file, 3_000)).rejects.toThrow();
    expect(readdirSync(out)).toEqual(["kubeadm-backup-etcd.db"]);
  });

  it("restores with etcd's restore into a member that serves the keys", async () => {
    const urls = await memberURLs();
    const dataDir = join(pki.dir, "data-restored");
    execFileSync(restoreBin, [join(out, "kubeadm-backup-etcd.db"), dataDir, "restored", urls.peerURL], { stdio: "pipe" });
    restored = startEtcdMember(pki, "restored", urls, `restored=${urls.peerURL}`);
    let value = "";
    for (let i = 0; i < 100 && !value; i++) {
      try {
        value = ctl(urls.clientURL, "get", "/registry/kubeadm-ts/probe", "--print-value-only").trim();
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(value).toBe("before-upgrade");
  });
});
