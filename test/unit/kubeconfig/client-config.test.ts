// client-go's path from a kubeconfig to a client (src/kubeconfig/client-config.ts), by value over
// in-memory files: the stage and client-go's text of each failure, the settings otherwise.
import { afterAll, describe, expect, it } from "vitest";
import { KubeconfigClientError, clientSettingsFromKubeconfig, type KubeconfigFiles } from "../../../src/kubeconfig/client-config.js";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";
import { makeTestPki } from "../client/fake-apiserver.js";

const pki = makeTestPki();
afterAll(() => pki.cleanup());

/** Files by name; a name mapped to null is a directory (opens, cannot be read). */
function memoryFiles(files: Record<string, Buffer | string | null>): KubeconfigFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    open: (f) => (f in files ? null : `open ${f}: no such file or directory`),
    read: (f) => {
      reads.push(f);
      if (!(f in files)) throw new Error(`open ${f}: no such file or directory`);
      const v = files[f];
      if (v === null || v === undefined) throw new Error(`read ${f}: is a directory`);
      return Buffer.from(v);
    },
  };
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString("base64");
const KC = (cluster: string, user: string) =>
  `clusters: [{name: c, cluster: {${cluster}}}]\nusers: [{name: u, user: {${user}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`;
const HTTPS = "server: 'https://10.0.0.1:6443'";

function failure(yaml: string, files: KubeconfigFiles): { stage: string; message: string } {
  try {
    clientSettingsFromKubeconfig(parseKubeconfig(yaml, "sub/kc.conf"), files);
  } catch (err) {
    expect(err).toBeInstanceOf(KubeconfigClientError);
    return { stage: (err as KubeconfigClientError).stage, message: (err as Error).message };
  }
  throw new Error("no failure");
}

describe("clientSettingsFromKubeconfig", () => {
  it("reads the named files as written (relative to the current directory) and hands over their bytes", () => {
    const files = memoryFiles({ "ca.crt": pki.caCert, "client.crt": pki.clientCert, "client.key": pki.clientKey, tok: "abc\n" });
    const s = clientSettingsFromKubeconfig(parseKubeconfig(KC(`${HTTPS}, certificate-authority: ca.crt, tls-server-name: api`, "client-certificate: client.crt, client-key: client.key"), "sub/kc.conf"), files);
    expect(s).toMatchObject({ server: "https://10.0.0.1:6443", caData: pki.caCert, certData: pki.clientCert, keyData: pki.clientKey, tlsServerName: "api" });
    expect(files.reads).toEqual(["ca.crt", "client.crt", "client.key"]);
    const t = clientSettingsFromKubeconfig(parseKubeconfig(KC(`${HTTPS}, insecure-skip-tls-verify: true`, "tokenFile: tok"), "sub/kc.conf"), files);
    expect(t).toMatchObject({ bearerToken: "abc", insecureSkipTLSVerify: true });
  });

  it("ConfirmUsable's problems are config failures, worded as ToClientSet wraps them", () => {
    expect(failure(KC(`${HTTPS}, certificate-authority: ca.crt`, "client-certificate: c.pem, client-key: k.pem"), memoryFiles({}))).toEqual({
      stage: "config",
      message:
        "failed to create API client configuration from kubeconfig: invalid configuration: [unable to read client-cert c.pem for u due to open c.pem: no such file or directory, unable to read client-key k.pem for u due to open k.pem: no such file or directory, unable to read certificate-authority ca.crt for c due to open ca.crt: no such file or directory]",
    });
    expect(failure(KC(HTTPS, "tokenFile: tok"), memoryFiles({}))).toEqual({ stage: "config", message: "failed to create API client configuration from kubeconfig: open tok: no such file or directory" });
  });

  it("NewForConfig's problems are client failures, in client-go's and crypto/tls's words", () => {
    const files = memoryFiles({ dir: null, junk: "junk\n", "ca.crt": pki.caCert });
    const client = (cluster: string, user = "token: t") => failure(KC(cluster, user), files);
    expect(client(`${HTTPS}, insecure-skip-tls-verify: true, certificate-authority: ca.crt`).message).toBe("failed to create API client: specifying a root certificates file with the insecure flag is not allowed");
    expect(client(`${HTTPS}, certificate-authority: dir`).message).toBe("failed to create API client: read dir: is a directory");
    expect(client(`${HTTPS}, certificate-authority: junk`).message).toBe("failed to create API client: unable to load root certificates: unable to parse bytes as PEM block");
    expect(client(`${HTTPS}, certificate-authority-data: ${b64(pki.clientKey)}`).message).toBe("failed to create API client: unable to load root certificates: no valid certificate authority data seen");
    expect(client(`${HTTPS}, certificate-authority-data: ${b64("-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n")}`).message).toBe(
      "failed to create API client: unable to load root certificates: failed to parse certificate: x509: malformed certificate",
    );
    const pair = (cert: Buffer | string, key: Buffer | string) => client(HTTPS, `client-certificate-data: ${b64(cert)}, client-key-data: ${b64(key)}`).message;
    expect(pair("junk", pki.clientKey)).toBe("failed to create API client: tls: failed to find any PEM data in certificate input");
    expect(pair(pki.clientKey, pki.clientCert)).toBe("failed to create API client: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
    expect(pair(pki.clientCert, pki.clientCert)).toBe("failed to create API client: tls: found a certificate rather than a key in the PEM for the private key");
    expect(pair(pki.clientCert, "junk")).toBe("failed to create API client: tls: failed to find any PEM data in key input");
    expect(pair(pki.clientCert, pki.serverKey)).toBe("failed to create API client: tls: private key does not match public key");
    expect(client("server: 'https://[::1'").message).toBe('failed to create API client: host must be a URL or a host:port pair: "https://[::1"');
  });

  it("a certificate and key that are both files load at the handshake, as client-go's reloading loader: their failure is kept for then", () => {
    const files = memoryFiles({ junk: "junk\n", "client.crt": pki.clientCert, "client.key": pki.clientKey });
    const bad = clientSettingsFromKubeconfig(parseKubeconfig(KC(HTTPS, "client-certificate: junk, client-key: client.key"), "sub/kc.conf"), files);
    expect(bad).toMatchObject({ clientCertError: "tls: failed to find any PEM data in certificate input" });
    expect(bad.certData).toBeUndefined();
    const good = clientSettingsFromKubeconfig(parseKubeconfig(KC(HTTPS, "client-certificate: client.crt, client-key: client.key"), "sub/kc.conf"), files);
    expect(good.clientCertError).toBeUndefined();
    expect(good.certData).toEqual(pki.clientCert);
  });

  it("a server that is not https gets no identity and no TLS settings; a bare host:port is http", () => {
    const files = memoryFiles({});
    // the files are still opened by ConfirmUsable
    expect(failure(KC("server: 'http://10.0.0.1:8080'", "client-certificate: c, client-key: k"), files).stage).toBe("config");
    const s = clientSettingsFromKubeconfig(parseKubeconfig(KC("server: '10.0.0.1:8080', insecure-skip-tls-verify: true", "tokenFile: none"), "sub/kc.conf"), files);
    expect(s).toEqual({ server: "http://10.0.0.1:8080" });
    expect(files.reads).toEqual([]);
  });

  it("a key without a certificate is no client certificate at all", () => {
    const s = clientSettingsFromKubeconfig(parseKubeconfig(KC(HTTPS, `client-key-data: ${b64(pki.clientKey)}`), "sub/kc.conf"), memoryFiles({}));
    expect(s.certData).toBeUndefined();
    expect(s.keyData).toBeUndefined();
  });
});
