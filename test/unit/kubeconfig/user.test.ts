// `kubeadm kubeconfig user`, in-process: the printed kubeconfig (certificate or token credential),
// the client certificate's subject, issuer and validity, and upstream's error texts.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as pki from "../../../src/pki/index.js";
import { stripKlogHeaders } from "../../../src/util/log.js";
import { cli } from "../cli/harness.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const tmp = mkdtempSync(join(tmpdir(), "kubeconfig-user-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

export function makeCA(dir: string, days = 10): void {
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "ca.key"), "-out", join(dir, "ca.crt"),
    "-subj", "/CN=kubernetes", "-days", String(days), "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
  ], { stdio: "ignore" });
}

export function configFor(certDir: string, extraCluster = ""): string {
  return [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    "localAPIEndpoint:",
    "  advertiseAddress: 10.0.0.5",
    "  bindPort: 6443",
    "nodeRegistration:",
    "  name: node1",
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${KUBERNETES_VERSION}`,
    "clusterName: demo",
    `certificatesDir: ${certDir}`,
    extraCluster,
  ].join("\n");
}

const ENDPOINT_WARNING = "[endpoint] WARNING: port specified in controlPlaneEndpoint overrides bindPort in the controlplane address";
const pkiDir = join(tmp, "pki");
const cfgPath = join(tmp, "config.yaml");
let caPem = "";

beforeAll(() => {
  execFileSync("mkdir", ["-p", pkiDir]);
  makeCA(pkiDir);
  caPem = execFileSync("cat", [join(pkiDir, "ca.crt")], { encoding: "utf8" });
  writeFileSync(cfgPath, configFor(pkiDir, "controlPlaneEndpoint: cp.example.org:7443\nencryptionAlgorithm: ECDSA-P256\n"));
});

type Kc = {
  clusters: Array<{ name: string; cluster: Record<string, string> }>;
  contexts: Array<{ name: string; context: Record<string, string> }>;
  users: Array<{ name: string; user: Record<string, string> }>;
  "current-context": string;
};

describe("kubeadm kubeconfig user", () => {
  it("prints a kubeconfig with a client certificate signed by the CA (CN, O in order, ClientAuth, validity)", async () => {
    const before = Date.now();
    const r = await cli(["kubeconfig", "user", "--client-name", "alice", "--org", "devs,ops", "--org", "qa", "--validity-period", "48h", "--config", cfgPath]);
    // the endpoint's port differs from bindPort: upstream's warning, nothing else
    expect(stripKlogHeaders(r.stderr)).toBe(`W ${ENDPOINT_WARNING}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith("\n\n")).toBe(true);
    const kc = parseYaml(r.stdout) as Kc;
    expect(Object.keys(kc)).toEqual(["apiVersion", "clusters", "contexts", "current-context", "kind", "users"]);
    expect(kc.clusters).toEqual([{ name: "demo", cluster: { "certificate-authority-data": Buffer.from(caPem).toString("base64"), server: "https://cp.example.org:7443" } }]);
    expect(kc.contexts).toEqual([{ name: "alice@demo", context: { cluster: "demo", user: "alice" } }]);
    expect(kc["current-context"]).toBe("alice@demo");
    expect(kc.users[0]!.name).toBe("alice");
    expect(Object.keys(kc.users[0]!.user)).toEqual(["client-certificate-data", "client-key-data"]);
    const cert = pki.parseCertificatesPem(Buffer.from(kc.users[0]!.user["client-certificate-data"]!, "base64").toString())[0]!;
    const ca = pki.parseCertificatesPem(caPem)[0]!;
    expect(cert.commonName).toBe("alice");
    // one multi-valued RDN; DER sorts a SET OF by encoding (shorter first), as upstream's cert shows
    expect(cert.organization).toEqual(["qa", "ops", "devs"]);
    expect(cert.extKeyUsages).toEqual(["clientAuth"]);
    expect(cert.notBefore.getTime()).toBe(ca.notBefore.getTime());
    const expectedEnd = before + 48 * 3600_000;
    expect(Math.abs(cert.notAfter.getTime() - expectedEnd)).toBeLessThan(10_000);
    const keyPem = Buffer.from(kc.users[0]!.user["client-key-data"]!, "base64").toString();
    expect(keyPem.startsWith("-----BEGIN EC PRIVATE KEY-----\n")).toBe(true);
  });

  it("embeds --token and issues no certificate", async () => {
    const r = await cli(["kubeconfig", "user", "--client-name", "bot", "--token", "abcdef.0123456789abcdef", "--config", cfgPath]);
    expect(r.code).toBe(0);
    const kc = parseYaml(r.stdout) as Kc;
    expect(kc.users).toEqual([{ name: "bot", user: { token: "abcdef.0123456789abcdef" } }]);
    expect(r.stdout).toContain("users:\n- name: bot\n  user:\n    token: abcdef.0123456789abcdef\n\n");
  });

  it("warns when --validity-period exceeds the default", async () => {
    const r = await cli(["kubeconfig", "user", "--client-name", "a", "--token", "t", "--validity-period", "10000h", "--config", cfgPath]);
    expect(r.code).toBe(0);
    expect(stripKlogHeaders(r.stderr)).toBe(
      "W WARNING: the specified certificate validity period 10000h0m0s is longer than the default duration 8760h0m0s, this may increase security risks.\n" +
        `W ${ENDPOINT_WARNING}\n`,
    );
  });

  it("requires --client-name", async () => {
    const r = await cli(["kubeconfig", "user", "--config", cfgPath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`error: required flag(s) "client-name" not set\n`);
  });

  it("fails like upstream on an empty --client-name with a certificate", async () => {
    const r = await cli(["kubeconfig", "user", "--client-name=", "--config", cfgPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: failure while creating  client certificate: unable to sign certificate: must specify a CommonName\n");
  });

  it("needs the CA key even with --token (upstream loads both)", async () => {
    const dir = join(tmp, "nokey");
    execFileSync("mkdir", ["-p", dir]);
    makeCA(dir);
    unlinkSync(join(dir, "ca.key"));
    const cfg = join(tmp, "nokey.yaml");
    writeFileSync(cfg, configFor(dir));
    const r = await cli(["kubeconfig", "user", "--client-name", "bot", "--token", "t", "--config", cfg]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: couldn't create a kubeconfig; the CA files couldn't be loaded: failed to load key: couldn't load the private key file ${dir}/ca.key: open ${dir}/ca.key: no such file or directory\n`,
    );
  });

  it("reports a missing CA certificate", async () => {
    const dir = join(tmp, "empty");
    const cfg = join(tmp, "empty.yaml");
    writeFileSync(cfg, configFor(dir));
    const r = await cli(["kubeconfig", "user", "--client-name", "x", "--config", cfg]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: couldn't create a kubeconfig; the CA files couldn't be loaded: failed to load certificate: couldn't load the certificate file ${dir}/ca.crt: open ${dir}/ca.crt: no such file or directory\n`,
    );
  });

  it("rejects positional arguments", async () => {
    const r = await cli(["kubeconfig", "user", "--client-name", "x", "extra", "--config", cfgPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unknown command "extra" for "kubeadm kubeconfig user"`);
  });
});
