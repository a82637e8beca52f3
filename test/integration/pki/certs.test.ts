import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { createPkiAssets, runCertSubPhase, runCertsAll } from "../../../src/phases/certificates.js";
import { publicKeyPinsFromPem } from "../../../src/pki/pin.js";
import { createDefaultKeysAndCsrFiles } from "../../../src/pki/generate-csr.js";
import { baseInput, collectingOutput, modeOf, openssl, snapshot, tmp } from "./helpers.js";

const LEAVES: Array<[string, string]> = [
  ["apiserver", "ca"],
  ["apiserver-kubelet-client", "ca"],
  ["front-proxy-client", "front-proxy-ca"],
  ["etcd/server", "etcd/ca"],
  ["etcd/peer", "etcd/ca"],
  ["etcd/healthcheck-client", "etcd/ca"],
  ["apiserver-etcd-client", "etcd/ca"],
];

const GENERATED_LINES = [
  '[certs] Generating "ca" certificate and key',
  '[certs] Generating "apiserver" certificate and key',
  "[certs] apiserver serving cert is signed for DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local node1] and IPs [10.96.0.1 192.0.2.10]",
  '[certs] Generating "apiserver-kubelet-client" certificate and key',
  '[certs] Generating "front-proxy-ca" certificate and key',
  '[certs] Generating "front-proxy-client" certificate and key',
  '[certs] Generating "etcd/ca" certificate and key',
  '[certs] Generating "etcd/server" certificate and key',
  "[certs] etcd/server serving cert is signed for DNS names [localhost node1] and IPs [192.0.2.10 127.0.0.1 ::1]",
  '[certs] Generating "etcd/peer" certificate and key',
  "[certs] etcd/peer serving cert is signed for DNS names [localhost node1] and IPs [192.0.2.10 127.0.0.1 ::1]",
  '[certs] Generating "etcd/healthcheck-client" certificate and key',
  '[certs] Generating "apiserver-etcd-client" certificate and key',
  '[certs] Generating "sa" key and public key',
];

async function freshTree(over = {}) {
  const dir = tmp("tree");
  const out = collectingOutput();
  await runCertsAll(baseInput(dir, over), out);
  return { dir, out };
}

const pubOfCert = (f: string) => openssl("x509", "-in", f, "-noout", "-pubkey");
const pubOfKey = (f: string) => openssl("pkey", "-in", f, "-pubout");

describe("init phase certs all (real openssl)", () => {
  it("writes the full tree: upstream lines, modes, chains verify, keys match, SANs", async () => {
    const { dir, out } = await freshTree();
    expect(out.lines).toEqual([`[certs] Using certificateDir folder "${dir}"`, ...GENERATED_LINES]);
    expect(out.warnings).toEqual([]);
    for (const [leaf, ca] of LEAVES) {
      const crt = path.join(dir, `${leaf}.crt`);
      expect(openssl("verify", "-CAfile", path.join(dir, `${ca}.crt`), crt).trim()).toBe(`${crt}: OK`);
      expect(pubOfCert(crt)).toBe(pubOfKey(path.join(dir, `${leaf}.key`)));
      expect(modeOf(crt)).toBe("644");
      expect(modeOf(path.join(dir, `${leaf}.key`))).toBe("600");
    }
    for (const ca of ["ca", "front-proxy-ca", "etcd/ca"]) {
      expect(pubOfCert(path.join(dir, `${ca}.crt`))).toBe(pubOfKey(path.join(dir, `${ca}.key`)));
      expect(openssl("x509", "-in", path.join(dir, `${ca}.crt`), "-noout", "-ext", "basicConstraints")).toContain("CA:TRUE");
    }
    expect(modeOf(path.join(dir, "etcd"))).toBe("755");
    expect(modeOf(path.join(dir, "sa.key"))).toBe("600");
    expect(modeOf(path.join(dir, "sa.pub"))).toBe("600");
    expect(readFileSync(path.join(dir, "sa.pub"), "utf8")).toBe(pubOfKey(path.join(dir, "sa.key")));
    expect(openssl("x509", "-in", path.join(dir, "apiserver.crt"), "-noout", "-ext", "subjectAltName")).toContain(
      "DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:node1, IP Address:10.96.0.1, IP Address:192.0.2.10",
    );
    expect(openssl("x509", "-in", path.join(dir, "etcd/peer.crt"), "-noout", "-subject").trim()).toBe("subject=CN = node1");
    // the discovery pin equals openssl's SPKI hash
    const spki = openssl("x509", "-in", path.join(dir, "ca.crt"), "-noout", "-pubkey");
    const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: spki });
    const hash = createHash("sha256").update(der).digest("hex");
    expect(publicKeyPinsFromPem(readFileSync(path.join(dir, "ca.crt"), "utf8"))).toEqual([`sha256:${hash}`]);
  });

  it("re-running on existing output changes nothing and reports reuse", async () => {
    const { dir } = await freshTree();
    const before = snapshot(dir);
    const out = collectingOutput();
    await runCertsAll(baseInput(dir), out);
    expect(snapshot(dir)).toEqual(before);
    expect(out.lines).toEqual([
      `[certs] Using certificateDir folder "${dir}"`,
      "[certs] Using existing ca certificate authority",
      "[certs] Using existing apiserver certificate and key on disk",
      "[certs] Using existing apiserver-kubelet-client certificate and key on disk",
      "[certs] Using existing front-proxy-ca certificate authority",
      "[certs] Using existing front-proxy-client certificate and key on disk",
      "[certs] Using existing etcd/ca certificate authority",
      "[certs] Using existing etcd/server certificate and key on disk",
      "[certs] Using existing etcd/peer certificate and key on disk",
      "[certs] Using existing etcd/healthcheck-client certificate and key on disk",
      "[certs] Using existing apiserver-etcd-client certificate and key on disk",
      '[certs] Using the existing "sa" key',
    ]);
  });

  it("a certificate signed by another CA fails naming the file, and nothing is written", async () => {
    const a = await freshTree();
    const b = await freshTree();
    copyFileSync(path.join(b.dir, "apiserver.crt"), path.join(a.dir, "apiserver.crt"));
    copyFileSync(path.join(b.dir, "apiserver.key"), path.join(a.dir, "apiserver.key"));
    const before = snapshot(a.dir);
    await expect(runCertSubPhase("apiserver", baseInput(a.dir), collectingOutput())).rejects.toThrow(
      /^\[certs\] certificate apiserver not signed by CA certificate ca: x509: certificate signed by unknown authority \(possibly because of "crypto\/rsa: verification error" while trying to verify candidate authority certificate "kubernetes"\)$/,
    );
    expect(snapshot(a.dir)).toEqual(before);
  });

  it("an unreadable key fails naming the key file", async () => {
    const { dir } = await freshTree();
    writeFileSync(path.join(dir, "apiserver.key"), "garbage\n");
    const file = path.join(dir, "apiserver.key");
    await expect(runCertSubPhase("apiserver", baseInput(dir), collectingOutput())).rejects.toThrow(
      `failed to write or validate certificate "apiserver": failure loading apiserver key: couldn't load the private key file ${file}: error reading private key file ${file}: data does not contain a valid RSA or ECDSA private key`,
    );
    expect(readFileSync(file, "utf8")).toBe("garbage\n");
  });

  it("CreatePKIAssets: existing certificate with the wrong SANs fails naming the certificate and the mismatch", async () => {
    const { dir } = await freshTree();
    const before = snapshot(dir);
    await expect(createPkiAssets(baseInput(dir, { advertiseAddress: "192.0.2.99" }), collectingOutput())).rejects.toThrow(
      'error creating PKI assets: failed to write or validate certificate "apiserver": certificate apiserver is invalid: x509: certificate is valid for 10.96.0.1, 192.0.2.10, not 192.0.2.99',
    );
    expect(snapshot(dir)).toEqual(before);
    const ok = collectingOutput();
    await createPkiAssets(baseInput(dir), ok);
    expect(ok.lines).toContain(`[certs] Valid certificates and keys now exist in "${dir}"`);
    expect(ok.lines).toContain('[certs] Using the existing "apiserver" certificate and key');
    expect(snapshot(dir)).toEqual(before);
  });

  it("external CA (ca.crt without ca.key) and external etcd", async () => {
    const { dir } = await freshTree();
    rmSync(path.join(dir, "ca.key"));
    const out = collectingOutput();
    await runCertSubPhase("ca", baseInput(dir), out);
    await runCertSubPhase("apiserver", baseInput(dir), out);
    await runCertSubPhase("sa", baseInput(dir), out, { externalCA: true });
    expect(out.lines).toEqual([
      "[certs] Using existing ca keyless certificate authority",
      "[certs] Using existing apiserver certificate and key on disk",
      "[certs] Using existing sa keys",
    ]);
    rmSync(path.join(dir, "apiserver-kubelet-client.crt"));
    await expect(runCertSubPhase("apiserver-kubelet-client", baseInput(dir), collectingOutput())).rejects.toThrow(
      "couldn't load CA certificate ca: failure loading ca certificate authority: failed to load key: couldn't load the private key file",
    );

    const ext = tmp("extetcd");
    const eo = collectingOutput();
    await runCertsAll(baseInput(ext, { externalEtcd: true }), eo);
    expect(eo.lines.filter((l) => l.includes("External etcd"))).toEqual([
      "[certs] External etcd mode: Skipping etcd/ca certificate authority generation",
      "[certs] External etcd mode: Skipping etcd/server certificate generation",
      "[certs] External etcd mode: Skipping etcd/peer certificate generation",
      "[certs] External etcd mode: Skipping etcd/healthcheck-client certificate generation",
      "[certs] External etcd mode: Skipping apiserver-etcd-client certificate generation",
    ]);
    expect(Object.keys(snapshot(ext)).some((f) => f.startsWith("etcd/") || f.startsWith("apiserver-etcd"))).toBe(false);
  });

  it("generate-csr: keys and CSRs that verify, carrying the SANs; refuses to overwrite", async () => {
    const dir = tmp("csr");
    const out = collectingOutput();
    await createDefaultKeysAndCsrFiles(baseInput(dir), out);
    expect(out.lines[0]).toBe(`generating keys and CSRs in ${dir}`);
    expect(out.lines.slice(1).sort()).toEqual(LEAVES.map(([l]) => `  ${l}`).sort());
    const csr = path.join(dir, "apiserver.csr");
    expect(modeOf(csr)).toBe("600");
    const text = openssl("req", "-in", csr, "-noout", "-verify", "-text");
    expect(text).toContain("Subject: CN = kube-apiserver");
    expect(text).toContain("DNS:kubernetes, DNS:kubernetes.default");
    expect(text).toContain("IP Address:10.96.0.1, IP Address:192.0.2.10");
    await expect(createDefaultKeysAndCsrFiles(baseInput(dir), collectingOutput())).rejects.toThrow(
      `file already exists: key or CSR ${dir}/apiserver`,
    );
  });
});
