import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { trustRoots } from "../../../src/host/trust-roots.js";

let dir: string;
const pem: Record<string, string> = {};
const cn = (p: string) => new X509Certificate(p).subject;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-roots-"));
  for (const name of ["a", "b", "c", "d", "e"]) {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, `${name}.key`), "-out", join(dir, `${name}.pem`), "-days", "2", "-subj", `/CN=${name}`], { stdio: "pipe" });
    pem[name] = readFileSync(join(dir, `${name}.pem`), "utf8");
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trustRoots: the system store as Go's crypto/x509 finds it on Linux", () => {
  it("SSL_CERT_FILE and SSL_CERT_DIR: certificate blocks only, duplicates once, same-directory links skipped", () => {
    const bundle = join(dir, "bundle.crt");
    // a bundle with a duplicate, a private key block, text around blocks and a broken certificate block
    writeFileSync(bundle, `# comment\n${pem.a}${pem.b}${readFileSync(join(dir, "a.key"), "utf8")}${pem.a}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
    const d1 = join(dir, "d1");
    const d2 = join(dir, "d2");
    mkdirSync(d1);
    mkdirSync(d2);
    writeFileSync(join(d1, "c.pem"), pem.c!);
    symlinkSync("c.pem", join(d1, "1234abcd.0")); // c_rehash link: skipped as a same-directory link
    symlinkSync(join(dir, "d.pem"), join(d1, "d.pem")); // link out of the directory: read
    symlinkSync("missing.pem", join(d1, "dangling.0"));
    mkdirSync(join(d1, "sub"));
    writeFileSync(join(d1, "README"), "not a certificate\n");
    writeFileSync(join(d2, "e.crt"), pem.e!);
    const roots = trustRoots({ SSL_CERT_FILE: bundle, SSL_CERT_DIR: `${d1}:${d2}:${join(dir, "nonexistent")}` });
    expect(roots.error).toBeUndefined();
    expect(roots.certificates.map(cn)).toEqual(["CN=a", "CN=b", "CN=c", "CN=d", "CN=e"]);
  });

  it("without SSL_CERT_FILE the first readable file of Go's list is used (this machine's store is not empty)", () => {
    const roots = trustRoots({ SSL_CERT_DIR: join(dir, "nonexistent") });
    expect(roots.certificates.length).toBeGreaterThan(10);
  });

  it("missing files and directories are no error; an unreadable store is, when nothing was found", () => {
    expect(trustRoots({ SSL_CERT_FILE: join(dir, "nope.crt"), SSL_CERT_DIR: join(dir, "nope") })).toEqual({ certificates: [] });
    const r = trustRoots({ SSL_CERT_FILE: dir, SSL_CERT_DIR: join(dir, "nope") });
    expect(r.certificates).toEqual([]);
    expect(r.error).toContain(dir);
  });

  it("adds the NODE_EXTRA_CA_CERTS file, also when the launcher handed it over under its own name", () => {
    const base = { SSL_CERT_FILE: join(dir, "a.pem"), SSL_CERT_DIR: join(dir, "nope") };
    expect(trustRoots(base).certificates.map(cn)).toEqual(["CN=a"]);
    expect(trustRoots({ ...base, NODE_EXTRA_CA_CERTS: join(dir, "b.pem") }).certificates.map(cn)).toEqual(["CN=a", "CN=b"]);
    expect(trustRoots({ ...base, KUBEADM_TS_NODE_EXTRA_CA_CERTS: join(dir, "c.pem"), NODE_EXTRA_CA_CERTS: join(dir, "b.pem") }).certificates.map(cn)).toEqual(["CN=a", "CN=c"]);
    expect(trustRoots({ ...base, NODE_EXTRA_CA_CERTS: join(dir, "missing.pem") }).certificates.map(cn)).toEqual(["CN=a"]);
  });
});
