/**
 * Detached JWS over the cluster-info kubeconfig (RFC 7515 Appendix F), as the
 * bootstrap signer controller writes into `jws-kubeconfig-<token-id>` and as
 * `kubeadm join` checks it: compact HS256 serialisation with the payload part
 * left empty, protected header {"alg":"HS256","kid":"<token-id>"}, HMAC key =
 * the token secret's bytes.
 */
import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../util/token.js";

const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");

/** The protected header, serialised as go-jose does (keys sorted, compact). */
export function jwsProtectedHeader(tokenID: string): string {
  return JSON.stringify({ alg: "HS256", kid: tokenID });
}

/** "<b64url(header)>..<b64url(signature)>" for `content`. */
export function computeDetachedSignature(content: string, tokenID: string, tokenSecret: string): string {
  const header = b64url(jwsProtectedHeader(tokenID));
  const signingInput = `${header}.${b64url(content)}`;
  const signature = createHmac("sha256", Buffer.from(tokenSecret, "utf8")).update(signingInput, "ascii").digest();
  return `${header}..${b64url(signature)}`;
}

/** True when `detached` is exactly the signature the token would make over `content` (constant-time compare). */
export function detachedTokenIsValid(detached: string, content: string, tokenID: string, tokenSecret: string): boolean {
  return constantTimeEqual(detached, computeDetachedSignature(content, tokenID, tokenSecret));
}

/** The compact JWS with the payload put back in the middle (for generic JWS verifiers). */
export function attachPayload(detached: string, content: string): string {
  const parts = detached.split(".");
  if (parts.length !== 3 || parts[1] !== "") throw new Error("the JWS is not a detached compact serialisation");
  return `${parts[0]}.${b64url(content)}.${parts[2]}`;
}
