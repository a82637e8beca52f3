import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signCertificate, signStructure, type CertificateTemplate } from "../../../src/pki/certificate.js";
import { createCsr } from "../../../src/pki/csr.js";
import { concat, explicit, oid, seq, set, smallInteger, time, utf8String } from "../../../src/pki/der.js";
import { signatureAlgorithmFor } from "../../../src/pki/signer.js";
import { children, oidString, parseTime, readTlv } from "../../../src/pki/der-reader.js";
import { generatePrivateKey, publicKeyDer } from "../../../src/pki/keys.js";
import { parseCertificateDer } from "../../../src/pki/parse.js";
import { parseIP as parseIPSloppy } from "../../../src/util/net.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const template = (over: Partial<CertificateTemplate> = {}): CertificateTemplate => ({
  commonName: "kube-apiserver",
  organization: ["system:masters", "a"],
  dnsNames: ["kubernetes", "node1"],
  ips: [parseIPSloppy("10.96.0.1")!, parseIPSloppy("fd00::1")!],
  usages: ["serverAuth"],
  isCA: false,
  notBefore: new Date("2026-01-02T03:04:05.678Z"),
  notAfter: new Date("2027-01-02T03:04:05.678Z"),
  ...over,
});

describe("certificates built with our DER code", () => {
  it("Time: UTCTime before 2050, GeneralizedTime from 2050, whole seconds", () => {
    expect(hex(time(new Date("2049-12-31T23:59:59.999Z")))).toBe(`170d${hex(Buffer.from("491231235959Z"))}`);
    expect(hex(time(new Date("2050-01-01T00:00:00Z")))).toBe(`180f${hex(Buffer.from("20500101000000Z"))}`);
    expect(parseTime(0x17, Buffer.from("491231235959Z")).toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(parseTime(0x17, Buffer.from("500101000000Z")).toISOString()).toBe("1950-01-01T00:00:00.000Z");
    expect(parseTime(0x18, Buffer.from("20500101000000Z")).toISOString()).toBe("2050-01-01T00:00:00.000Z");
  });

  for (const alg of ["RSA-2048", "ECDSA-P256", "ECDSA-P384"]) {
    it(`${alg}: CA and leaf parse back (Node and our reader agree) and the leaf verifies with the CA key`, async () => {
      const caKey = await generatePrivateKey(alg);
      const leafKey = await generatePrivateKey(alg);
      const caDer = await signCertificate(template({ commonName: "kubernetes", organization: [], dnsNames: ["kubernetes"], ips: [], usages: [], isCA: true, notAfter: new Date("2055-06-01T00:00:00Z") }), caKey.publicKey, { self: caKey });
      const ca = parseCertificateDer(caDer);
      expect(ca.isCA).toBe(true);
      expect(ca.subjectKeyId?.length).toBe(20);
      expect(ca.notAfter.toISOString()).toBe("2055-06-01T00:00:00.000Z");
      expect(new X509Certificate(caDer).verify(caKey.publicKey)).toBe(true);
      const der = await signCertificate(template(), leafKey.publicKey, { subject: ca.rawSubject, subjectKeyId: ca.subjectKeyId, key: caKey }, Uint8Array.of(0x80, 1));
      const node = new X509Certificate(der);
      expect(node.verify(caKey.publicKey)).toBe(true);
      expect(node.verify(leafKey.publicKey)).toBe(false);
      expect(node.serialNumber.toUpperCase()).toBe("8001");
      expect(hex(der)).toContain("0203008001"); // INTEGER with a leading zero byte: positive
      expect(node.issuer).toBe("CN=kubernetes");
      expect(node.subjectAltName).toBe("DNS:kubernetes, DNS:node1, IP Address:10.96.0.1, IP Address:FD00:0:0:0:0:0:0:1");
      const p = parseCertificateDer(der);
      expect(p.commonName).toBe("kube-apiserver");
      expect(p.organization).toEqual(["a", "system:masters"]); // DER SET order: shorter first
      expect(p.dnsNames).toEqual(["kubernetes", "node1"]);
      expect(p.ips.map(hex)).toEqual(["0a600001", "fd000000000000000000000000000001"]);
      expect(p.extKeyUsages).toEqual(["serverAuth"]);
      expect(p.isCA).toBe(false);
      expect(p.subjectKeyId).toBe(null);
      expect(p.hasSANExtension).toBe(true);
      expect(p.notBefore.toISOString()).toBe("2026-01-02T03:04:05.000Z");
      expect(p.notAfter.getTime()).toBe(new Date(node.validTo).getTime());
      expect(hex(p.rawIssuer)).toBe(hex(ca.rawSubject));
      // AKI = the CA's SKI
      expect(node.toLegacyObject().ext_key_usage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    });
  }

  it("CSR: version 0, empty attributes without SANs, extensionRequest with them; self-signature verifies", async () => {
    const key = await generatePrivateKey("ECDSA-P256");
    const plain = await createCsr({ commonName: "x", organization: [], dnsNames: [], ips: [] }, key);
    const info = readTlv(plain, readTlv(plain, 0).start);
    const parts = children(plain, info);
    expect(hex(plain.subarray(parts[0]!.offset, parts[0]!.end))).toBe("020100");
    expect(hex(plain.subarray(parts[3]!.offset, parts[3]!.end))).toBe("a000");
    const withSans = await createCsr({ commonName: "x", organization: [], dnsNames: ["a"], ips: [parseIPSloppy("127.0.0.1")!] }, key);
    const info2 = readTlv(withSans, readTlv(withSans, 0).start);
    const attrs = children(withSans, children(withSans, info2)[3]!);
    expect(attrs.length).toBe(1);
    const [type] = children(withSans, attrs[0]!);
    expect(oidString(withSans.subarray(type!.start, type!.end))).toBe("1.2.840.113549.1.9.14");
  });

  it("a CN appearing twice: the last one wins, as in Go's pkix.Name; O values all kept", async () => {
    const key = await generatePrivateKey("ECDSA-P256");
    const rdn = (type: string, v: string) => set(seq(oid(type), utf8String(v)));
    const subject = seq(concat([rdn("2.5.4.3", "first"), rdn("2.5.4.10", "o1"), rdn("2.5.4.3", "second"), rdn("2.5.4.10", "o2")]));
    const tbs = seq(
      explicit(0, smallInteger(2)),
      smallInteger(7),
      signatureAlgorithmFor(key).identifier,
      subject,
      seq(time(new Date("2026-01-01T00:00:00Z")), time(new Date("2027-01-01T00:00:00Z"))),
      subject,
      publicKeyDer(key.publicKey),
    );
    const p = parseCertificateDer(await signStructure(tbs, key));
    expect(p.commonName).toBe("second");
    expect(p.organization).toEqual(["o1", "o2"]);
    expect(p.hasSANExtension).toBe(false);
    expect(p.extKeyUsages).toEqual([]);
  });
});
