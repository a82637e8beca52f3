import { describe, expect, it } from "vitest";
import { firstServiceIP, formatIP, parseHostPort, parseIPSloppy } from "../../../src/pki/ip.js";

describe("IP helpers (Go semantics)", () => {
  it("parses sloppily and prints Go's canonical form", () => {
    expect(formatIP(parseIPSloppy("010.001.0.1")!)).toBe("10.1.0.1");
    expect(formatIP(parseIPSloppy("2001:DB8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
    expect(formatIP(parseIPSloppy("::ffff:1.2.3.4")!)).toBe("1.2.3.4");
    expect(parseIPSloppy("::ffff:1.2.3.4")!.length).toBe(4);
    expect(formatIP(parseIPSloppy("1:0:0:2:0:0:0:3")!)).toBe("1:0:0:2::3");
    expect(parseIPSloppy("256.1.1.1")).toBeNull();
    expect(parseIPSloppy("fe80::1%eth0")).toBeNull();
    expect(parseIPSloppy("1::2::3")).toBeNull();
  });
  it("first service IP", () => {
    expect(formatIP(firstServiceIP("10.96.0.0/12"))).toBe("10.96.0.1");
    expect(formatIP(firstServiceIP("10.96.5.7/12"))).toBe("10.96.0.1");
    expect(formatIP(firstServiceIP("fd00:10:96::/108,10.96.0.0/12"))).toBe("fd00:10:96::1");
    expect(() => firstServiceIP("nonsense")).toThrow();
  });
  it("host:port parsing as kubeadm's ParseHostPort", () => {
    expect(parseHostPort("lb.example.com:6443")).toEqual({ host: "lb.example.com", port: "6443" });
    expect(parseHostPort("2001:db8::5")).toEqual({ host: "2001:db8::5", port: "" });
    expect(parseHostPort("[2001:db8::5]:443")).toEqual({ host: "2001:db8::5", port: "443" });
    expect(() => parseHostPort("lb:99999")).toThrow("port 99999 must be a valid number");
    expect(() => parseHostPort("[2001:db8::5]")).toThrow("must be a valid IP address or a valid RFC-1123 DNS subdomain");
  });
});
