/**
 * The CA certificates kubeadm trusts for HTTPS to the internet (today: resolving version labels
 * such as `stable` from dl.k8s.io): the operating system's store, found as Go's crypto/x509
 * finds it on Linux, so that kubeadm-ts trusts exactly what upstream kubeadm trusts on the same
 * node (a company CA added with update-ca-certificates included; Node's built-in Mozilla list
 * plays no part).
 *
 * Go's rules: SSL_CERT_FILE names the one bundle file (else the first readable file of a fixed
 * list); SSL_CERT_DIR is a colon-separated list of directories (else a fixed list) whose every
 * file is read, skipping symlinks to a name in the same directory (c_rehash's hash links). Only
 * CERTIFICATE blocks count; a block that does not parse is skipped.
 *
 * One addition: the file named by NODE_EXTRA_CA_CERTS is trusted too, as in any Node program.
 * The launcher (bin/kubeadm) hands it over as KUBEADM_TS_NODE_EXTRA_CA_CERTS instead, because
 * Node reads that variable's file at every start (~40 ms on a 2-core node) while kubeadm needs
 * it only on the rare run that goes to the internet.
 *
 * Read on first use only, never at start.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

const CERT_FILES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Gentoo
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL 6
  "/etc/ssl/ca-bundle.pem", // openSUSE
  "/etc/pki/tls/cacert.pem", // OpenELEC
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS, RHEL 7+
  "/etc/ssl/cert.pem", // Alpine
];
const CERT_DIRECTORIES = ["/etc/ssl/certs", "/etc/pki/tls/certs", "/system/etc/security/cacerts", "/data/misc/keychain/certs-added"];

/** The variable the launcher moves NODE_EXTRA_CA_CERTS to. */
export const LAUNCHER_EXTRA_CA_ENV = "KUBEADM_TS_NODE_EXTRA_CA_CERTS";

export interface TrustRoots {
  /** PEM certificates, one per entry, without duplicates. */
  certificates: string[];
  /** Why the system store could not be read, when no certificate was found and something failed. */
  error?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+?-----END CERTIFICATE-----/g;

function isNotExist(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === "ENOENT";
}

/** The trusted CA certificates for this environment (see the file comment). */
export function trustRoots(env: Env = process.env): TrustRoots {
  const seen = new Set<string>();
  const certificates: string[] = [];
  const add = (data: string): void => {
    for (const m of data.matchAll(CERT_BLOCK)) {
      const pem = m[0].replace(/\r/g, "");
      if (seen.has(pem)) continue;
      seen.add(pem);
      try {
        new X509Certificate(pem);
      } catch {
        continue;
      }
      certificates.push(`${pem}\n`);
    }
  };
  let firstErr: string | undefined;
  const noteErr = (file: string, err: unknown): void => {
    if (firstErr === undefined && !isNotExist(err)) firstErr = `open ${file}: ${(err as Error).message}`;
  };

  const files = env["SSL_CERT_FILE"] ? [env["SSL_CERT_FILE"]] : CERT_FILES;
  for (const file of files) {
    try {
      add(readFileSync(file, "latin1"));
      break;
    } catch (err) {
      noteErr(file, err);
    }
  }
  const dirs = env["SSL_CERT_DIR"] ? env["SSL_CERT_DIR"].split(":") : CERT_DIRECTORIES;
  for (const dir of dirs) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      noteErr(dir, err);
      continue;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = `${dir}/${e.name}`;
      if (e.isSymbolicLink()) {
        try {
          if (!readlinkSync(file).includes("/")) continue;
        } catch {
          // as Go: a link that cannot be read is kept, and its read below fails quietly
        }
      }
      try {
        add(readFileSync(file, "latin1"));
      } catch {
        // unreadable entries (subdirectories, dangling links) are skipped, as Go skips them
      }
    }
  }
  const systemFound = certificates.length > 0;

  const extra = env[LAUNCHER_EXTRA_CA_ENV] || env["NODE_EXTRA_CA_CERTS"];
  if (extra) {
    try {
      add(readFileSync(extra, "latin1"));
    } catch {
      // Node, too, only warns about an unreadable NODE_EXTRA_CA_CERTS file and goes on
    }
  }
  return systemFound || firstErr === undefined ? { certificates } : { certificates, error: firstErr };
}
