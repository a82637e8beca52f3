import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { collectingOutput, type PkiInput } from "../../../src/pki/input.js";

export const tmp = (prefix: string): string => mkdtempSync(path.join(tmpdir(), `pki-${prefix}-`));

export const openssl = (...args: string[]): string => execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

export function baseInput(dir: string, over: Partial<PkiInput> = {}): PkiInput {
  return { certificatesDir: dir, nodeName: "node1", advertiseAddress: "192.0.2.10", serviceSubnet: "10.96.0.0/12", dnsDomain: "cluster.local", ...over };
}

export { collectingOutput };

/** Each certificate of the control-plane PKI (base name) with the CA (base name) that signs it. */
export const CERT_CHAINS: ReadonlyArray<readonly [string, string]> = [
  ["ca", "ca"],
  ["apiserver", "ca"],
  ["apiserver-kubelet-client", "ca"],
  ["front-proxy-ca", "front-proxy-ca"],
  ["front-proxy-client", "front-proxy-ca"],
  ["etcd/ca", "etcd/ca"],
  ["etcd/server", "etcd/ca"],
  ["etcd/peer", "etcd/ca"],
  ["etcd/healthcheck-client", "etcd/ca"],
  ["apiserver-etcd-client", "etcd/ca"],
];

/** relative path → sha256 and mode of every file under dir. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${(statSync(p).mode & 0o777).toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`;
    }
  };
  walk(dir);
  return out;
}

export const modeOf = (p: string): string => (statSync(p).mode & 0o777).toString(8);
