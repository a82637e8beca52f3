// `kubeadm kubeconfig user` against the pinned upstream kubeadm on the same CA and config: stdout byte-equal
// with key material masked, the same certificate/key structure, the same warnings and errors;
// kubectl accepts the output and openssl verifies the client certificate against ca.crt.
import "reflect-metadata";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { kubeconfigSummary, type CertSummary } from "../../lab/oracle/compare.js";
import { stripKlogHeaders } from "../../../src/util/log.js";
import { requireUpstream } from "../../support/upstream.js";
import { cli, runUpstream } from "../../unit/cli/harness.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const tmp = mkdtempSync(join(tmpdir(), "kubeconfig-user-it-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function makeCA(dir: string, keyArgs: string[]): void {
  mkdirSync(dir, { recursive: true });
  execFileSync("openssl", [
    "req", "-x509", ...keyArgs, "-nodes", "-keyout", join(dir, "ca.key"), "-out", join(dir, "ca.crt"),
    "-subj", "/CN=kubernetes", "-days", "30", "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
  ], { stdio: "ignore" });
}

function config(certDir: string, init: string[], cluster: string[]): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    ...init,
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${KUBERNETES_VERSION}`,
    `certificatesDir: ${certDir}`,
    ...cluster,
    "",
  ].join("\n");
}

interface Case {
  name: string;
  ca: string[];
  init: string[];
  cluster: string[];
  args: string[];
}

const V4 = ["localAPIEndpoint:", "  advertiseAddress: 10.0.0.5"];
const CASES: Case[] = [
  { name: "rsa-defaults", ca: ["-newkey", "rsa:2048"], init: V4, cluster: [], args: ["--client-name", "alice", "--org", "devs,ops", "--org", "qa"] },
  {
    name: "ecdsa-endpoint-port",
    ca: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    init: V4,
    cluster: ["encryptionAlgorithm: ECDSA-P256", "clusterName: demo", "controlPlaneEndpoint: cp.example.org:7443"],
    args: ["--client-name", "bob", "--validity-period", "2h"],
  },
  { name: "token", ca: ["-newkey", "rsa:2048"], init: V4, cluster: ["controlPlaneEndpoint: lb.example.org"], args: ["--client-name", "bot", "--token", "abcdef.0123456789abcdef"] },
  { name: "long-validity", ca: ["-newkey", "rsa:2048"], init: V4, cluster: [], args: ["--client-name", "carol", "--validity-period", "10000h"] },
  {
    name: "ipv6",
    ca: ["-newkey", "rsa:2048"],
    init: ["localAPIEndpoint:", "  advertiseAddress: fd00::10", "  bindPort: 8443"],
    cluster: ["networking:", "  serviceSubnet: fd00:10:96::/108", "encryptionAlgorithm: RSA-3072"],
    args: ["--client-name", "system:node:n6", "--org", "system:nodes"],
  },
];

type Kc = { users: Array<{ name: string; user: Record<string, string> }> };

function withoutValidity(m: ReturnType<typeof kubeconfigSummary>["material"]): { material: unknown; validity: number[] } {
  const validity: number[] = [];
  const material = JSON.parse(JSON.stringify(m), (_k, v: unknown) => {
    if (v && typeof v === "object" && "validitySeconds" in v) {
      const { validitySeconds, ...rest } = v as CertSummary;
      validity.push(validitySeconds);
      return rest;
    }
    return v;
  });
  return { material, validity };
}

describe("kubeadm kubeconfig user vs upstream", () => {
  for (const c of CASES) {
    it(`${c.name}: same output as upstream; kubectl and openssl accept it`, async () => {
      const dir = join(tmp, c.name);
      makeCA(join(dir, "pki"), c.ca);
      const cfg = join(dir, "config.yaml");
      writeFileSync(cfg, config(join(dir, "pki"), c.init, c.cluster));
      const args = ["kubeconfig", "user", ...c.args, "--config", cfg];
      const up = runUpstream(requireUpstream("kubeadm"), args);
      const ts = await cli(args);
      expect(ts.code).toBe(up.code);
      expect(up.code).toBe(0);
      expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
      const su = kubeconfigSummary(up.stdout);
      const st = kubeconfigSummary(ts.stdout);
      expect(st.maskedText).toBe(su.maskedText);
      const vu = withoutValidity(su.material);
      const vt = withoutValidity(st.material);
      expect(vt.material).toEqual(vu.material);
      expect(vt.validity.length).toBe(vu.validity.length);
      vt.validity.forEach((s, i) => expect(Math.abs(s - vu.validity[i]!)).toBeLessThanOrEqual(5));

      const file = join(dir, "user.conf");
      writeFileSync(file, ts.stdout, { mode: 0o600 });
      const view = execFileSync(requireUpstream("kubectl"), ["config", "view", "--raw", "--kubeconfig", file], { encoding: "utf8" });
      expect((parseYaml(view) as Kc).users).toEqual((parseYaml(ts.stdout) as Kc).users);
      const user = (parseYaml(ts.stdout) as Kc).users[0]!.user;
      if (user["client-certificate-data"]) {
        writeFileSync(join(dir, "client.crt"), Buffer.from(user["client-certificate-data"], "base64"));
        const v = spawnSync("openssl", ["verify", "-CAfile", join(dir, "pki", "ca.crt"), join(dir, "client.crt")], { encoding: "utf8" });
        expect(v.stdout.trim()).toBe(`${join(dir, "client.crt")}: OK`);
      } else {
        expect(user).toEqual({ token: "abcdef.0123456789abcdef" });
      }
    });
  }

  const errorCases: Array<{ name: string; setup: (dir: string) => void; args: string[] }> = [
    { name: "missing CA", setup: () => undefined, args: ["--client-name", "x"] },
    {
      name: "missing CA key with --token",
      setup: (dir) => {
        makeCA(join(dir, "pki"), ["-newkey", "rsa:2048"]);
        rmSync(join(dir, "pki", "ca.key"));
      },
      args: ["--client-name", "x", "--token", "t"],
    },
    { name: "no --client-name", setup: (dir) => makeCA(join(dir, "pki"), ["-newkey", "rsa:2048"]), args: [] },
    { name: "empty --client-name", setup: (dir) => makeCA(join(dir, "pki"), ["-newkey", "rsa:2048"]), args: ["--client-name="] },
    { name: "bad --validity-period", setup: () => undefined, args: ["--client-name", "x", "--validity-period", "3d"] },
  ];
  for (const e of errorCases) {
    it(`error: ${e.name}, as upstream`, async () => {
      const dir = join(tmp, `err-${e.name.replace(/\W+/g, "-")}`);
      mkdirSync(dir, { recursive: true });
      e.setup(dir);
      const cfg = join(dir, "config.yaml");
      writeFileSync(cfg, config(join(dir, "pki"), V4, []));
      const args = ["kubeconfig", "user", ...e.args, "--config", cfg];
      const up = runUpstream(requireUpstream("kubeadm"), args);
      const ts = await cli(args);
      expect(up.code).toBe(1);
      expect(ts.code).toBe(1);
      expect(ts.stdout).toBe(up.stdout);
      expect(stripKlogHeaders(ts.stderr)).toBe(stripKlogHeaders(up.stderr));
    });
  }
});
