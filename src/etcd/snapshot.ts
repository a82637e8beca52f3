/**
 * A consistent etcd backup through the API (Maintenance.Snapshot, what `etcdctl snapshot save`
 * calls): the member streams its backend database followed by its sha256; the bytes are written
 * as they come to a temporary sibling of the target (0600), the checksum is verified, the file is
 * fsynced and renamed into place, and the folder is synced. The file is what `etcdutl snapshot
 * restore` reads (the trailing checksum included). A failure leaves no target file.
 */
import { createHash } from "node:crypto";
import * as fsSync from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { syncDirectory } from "../host/files.js";
import { tempPathFor } from "../host/temp-files.js";
import { KubeadmError } from "../util/errors.js";
import type { PbSnapshotResponse } from "./proto.js";
import { EtcdConnection, readTlsFiles, type EtcdTlsFiles } from "./transport.js";

const write = promisify(fsSync.write);
const fsync = promisify(fsSync.fsync);

const SHA256_LEN = 32;

export interface SnapshotResult {
  file: string;
  bytes: number;
  /** The etcd server version that made it. */
  version: string;
}

/** Streams a snapshot of the member at `endpoint` into `file` (atomically; mode 0600). */
export async function saveSnapshot(endpoint: string, tls: EtcdTlsFiles, file: string, timeoutMs = 5 * 60_000): Promise<SnapshotResult> {
  const conn = await EtcdConnection.open(endpoint, readTlsFiles(tls));
  const tmp = tempPathFor(file);
  const fd = fsSync.openSync(tmp, "wx", 0o600);
  let closed = false;
  try {
    const hash = createHash("sha256");
    // the stream's last 32 bytes are the checksum of everything before them
    let tail = Buffer.alloc(0);
    let total = 0;
    let version = "";
    await conn.stream<PbSnapshotResponse>("Maintenance", "Snapshot", {}, timeoutMs, async (msg) => {
      if (msg.version) version = msg.version;
      const blob = msg.blob ?? Buffer.alloc(0);
      if (blob.length === 0) return;
      let off = 0;
      while (off < blob.length) {
        const { bytesWritten } = await write(fd, blob, off, blob.length - off);
        off += bytesWritten;
      }
      total += blob.length;
      const joined = Buffer.concat([tail, blob]);
      const keep = Math.min(SHA256_LEN, joined.length);
      hash.update(joined.subarray(0, joined.length - keep));
      tail = Buffer.from(joined.subarray(joined.length - keep));
    });
    if (total <= SHA256_LEN) throw new KubeadmError(`the etcd snapshot from ${endpoint} is empty`);
    if (!hash.digest().equals(tail)) throw new KubeadmError(`the etcd snapshot from ${endpoint} does not match its sha256 checksum`);
    fsSync.fchmodSync(fd, 0o600);
    await fsync(fd);
    fsSync.closeSync(fd);
    closed = true;
    fsSync.renameSync(tmp, file);
    await syncDirectory(path.dirname(file));
    return { file, bytes: total, version };
  } catch (err) {
    if (!closed) fsSync.closeSync(fd);
    fsSync.rmSync(tmp, { force: true });
    throw err;
  } finally {
    conn.close();
  }
}
