import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { PinSet, parseCertsPEM } from "../../../src/discovery/pubkeypin.js";
import { retrieveValidatedConfigInfo, type TokenDiscoveryOptions } from "../../../src/discovery/token.js";
import { computeDetachedSignature } from "../../../src/discovery/jws.js";
import { publicKeyPin } from "../../../src/pki/pin.js";
import type { RestConfig } from "../../../src/client/rest-config.js";

let caPem: string;
let otherPem: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "discovery-unit-"));
  for (const n of ["ca", "other"]) {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", join(dir, `${n}.key`), "-out", join(dir, `${n}.crt`), "-days", "2", "-subj", `/CN=${n}`], { stdio: "pipe" });
  }
  caPem = readFileSync(join(dir, "ca.crt"), "utf8");
  otherPem = readFileSync(join(dir, "other.crt"), "utf8");
  rmSync(dir, { recursive: true, force: true });
});
const pinOf = (pem: string) => publicKeyPin(parseCertsPEM(pem)[0]!);

describe("PinSet: CA public-key pins (upstream's pubkeypin)", () => {
  it("accepts sha256 pins in any letter case and matches certificates by their public key", () => {
    const s = new PinSet();
    expect(s.empty()).toBe(true);
    s.allow(pinOf(caPem).replace("sha256:", "SHA256:").toUpperCase().replace("SHA256:", "sha256:"));
    expect(s.empty()).toBe(false);
    expect(() => s.checkAny(parseCertsPEM(caPem))).not.toThrow();
    expect(() => s.checkAny(parseCertsPEM(otherPem + caPem))).not.toThrow();
    expect(() => s.checkAny(parseCertsPEM(otherPem))).toThrow(`none of the public keys "${pinOf(otherPem)}" are pinned`);
  });

  it("rejects malformed pins with upstream's messages", () => {
    const s = new PinSet();
    const h64 = "a".repeat(64);
    expect(() => s.allow(h64)).toThrow('invalid hash, expected "format:hex-value". Known format(s) are: sha256');
    expect(() => s.allow(`sha256:${h64}:x`)).toThrow('invalid hash, expected "format:hex-value". Known format(s) are: sha256');
    expect(() => s.allow(`md5:${h64}`)).toThrow('unknown hash format "md5". Known format(s) are: sha256');
    expect(() => s.allow("sha256:abcd")).toThrow('invalid hash "sha256:abcd", expected a 32 byte SHA-256 hash, found 2 bytes');
    expect(() => s.allow(`sha256:${"g".repeat(64)}`)).toThrow(`invalid hash "sha256:${"g".repeat(64)}", could not decode SHA-256 from hex: encoding/hex: invalid byte: U+0067 'g'`);
    expect(() => s.allow(`sha256:${"a".repeat(65)}`)).toThrow("could not decode SHA-256 from hex: encoding/hex: odd length hex string");
    expect(s.empty()).toBe(true);
  });
});

describe("retrieveValidatedConfigInfo (token discovery) against a scripted API server", () => {
  const token = "abcdef.0123456789abcdef";
  const kubeconfigText = () =>
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${Buffer.from(caPem).toString("base64")}\n    server: https://192.0.2.10:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`;
  const signed = (text = kubeconfigText(), id = "abcdef", secret = "0123456789abcdef"): ConfigMap => ({
    data: { kubeconfig: text, [`jws-kubeconfig-${id}`]: computeDetachedSignature(text, id, secret) },
  });

  /** A fake clock and a script of answers; records the RestConfig of every request. */
  function harness(answers: Array<ConfigMap | Error>, extra: Partial<TokenDiscoveryOptions> = {}) {
    let t = 0;
    const requests: RestConfig[] = [];
    const log: string[] = [];
    const opts: TokenDiscoveryOptions = {
      apiServerEndpoint: "192.0.2.10:6443",
      token,
      caCertHashes: [pinOf(caPem)],
      timeoutMs: 20_000,
      log: (l) => log.push(l),
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
      getClusterInfo: async (cfg) => {
        requests.push(cfg);
        const a = answers.length > 1 ? answers.shift()! : answers[0]!;
        if (a instanceof Error) throw a;
        return a;
      },
      ...extra,
    };
    return { opts, requests, log, elapsed: () => t };
  }

  it("insecure fetch, JWS and pin checks, then the same kubeconfig again over TLS verified with the pinned CA", async () => {
    const h = harness([new Error("connection refused"), { data: { kubeconfig: kubeconfigText() } }, signed()]);
    const r = await retrieveValidatedConfigInfo(h.opts);
    expect(r.kubeconfigText).toBe(kubeconfigText());
    expect(r.cluster.server).toBe("https://192.0.2.10:6443");
    expect(h.requests.map((c) => [c.server, c.insecureSkipTLSVerify ?? false, c.caData?.toString() ?? ""])).toEqual([
      ["https://192.0.2.10:6443", true, ""],
      ["https://192.0.2.10:6443", true, ""],
      ["https://192.0.2.10:6443", true, ""],
      ["https://192.0.2.10:6443", false, caPem],
    ]);
    expect(h.elapsed()).toBe(10_000); // two retries, 5 s apart
    expect(h.log).toContain('[discovery] Retrying due to error: failed to request the cluster-info ConfigMap: connection refused');
    expect(h.log).toContain('[discovery] Retrying due to error: could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"');
    expect(h.log.at(-1)).toBe('[discovery] Cluster info signature and contents are valid and TLS certificate validates against pinned roots, will use API Server "192.0.2.10:6443"');
  });

  it("gives up at the discovery timeout with the last error", async () => {
    const h = harness([{ data: { kubeconfig: kubeconfigText() } }], { timeoutMs: 12_000 });
    await expect(retrieveValidatedConfigInfo(h.opts)).rejects.toThrow('could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"');
    expect(h.requests.length).toBe(3);
  });

  it("refuses a wrong signature, a foreign CA, a changed second answer, and bad input", async () => {
    await expect(retrieveValidatedConfigInfo(harness([signed(kubeconfigText(), "abcdef", "ffffffffffffffff")]).opts)).rejects.toThrow(
      "failed to verify JWS signature of received cluster info object, can't trust this API Server",
    );
    await expect(retrieveValidatedConfigInfo(harness([signed()], { caCertHashes: [pinOf(otherPem)] }).opts)).rejects.toThrow(
      `cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${pinOf(caPem)}" are pinned`,
    );
    const changed = kubeconfigText().replace("192.0.2.10", "192.0.2.66");
    await expect(retrieveValidatedConfigInfo(harness([signed(), signed(changed)]).opts)).rejects.toThrow(
      "the second kubeconfig from the cluster-info ConfigMap (using validated TLS) was different from the first",
    );
    await expect(retrieveValidatedConfigInfo(harness([{ data: { "jws-kubeconfig-abcdef": "x" } }]).opts)).rejects.toThrow(
      "there is no kubeconfig key in the cluster-info ConfigMap. This API Server isn't set up for token bootstrapping, can't connect",
    );
    await expect(retrieveValidatedConfigInfo(harness([signed()], { caCertHashes: ["sha256:abcd"] }).opts)).rejects.toThrow(
      'invalid discovery token CA certificate hash: invalid hash "sha256:abcd", expected a 32 byte SHA-256 hash, found 2 bytes',
    );
    await expect(retrieveValidatedConfigInfo(harness([signed()], { token: "nope" }).opts)).rejects.toThrow(/^could not construct token string for token: nope: the bootstrap token "nope" was not of the form/);
  });

  it("without pins (unsafe skip): one insecure fetch, nothing more", async () => {
    const h = harness([signed()], { caCertHashes: [] });
    const r = await retrieveValidatedConfigInfo(h.opts);
    expect(r.cluster.certificateAuthorityData?.toString()).toBe(caPem);
    expect(h.requests.length).toBe(1);
    expect(h.log.at(-1)).toBe('[discovery] Cluster info signature and contents are valid and no TLS pinning was specified, will use API Server "192.0.2.10:6443"');
  });
});
