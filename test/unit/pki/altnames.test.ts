import { describe, expect, it } from "vitest";
import { apiServerAltNames, dedupeAltNames, describeAltNames, etcdPeerAltNames, etcdServerAltNames } from "../../../src/pki/altnames.js";
import type { PkiInput } from "../../../src/pki/input.js";

const base: PkiInput = {
  certificatesDir: "/tmp/x",
  nodeName: "node1",
  advertiseAddress: "192.0.2.10",
  serviceSubnet: "10.96.0.0/12",
  dnsDomain: "cluster.local",
};

const show = (input: PkiInput, f = apiServerAltNames, warn?: (m: string) => void) => describeAltNames(dedupeAltNames(f(input, warn)));

describe("apiserver SANs", () => {
  it("IPv4 defaults (matches upstream's printed line)", () => {
    expect(show(base)).toBe(
      "DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local node1] and IPs [10.96.0.1 192.0.2.10]",
    );
  });
  it("IPv6 service subnet and advertise address", () => {
    expect(show({ ...base, nodeName: "node-6", advertiseAddress: "fd00::10", serviceSubnet: "fd00:10:96::/108" })).toBe(
      "DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local node-6] and IPs [fd00:10:96::1 fd00::10]",
    );
  });
  it("dual-stack uses the first service CIDR; custom DNS domain", () => {
    expect(show({ ...base, serviceSubnet: "10.96.0.0/16,fd00:10:96::/112", dnsDomain: "corp.example" })).toBe(
      "DNS names [kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.corp.example node1] and IPs [10.96.0.1 192.0.2.10]",
    );
    expect(show({ ...base, serviceSubnet: "fd00:10:96::/112,10.96.0.0/16" })).toContain("IPs [fd00:10:96::1 192.0.2.10]");
  });
  it("controlPlaneEndpoint host, certSANs, de-duplication and sorting", () => {
    const input = {
      ...base,
      controlPlaneEndpoint: "lb.example.com:6443",
      apiServerCertSANs: ["10.0.0.1", "*.apps.example.com", "foo.example.com", "node1", "2001:db8::1", "10.96.0.1", "192.0.2.10"],
    };
    expect(show(input)).toBe(
      "DNS names [*.apps.example.com foo.example.com kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local lb.example.com node1] and IPs [10.96.0.1 192.0.2.10 10.0.0.1 2001:db8::1]",
    );
  });
  it("controlPlaneEndpoint as bracketed IPv6 with port, and bare IPv4", () => {
    expect(show({ ...base, controlPlaneEndpoint: "[2001:db8::5]:6443" })).toContain("IPs [10.96.0.1 192.0.2.10 2001:db8::5]");
    expect(show({ ...base, controlPlaneEndpoint: "10.0.0.5" })).toContain("IPs [10.96.0.1 192.0.2.10 10.0.0.5]");
  });
  it("invalid entries: warning for certSANs, errors for endpoint and advertise address", () => {
    const warnings: string[] = [];
    show({ ...base, apiServerCertSANs: ["bad_name!"] }, apiServerAltNames, (m) => warnings.push(m));
    expect(warnings).toEqual([
      "[certificates] WARNING: 'bad_name!' was not added to the 'apiserver.crt' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry",
    ]);
    expect(() => show({ ...base, controlPlaneEndpoint: "bad_host!:6443" })).toThrow(/^error parsing cluster controlPlaneEndpoint "bad_host!:6443": /);
    expect(() => show({ ...base, advertiseAddress: "not-an-ip" })).toThrow(
      "error parsing LocalAPIEndpoint AdvertiseAddress not-an-ip: is not a valid textual representation of an IP address",
    );
  });
});

describe("etcd SANs", () => {
  it("server and peer defaults plus their own extra SANs", () => {
    const input = { ...base, etcdServerCertSANs: ["etcd.example.com", "10.1.1.1"], etcdPeerCertSANs: ["peer.example.com", "10.2.2.2", "localhost"] };
    expect(show(input, etcdServerAltNames)).toBe("DNS names [etcd.example.com localhost node1] and IPs [192.0.2.10 127.0.0.1 ::1 10.1.1.1]");
    expect(show(input, etcdPeerAltNames)).toBe("DNS names [localhost node1 peer.example.com] and IPs [192.0.2.10 127.0.0.1 ::1 10.2.2.2]");
  });
  it("IPv6 advertise address", () => {
    expect(show({ ...base, nodeName: "node-6", advertiseAddress: "fd00::10" }, etcdServerAltNames)).toBe(
      "DNS names [localhost node-6] and IPs [fd00::10 127.0.0.1 ::1]",
    );
  });
});
