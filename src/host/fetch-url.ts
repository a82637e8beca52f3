/**
 * One GET to the internet with a timeout (resolving version labels on dl.k8s.io), with the
 * operating system's CA store as trust (src/host/trust-roots.ts, as Go's net/http does) and
 * error messages shaped like Go's http.Client ones, as upstream kubeadm prints them.
 */
import type { IncomingMessage } from "node:http";
import { trustRoots } from "./trust-roots.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface FetchResult {
  status: number;
  /** Go's resp.Status: "404 Not Found". */
  statusText: string;
  body: string;
}

// Node's certificate verification codes, as Go's crypto/x509 words them
const TLS_ERRORS: Record<string, string> = {
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "tls: failed to verify certificate: x509: certificate signed by unknown authority",
  UNABLE_TO_GET_ISSUER_CERT: "tls: failed to verify certificate: x509: certificate signed by unknown authority",
  SELF_SIGNED_CERT_IN_CHAIN: "tls: failed to verify certificate: x509: certificate signed by unknown authority",
  DEPTH_ZERO_SELF_SIGNED_CERT: "tls: failed to verify certificate: x509: certificate signed by unknown authority",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "tls: failed to verify certificate: x509: certificate signed by unknown authority",
  CERT_HAS_EXPIRED: "tls: failed to verify certificate: x509: certificate has expired or is not yet valid",
  CERT_NOT_YET_VALID: "tls: failed to verify certificate: x509: certificate has expired or is not yet valid",
};

function goError(err: NodeJS.ErrnoException & { hostname?: string; host?: string; reason?: string }, url: URL): string {
  const code = err.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `dial tcp: lookup ${err.hostname ?? url.hostname}: no such host`;
  if (code === "ECONNREFUSED") return `dial tcp ${(err as { address?: string }).address ?? url.hostname}:${(err as { port?: number }).port ?? (url.port || (url.protocol === "https:" ? 443 : 80))}: connect: connection refused`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `tls: failed to verify certificate: x509: certificate is valid for ${err.reason ?? "other names"}, not ${url.hostname}`;
  if (TLS_ERRORS[code]) return TLS_ERRORS[code]!;
  return err.message;
}

/**
 * GETs `url`; resolves with status and body for any HTTP answer, rejects with
 * `Get "<url>": <Go-style cause>` when no answer came (DNS, connection, TLS, timeout).
 */
export async function fetchURL(url: string, timeoutMs: number, env: Env = process.env): Promise<FetchResult> {
  const u = new URL(url);
  const get = u.protocol === "https:" ? (await import("node:https")).get : u.protocol === "http:" ? (await import("node:http")).get : undefined;
  if (!get) throw new Error(`Get "${url}": unsupported protocol scheme "${u.protocol.replace(/:$/, "")}"`);
  let ca: string[] | undefined;
  if (u.protocol === "https:") {
    const roots = trustRoots(env);
    if (roots.certificates.length === 0 && roots.error) {
      throw new Error(`Get "${url}": tls: failed to verify certificate: x509: failed to load system roots and no roots provided; ${roots.error}`);
    }
    ca = roots.certificates;
  }
  return new Promise<FetchResult>((resolve, reject) => {
    let settled = false;
    const fail = (msg: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new Error(`Get "${url}": ${msg}`));
    };
    const req = get(u, { ca }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => fail((err as Error).message));
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({ status, statusText: `${status} ${res.statusMessage ?? ""}`.trimEnd(), body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", (err) => fail(goError(err as NodeJS.ErrnoException, u)));
    const timer = setTimeout(() => fail("context deadline exceeded (Client.Timeout exceeded while awaiting headers)"), timeoutMs);
  });
}
