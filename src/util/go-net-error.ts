/**
 * Node's socket and TLS errors worded as Go's net, net/http and crypto/x509 word them, so that
 * messages read as upstream's do. Never includes headers or secrets.
 */
const UNKNOWN_AUTHORITY = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** A transport failure (connection, DNS, TLS) in Go's words; other errors keep their message. */
export function describeTransportError(err: NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string; goDetail?: string }): string {
  const code = err.code ?? "";
  // a failed name lookup through host/resolver's goLookup carries Go's resolver text
  if (err.goDetail) return `dial tcp: ${err.goDetail}`;
  if (UNKNOWN_AUTHORITY.has(code)) return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `tls: failed to verify certificate: x509: ${err.message}`;
  if (code === "ECONNREFUSED") return `dial tcp ${hostPort(err.address, err.port)}: connect: connection refused`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `dial tcp: lookup ${err.hostname ?? "host"}: no such host`;
  if (code === "ECONNRESET") return "read: connection reset by peer";
  if (code === "EHOSTUNREACH") return `dial tcp ${hostPort(err.address, err.port)}: connect: no route to host`;
  return err.message;
}

function hostPort(address?: string, port?: number): string {
  if (!address) return "";
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}
