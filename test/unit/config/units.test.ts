import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ETCD_VERSION, KUBERNETES_VERSION } from "../../../src/constants.js";
import { formatDurationMs as formatDuration, parseDurationMs as parseDuration } from "../../../src/util/duration.js";
import { parseFeatureGates } from "../../../src/config/features.js";
import { validateMixedArguments } from "../../../src/config/flags.js";
import { validateIgnorePreflightErrors } from "../../../src/config/validation.js";
import { parseYamlDocument, splitYamlDocuments, toKubernetesYaml } from "../../../src/config/yaml.js";
import * as net from "../../../src/util/net.js";
import {
  compareVersions,
  etcdSupportedVersion,
  kubeadmClientVersion,
  kubernetesReleaseVersion,
  kubernetesVersionToImageTag,
  parseSemantic,
} from "../../../src/util/version.js";
import { GOLDEN, offlineFetcher } from "./helpers.js";

describe("Kubernetes-style YAML marshal", () => {
  it("matches sigs.k8s.io/yaml on the emitter corpus", () => {
    const cases = readFileSync(join(GOLDEN, "yaml-emitter/cases.jsonl"), "utf8").split("\n").filter(Boolean);
    const ours = cases.map((l) => `${toKubernetesYaml(JSON.parse(l))}=====\n`).join("");
    expect(ours).toBe(readFileSync(join(GOLDEN, "yaml-emitter/expected.txt"), "utf8"));
  });
  it("reads YAML 1.1 (yes, octal) and reports duplicate keys with lines", async () => {
    const p = await parseYamlDocument("a: yes\nb: 0755\na: no\n");
    expect(p.value).toEqual({ a: false, b: 493 });
    expect(p.duplicates).toEqual([{ key: "a", goKey: "\"a\"", line: 3 }]);
  });
  it("splits documents like apimachinery's YAMLReader", () => {
    expect(splitYamlDocuments("---\na: 1\n--- # c\nb: 2\n")).toEqual(["a: 1\n", "b: 2\n"]);
    expect(() => splitYamlDocuments("a: 1\n---x\n")).toThrow("invalid Yaml document separator: x");
  });
});

describe("net", () => {
  it("service VIP and DNS IP of the first service CIDR", () => {
    expect(net.formatIP(net.apiServerVirtualIP("10.96.0.0/12"))).toBe("10.96.0.1");
    expect(net.formatIP(net.dnsIP("fd00:10::/108,10.96.0.0/12"))).toBe("fd00:10::a");
    expect(() => net.dnsIP("10.0.0.0/29")).toThrow("subnet too small");
  });
  it("parses sloppy IPv4, IPv6, IPv4-mapped; prints like Go", () => {
    expect(net.formatIP(net.parseIP("010.001.2.3")!)).toBe("10.1.2.3");
    expect(net.formatIP(net.parseIP("::ffff:192.168.1.1")!)).toBe("192.168.1.1");
    expect(net.formatIP(net.parseIP("2001:db8:0:0:0:0:2:1")!)).toBe("2001:db8::2:1");
    expect(net.parseIP("1.2.3.300")).toBeNull();
    expect(net.formatCIDR(net.parseCIDR("10.96.3.4/12").net)).toBe("10.96.0.0/12");
    expect(() => net.parseCIDR("10.0.0.0/33")).toThrow("invalid CIDR address: 10.0.0.0/33");
    expect(net.rangeSize(net.parseCIDR("10.0.0.0/29").net)).toBe(8n);
  });
  it("splitHostPort errors as Go", () => {
    expect(() => net.splitHostPort("nohostport")).toThrow("address nohostport: missing port in address");
    expect(net.splitHostPort("[::1]:6443")).toEqual({ host: "::1", port: "6443" });
  });
});

describe("versions", () => {
  it("parses and compares", () => {
    expect(compareVersions(parseSemantic("v1.36.0-alpha.2"), parseSemantic("v1.36.0"))).toBe(-1);
    expect(compareVersions(parseSemantic("1.36.10"), parseSemantic("v1.36.9"))).toBe(1);
    expect(kubernetesVersionToImageTag("v1.36.0+abc")).toBe("v1.36.0_abc");
    expect(kubeadmClientVersion("v1.36.3")).toBe("v1.36.3");
    expect(kubeadmClientVersion("v1.36.3-beta.0")).toBe("v1.36.2");
    // v1.37's table maps 1.34–1.36 to 3.7.0-0 and has no 1.37: newer and older minors take the nearest entry
    expect(etcdSupportedVersion("v1.40.0").warning).toContain(`falling back to the nearest etcd version (${DEFAULT_ETCD_VERSION})`);
    expect(etcdSupportedVersion("v1.37.2")).toEqual({
      etcdVersion: "3.7.0-0",
      warning: "could not find officially supported version of etcd for Kubernetes v1.37.2, falling back to the nearest etcd version (3.7.0-0)",
    });
    expect(etcdSupportedVersion("v1.36.3")).toEqual({ etcdVersion: "3.7.0-0" });
  });
  it("resolves labels offline to the client version with upstream's warnings", async () => {
    const warnings: string[] = [];
    const v = await kubernetesReleaseVersion("stable-1", { fetcher: offlineFetcher, warn: (m) => warnings.push(m) });
    expect(v).toBe(KUBERNETES_VERSION);
    expect(warnings[1]).toBe(`falling back to the local client version: ${KUBERNETES_VERSION}`);
    await expect(kubernetesReleaseVersion("banana", { fetcher: offlineFetcher })).rejects.toThrow(
      'version "banana" doesn\'t match patterns for neither semantic version nor labels (stable, latest, ...)',
    );
  });
});

describe("durations, feature gates, flags", () => {
  it("Go durations", () => {
    expect(formatDuration(parseDuration("1h30m"))).toBe("1h30m0s");
    expect(() => parseDuration("1y")).toThrow('time: unknown unit "y" in duration "1y"');
  });
  it("--feature-gates", () => {
    expect(parseFeatureGates("RootlessControlPlane=true")).toEqual({ RootlessControlPlane: true });
    expect(() => parseFeatureGates("Foo=true")).toThrow("unrecognized feature-gate key: Foo");
    expect(() => parseFeatureGates("RootlessControlPlane=maybe")).toThrow(
      "invalid value maybe for feature-gate key: RootlessControlPlane, use true|false instead",
    );
  });
  it("flags mixed with --config", () => {
    expect(() => validateMixedArguments(["config", "kubernetes-version", "node-name", "pod-network-cidr", "skip-phases"])).toThrow(
      "can not mix '--config' with arguments [kubernetes-version pod-network-cidr]",
    );
    expect(() => validateMixedArguments(["kubernetes-version"])).not.toThrow();
    expect(validateIgnorePreflightErrors(["Swap"], ["NumCPU", "swap"])).toEqual(["numcpu", "swap"]);
    expect(() => validateIgnorePreflightErrors(["all"], ["Swap"])).toThrow(
      `ignore-preflight-errors: Invalid value: "all,swap": don't specify individual checks if 'all' is used`,
    );
  });
});
