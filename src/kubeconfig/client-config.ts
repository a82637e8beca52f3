/**
 * What client-go makes of a kubeconfig before the first request, in its order and words (pure:
 * files come through `KubeconfigFiles`):
 * 1. DirectClientConfig.ClientConfig (clientcmd): ConfirmUsable (src/kubeconfig/validate.ts),
 *    then, for an https server only, the user's identity (a tokenFile is read here) and the
 *    cluster's TLS settings. Its failures are "config" failures, which kubeadm's ToClientSet wraps
 *    as "failed to create API client configuration from kubeconfig: …".
 * 2. clientset.NewForConfig (rest, transport): the server URL, then TLSConfigFor (the insecure flag
 *    against a CA, the CA, certificate and key files read, the CA parsed, a certificate and key
 *    given as data checked as a pair). Its failures are "client" failures ("failed to create API
 *    client: …"). A certificate and key that are both files are loaded by client-go only at the
 *    TLS handshake: a pair that does not load becomes `clientCertError`, which the client
 *    reports once connected (src/client/http-client.ts).
 * File references are used as written: relative to the current directory (kubeadm loads with
 * clientcmd.LoadFromFile, which resolves nothing).
 */
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { KubeadmError } from "../util/errors.js";
import { goQuote } from "../util/go-quote.js";
import type { Kubeconfig } from "./read.js";
import { confirmUsable, invalidConfiguration, type OpenCheck } from "./validate.js";

export interface KubeconfigFiles {
  /** os.Open: null when the file opens, else Go's text ("open c.pem: no such file or directory"). */
  open: OpenCheck;
  /** os.ReadFile: the bytes; throws an Error whose message is Go's text ("open x: …", "read x: is a directory"). */
  read(file: string): Buffer;
}

/** What a client needs to reach one API server as one identity (src/client/rest-config.ts adds the transport's knobs). Buffers hold PEM. */
export interface ConnectionSettings {
  /** https://host:port (a path prefix is kept). */
  server: string;
  caData?: Buffer;
  certData?: Buffer;
  keyData?: Buffer;
  bearerToken?: string;
  username?: string;
  password?: string;
  insecureSkipTLSVerify?: boolean;
  /** SNI / verification name when it differs from the URL host. */
  tlsServerName?: string;
  /** The kubeconfig cluster's proxy-url: every request goes through it (else the environment's proxy). */
  proxyURL?: string;
  /**
   * Why the client certificate and key files do not make a pair (crypto/tls's words): client-go
   * loads them at the TLS handshake, so a request fails with it once connected.
   */
  clientCertError?: string;
}

/** The connection settings client-go derives from a kubeconfig (the files' or *-data's bytes). */
export interface ClientSettings extends ConnectionSettings {
  /** The user has an exec or auth-provider plugin (kubeadm-ts runs none). */
  plugin?: boolean;
}

export type ClientFailureStage = "config" | "client";

/**
 * A kubeconfig client-go refuses: `reason` is client-go's text, `stage` where it failed; the
 * message is the reason as kubeadm's ToClientSet wraps it (other call sites re-wrap the reason).
 */
export class KubeconfigClientError extends KubeadmError {
  constructor(
    readonly stage: ClientFailureStage,
    readonly reason: string,
  ) {
    super(`${stage === "config" ? "failed to create API client configuration from kubeconfig" : "failed to create API client"}: ${reason}`);
    this.name = "KubeconfigClientError";
  }
}

const has = (b: Buffer | undefined): b is Buffer => b !== undefined && b.length > 0;

/** rest.IsConfigTransportTLS before any TLS field is set: an https URL with a host. */
function isHttps(server: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(server);
  return m !== null && m[1]!.toLowerCase() === "https" && m[2] !== "";
}

/**
 * rest.DefaultServerURL: a URL with a scheme and host as it is; anything else gets "http://"
 * in front and must then be a bare host[:port].
 */
function serverURL(server: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]/.test(server)) {
    try {
      new URL(server);
      return server;
    } catch {
      // as Go after a failed parse: try again as http://<server>
    }
  }
  try {
    if (new URL(`http://${server}`).pathname === "/") return `http://${server}`;
  } catch {
    // refused below
  }
  throw new KubeconfigClientError("client", `host must be a URL or a host:port pair: ${goQuote(server)}`);
}

interface PemBlock {
  type: string;
  headers: boolean;
  der: Buffer;
}

/** Go's pem.Decode over the whole input: every well-formed block, in order. */
function pemBlocks(data: Buffer): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([^\r\n]*?)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const m of data.toString("latin1").matchAll(re)) {
    const body = m[2]!;
    const blank = body.search(/\r?\n\r?\n/);
    const headers = /^[^\r\n]*:/.test(body) && blank >= 0;
    const b64 = (headers ? body.slice(blank) : body).replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) continue;
    out.push({ type: m[1]!, headers, der: Buffer.from(b64, "base64") });
  }
  return out;
}

/** x509.CertPool.AppendCertsFromPEM, failing as client-go's createErrorParsingCAData words it. */
function checkRootCAs(ca: Buffer): void {
  const blocks = pemBlocks(ca);
  let parseError: string | undefined;
  for (const b of blocks) {
    if (b.type !== "CERTIFICATE" || b.headers) continue;
    try {
      new X509Certificate(b.der);
      return;
    } catch {
      parseError ??= "failed to parse certificate: x509: malformed certificate";
    }
  }
  const reason = blocks.length === 0 ? "unable to parse bytes as PEM block" : (parseError ?? "no valid certificate authority data seen");
  throw new KubeconfigClientError("client", `unable to load root certificates: ${reason}`);
}

/** crypto/tls.X509KeyPair's checks, in its words. */
function checkKeyPair(certPem: Buffer, keyPem: Buffer): void {
  const fail = (reason: string): never => {
    throw new KubeconfigClientError("client", reason);
  };
  const certBlocks = pemBlocks(certPem);
  const certs = certBlocks.filter((b) => b.type === "CERTIFICATE");
  if (certs.length === 0) {
    const skipped = certBlocks.map((b) => b.type);
    if (skipped.length === 0) fail("tls: failed to find any PEM data in certificate input");
    if (skipped.length === 1 && skipped[0]!.endsWith("PRIVATE KEY")) fail("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
    fail(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`);
  }
  const skipped: string[] = [];
  let keyBlock: PemBlock | undefined;
  for (const b of pemBlocks(keyPem)) {
    if (b.type === "PRIVATE KEY" || b.type.endsWith(" PRIVATE KEY")) {
      keyBlock = b;
      break;
    }
    skipped.push(b.type);
  }
  if (!keyBlock) {
    if (skipped.length === 0) fail("tls: failed to find any PEM data in key input");
    if (skipped.length === 1 && skipped[0] === "CERTIFICATE") fail("tls: found a certificate rather than a key in the PEM for the private key");
    fail(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(" ")}]`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0]!.der);
  } catch {
    return fail("x509: malformed certificate");
  }
  let key: KeyObject | undefined;
  for (const type of ["pkcs1", "pkcs8", "sec1"] as const) {
    try {
      key = createPrivateKey({ key: keyBlock!.der, format: "der", type });
      break;
    } catch {
      // next encoding, as Go's parsePrivateKey
    }
  }
  if (!key) return fail("tls: failed to parse private key");
  if (cert.publicKey.asymmetricKeyType !== key.asymmetricKeyType) fail("tls: private key type does not match public key type");
  if (!cert.checkPrivateKey(key)) fail("tls: private key does not match public key");
}

/**
 * client-go's path from a kubeconfig to a client (NewDefaultClientConfig(...).ClientConfig(),
 * then clientset.NewForConfig) for the current context: the settings, or a KubeconfigClientError.
 */
export function clientSettingsFromKubeconfig(kc: Kubeconfig, files: KubeconfigFiles, options: { context?: string } = {}): ClientSettings {
  const errs = confirmUsable(kc, files.open, options.context);
  if (errs.length > 0) throw new KubeconfigClientError("config", invalidConfiguration(errs));
  const ctx = kc.contexts.get(options.context || kc.currentContext);
  const cluster = kc.clusters.get(ctx?.cluster ?? "") ?? {};
  const user = kc.users.get(ctx?.user ?? "") ?? {};
  const server = cluster.server!;
  const out: ClientSettings = { server };
  if (cluster.proxyURL) out.proxyURL = cluster.proxyURL;
  const tls = isHttps(server);
  let caFile: string | undefined;
  let certFile: string | undefined;
  let keyFile: string | undefined;
  if (tls) {
    // the user's identity (getUserIdentificationPartialConfig)
    if (user.token) out.bearerToken = user.token;
    else if (user.tokenFile) {
      try {
        out.bearerToken = files.read(user.tokenFile).toString("utf8").trim();
      } catch (err) {
        throw new KubeconfigClientError("config", (err as Error).message);
      }
    }
    if (user.clientCertificate || has(user.clientCertificateData)) {
      if (has(user.clientCertificateData)) out.certData = user.clientCertificateData;
      else certFile = user.clientCertificate;
      if (has(user.clientKeyData)) out.keyData = user.clientKeyData;
      else keyFile = user.clientKey;
    }
    if (user.username || user.password) {
      if (user.username) out.username = user.username;
      if (user.password) out.password = user.password;
    }
    if (user.hasPlugin) out.plugin = true;
    // the server's identity (getServerIdentificationPartialConfig)
    if (has(cluster.certificateAuthorityData)) out.caData = cluster.certificateAuthorityData;
    else if (cluster.certificateAuthority) caFile = cluster.certificateAuthority;
    if (cluster.insecureSkipTLSVerify) out.insecureSkipTLSVerify = true;
    if (cluster.tlsServerName) out.tlsServerName = cluster.tlsServerName;
  }

  // clientset.NewForConfig
  out.server = serverURL(server);
  if (!tls) return out;
  const hasCA = out.caData !== undefined || caFile !== undefined;
  if (hasCA && out.insecureSkipTLSVerify) throw new KubeconfigClientError("client", "specifying a root certificates file with the insecure flag is not allowed");
  const read = (file: string): Buffer => {
    try {
      return files.read(file);
    } catch (err) {
      throw new KubeconfigClientError("client", (err as Error).message);
    }
  };
  const certsFromFiles = certFile !== undefined && keyFile !== undefined;
  if (caFile !== undefined) out.caData = read(caFile);
  if (certFile !== undefined) out.certData = read(certFile);
  if (keyFile !== undefined) out.keyData = read(keyFile);
  if (has(out.caData)) checkRootCAs(out.caData);
  const hasCertAuth = out.certData !== undefined && out.keyData !== undefined;
  if (hasCertAuth && !certsFromFiles) checkKeyPair(out.certData!, out.keyData!);
  if (hasCertAuth && certsFromFiles) {
    try {
      checkKeyPair(out.certData!, out.keyData!);
    } catch (err) {
      out.clientCertError = (err as KubeconfigClientError).reason;
      delete out.certData;
      delete out.keyData;
    }
  }
  return out;
}
