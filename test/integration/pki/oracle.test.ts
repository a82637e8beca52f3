// Structural comparison with upstream kubeadm's `init phase certs all` (the lab's binary).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { certSummary } from "../../lab/oracle/compare.js";
import { runCertsAll } from "../../../src/phases/certificates.js";
import type { PkiInput } from "../../../src/pki/input.js";
import { requireUpstream } from "../../support/upstream.js";
import { baseInput, collectingOutput, snapshot, tmp } from "./helpers.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";


interface Case {
  name: string;
  input: Partial<PkiInput>;
  init: string;
  cluster: string;
}

const CASES: Case[] = [
  { name: "defaults", input: {}, init: "", cluster: "" },
  {
    name: "ipv6",
    input: { advertiseAddress: "fd00::10", nodeName: "node-6", serviceSubnet: "fd00:10:96::/108" },
    init: "",
    cluster: "networking:\n  serviceSubnet: fd00:10:96::/108\n  podSubnet: fd00:10:244::/56\n",
  },
  {
    name: "dual-stack",
    input: { serviceSubnet: "10.96.0.0/16,fd00:10:96::/112", dnsDomain: "corp.example" },
    init: "",
    cluster: "networking:\n  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112\n  podSubnet: 10.244.0.0/16,fd00:10:244::/56\n  dnsDomain: corp.example\n",
  },
  { name: "ecdsa-p256", input: { encryptionAlgorithm: "ECDSA-P256" }, init: "", cluster: "encryptionAlgorithm: ECDSA-P256\n" },
  { name: "ecdsa-p384", input: { encryptionAlgorithm: "ECDSA-P384" }, init: "", cluster: "encryptionAlgorithm: ECDSA-P384\n" },
  { name: "rsa-4096", input: { encryptionAlgorithm: "RSA-4096" }, init: "", cluster: "encryptionAlgorithm: RSA-4096\n" },
  {
    name: "cert-sans",
    input: {
      controlPlaneEndpoint: "lb.example.com:6443",
      apiServerCertSANs: ["10.0.0.1", "*.apps.example.com", "foo.example.com", "2001:db8::1"],
      etcdServerCertSANs: ["etcd.example.com", "10.1.1.1"],
      etcdPeerCertSANs: ["peer.example.com", "10.2.2.2"],
      certificateValidityPeriodMs: 48 * 3600e3,
      caCertificateValidityPeriodMs: 8760 * 3600e3,
    },
    init: "",
    cluster: [
      "controlPlaneEndpoint: lb.example.com:6443",
      "apiServer:",
      '  certSANs: ["10.0.0.1", "*.apps.example.com", "foo.example.com", "2001:db8::1"]',
      "etcd:",
      "  local:",
      '    serverCertSANs: ["etcd.example.com", "10.1.1.1"]',
      '    peerCertSANs: ["peer.example.com", "10.2.2.2"]',
      "certificateValidityPeriod: 48h",
      "caCertificateValidityPeriod: 8760h",
      "",
    ].join("\n"),
  },
];

function upstreamConfig(c: Case, dir: string, input: PkiInput): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    "localAPIEndpoint:",
    `  advertiseAddress: "${input.advertiseAddress}"`,
    "nodeRegistration:",
    `  name: ${input.nodeName}`,
    c.init,
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${KUBERNETES_VERSION}`,
    `certificatesDir: ${dir}`,
    c.cluster,
  ].join("\n");
}

const FILES = ["ca", "apiserver", "apiserver-kubelet-client", "front-proxy-ca", "front-proxy-client", "etcd/ca", "etcd/server", "etcd/peer", "etcd/healthcheck-client", "apiserver-etcd-client"];

describe("structure equals upstream kubeadm's init phase certs all", () => {
  for (const c of CASES) {
    it(c.name, { timeout: 180_000 }, async () => {
      const upDir = tmp(`up-${c.name}`);
      const ourDir = tmp(`ts-${c.name}`);
      const input = baseInput(ourDir, c.input);
      const cfg = path.join(upDir, "..", `${path.basename(upDir)}.yaml`);
      writeFileSync(cfg, upstreamConfig(c, upDir, input));
      const upOut = execFileSync(requireUpstream("kubeadm"), ["init", "phase", "certs", "all", "--config", cfg], { encoding: "utf8" });
      const out = collectingOutput();
      await runCertsAll(input, out);
      // same lines (modulo the directory) and the same files with the same modes
      expect(out.lines.map((l) => l.replace(ourDir, "<dir>"))).toEqual(upOut.trimEnd().split("\n").map((l) => l.replace(upDir, "<dir>")));
      const modes = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.split(" ")[0]]));
      expect(modes(snapshot(ourDir))).toEqual(modes(snapshot(upDir)));
      for (const f of FILES) {
        const up = certSummary(readFileSync(path.join(upDir, `${f}.crt`), "utf8"));
        const ours = certSummary(readFileSync(path.join(ourDir, `${f}.crt`), "utf8"));
        // validity spans may differ by the second boundary the two runs straddle
        expect(Math.abs(ours.validitySeconds - up.validitySeconds)).toBeLessThanOrEqual(1);
        expect({ ...ours, validitySeconds: 0 }).toEqual({ ...up, validitySeconds: 0 });
        const serialHex = (p: string) => execFileSync("openssl", ["x509", "-in", p, "-noout", "-serial"], { encoding: "utf8" }).trim().slice(7);
        expect(serialHex(path.join(ourDir, `${f}.crt`)).length).toBeLessThanOrEqual(16);
        const head = (p: string) => readFileSync(p, "utf8").split("\n")[0];
        expect(head(path.join(ourDir, `${f}.key`))).toBe(head(path.join(upDir, `${f}.key`)));
      }
      const head = (p: string) => readFileSync(p, "utf8").split("\n")[0];
      expect(head(path.join(ourDir, "sa.key"))).toBe(head(path.join(upDir, "sa.key")));
      expect(head(path.join(ourDir, "sa.pub"))).toBe(head(path.join(upDir, "sa.pub")));
    });
  }
});
