// The IP helpers src/pki uses from src/util/net.ts (Go net semantics), including the two Go
// behaviours certificates need: To4 of a 4-byte IP, and IP.Equal across the 4/16-byte forms.
import { describe, expect, it } from "vitest";
import { parseHostPort } from "../../../src/config/validation.js";
import { apiServerVirtualIP, formatIP, ipEqual, parseIP, to4 } from "../../../src/util/net.js";
import { subjectAltName } from "../../../src/pki/extensions.js";
import { verifyHostname } from "../../../src/pki/verify.js";
import type { ParsedCertificate } from "../../../src/pki/parse.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("IP helpers (Go semantics)", () => {
  it("parses sloppily and prints Go's canonical form", () => {
    expect(formatIP(parseIP("010.001.0.1")!)).toBe("10.1.0.1");
    expect(formatIP(parseIP("2001:DB8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
    expect(formatIP(parseIP("::ffff:1.2.3.4")!)).toBe("1.2.3.4");
    expect(formatIP(parseIP("1:0:0:2:0:0:0:3")!)).toBe("1:0:0:2::3");
    expect(parseIP("256.1.1.1")).toBeNull();
    expect(parseIP("fe80::1%eth0")).toBeNull();
    expect(parseIP("1::2::3")).toBeNull();
  });
  it("To4 and Equal across the 4- and 16-byte forms, as Go's net.IP", () => {
    const four = Uint8Array.of(10, 0, 0, 1);
    const sixteen = parseIP("10.0.0.1")!;
    expect(sixteen.length).toBe(16);
    expect(hex(to4(four)!)).toBe("0a000001");
    expect(hex(to4(sixteen)!)).toBe("0a000001");
    expect(to4(parseIP("::1")!)).toBeNull();
    expect(to4(Uint8Array.of(1, 2, 3))).toBeNull();
    expect(ipEqual(four, sixteen)).toBe(true);
    expect(ipEqual(sixteen, four)).toBe(true);
    expect(ipEqual(four, parseIP("10.0.0.2")!)).toBe(false);
    expect(ipEqual(four, parseIP("::a00:1")!)).toBe(false); // IPv4-compatible is not IPv4-mapped
    expect(formatIP(four)).toBe("10.0.0.1");
  });
  it("SANs carry IPv4 as 4 bytes whatever the input form; hostname checks accept both forms", () => {
    expect(hex(subjectAltName([], [parseIP("10.0.0.1")!]).value)).toBe("300687040a000001");
    expect(hex(subjectAltName([], [Uint8Array.of(10, 0, 0, 1)]).value)).toBe("300687040a000001");
    const cert = { ips: [Uint8Array.of(10, 96, 0, 1)], dnsNames: [], hasSANExtension: true, commonName: "" } as unknown as ParsedCertificate;
    expect(() => verifyHostname(cert, "10.96.0.1")).not.toThrow();
    expect(() => verifyHostname(cert, "::ffff:10.96.0.1")).not.toThrow();
    expect(() => verifyHostname(cert, "10.96.0.2")).toThrow("x509: certificate is valid for 10.96.0.1, not 10.96.0.2");
  });
  it("the kubernetes Service VIP (first service IP), with upstream's errors", () => {
    expect(formatIP(apiServerVirtualIP("10.96.0.0/12"))).toBe("10.96.0.1");
    expect(formatIP(apiServerVirtualIP("10.96.5.7/12"))).toBe("10.96.0.1");
    expect(formatIP(apiServerVirtualIP("fd00:10:96::/108,10.96.0.0/12"))).toBe("fd00:10:96::1");
    expect(() => apiServerVirtualIP("nonsense")).toThrow("unable to get internal Kubernetes Service IP from the given service CIDR");
  });
  it("host:port parsing as kubeadm's ParseHostPort", () => {
    expect(parseHostPort("lb.example.com:6443")).toEqual({ host: "lb.example.com", port: "6443" });
    expect(parseHostPort("2001:db8::5")).toEqual({ host: "2001:db8::5", port: "" });
    expect(parseHostPort("[2001:db8::5]:443")).toEqual({ host: "2001:db8::5", port: "443" });
    expect(() => parseHostPort("lb:99999")).toThrow("port 99999 must be a valid number");
    expect(() => parseHostPort("[2001:db8::5]")).toThrow("must be a valid IP address or a valid RFC-1123 DNS subdomain");
  });
});
