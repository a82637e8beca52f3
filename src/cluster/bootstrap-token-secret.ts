/**
 * Bootstrap token ⇄ Secret (`bootstrap-token-<id>` in kube-system, type
 * bootstrap.kubernetes.io/token), as upstream's BootstrapTokenToSecret /
 * BootstrapTokenFromSecret.
 */
import type { Secret } from "kubernetes-types/core/v1.js";
import { BOOTSTRAP_TOKEN_SECRET_PREFIX, BOOTSTRAP_TOKEN_SECRET_TYPE, NS_KUBE_SYSTEM } from "../constants.js";
import type { BootstrapToken } from "../config/types.js";
import { KubeadmError } from "../util/errors.js";
import { bootstrapTokenFromIdAndSecret, bootstrapTokenSecretName } from "../util/token.js";

export const TOKEN_ID_KEY = "token-id";
export const TOKEN_SECRET_KEY = "token-secret";
export const TOKEN_DESCRIPTION_KEY = "description";
export const TOKEN_EXPIRATION_KEY = "expiration";
export const TOKEN_USAGE_PREFIX = "usage-bootstrap-";
export const TOKEN_EXTRA_GROUPS_KEY = "auth-extra-groups";

/** RFC 3339 in UTC without fractional seconds (Go's time.RFC3339 of a UTC time). */
export function formatTokenTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The Secret's data as strings (before base64). Keys in upstream's insertion order. */
export function bootstrapTokenSecretData(token: BootstrapToken, now: Date): Record<string, string> {
  if (!token.token) throw new KubeadmError("the bootstrap token has no value (generate one before building its Secret)");
  const data: Record<string, string> = {
    [TOKEN_ID_KEY]: token.token.id,
    [TOKEN_SECRET_KEY]: token.token.secret,
  };
  if (token.description) data[TOKEN_DESCRIPTION_KEY] = token.description;
  if (token.expires) data[TOKEN_EXPIRATION_KEY] = formatTokenTime(token.expires);
  else if (token.ttl !== undefined && token.ttl > 0) data[TOKEN_EXPIRATION_KEY] = formatTokenTime(new Date(now.getTime() + token.ttl));
  for (const u of token.usages ?? []) data[`${TOKEN_USAGE_PREFIX}${u}`] = "true";
  if (token.groups && token.groups.length > 0) data[TOKEN_EXTRA_GROUPS_KEY] = token.groups.join(",");
  return data;
}

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

/** The token Secret as sent to the API (data base64-encoded, as the JSON of a Go Secret). */
export function bootstrapTokenToSecret(token: BootstrapToken, now: Date = new Date()): Secret {
  const data = bootstrapTokenSecretData(token, now);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: bootstrapTokenSecretName(token.token!.id), namespace: NS_KUBE_SYSTEM },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

function secretValue(secret: Secret, key: string): string {
  const v = secret.data?.[key];
  if (v !== undefined) return Buffer.from(v, "base64").toString("utf8");
  return secret.stringData?.[key] ?? "";
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** time.Parse(time.RFC3339, s), or an error whose text approximates Go's. */
export function parseRFC3339(s: string): Date {
  const m = RFC3339.exec(s);
  const d = m ? new Date(s) : new Date(NaN);
  if (!m || Number.isNaN(d.getTime())) {
    throw new KubeadmError(`parsing time ${JSON.stringify(s)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(s)} as "2006"`);
  }
  return d;
}

/** A token read back from its Secret; the expiration keeps the instant written. Errors as upstream's. */
export function bootstrapTokenFromSecret(secret: Secret): BootstrapToken {
  const name = secret.metadata?.name ?? "";
  const id = secretValue(secret, TOKEN_ID_KEY);
  if (!id) throw new KubeadmError(`bootstrap Token Secret has no token-id data: ${name}`);
  const expected = bootstrapTokenSecretName(id);
  if (name !== expected) {
    throw new KubeadmError(
      `bootstrap token name is not of the form '${BOOTSTRAP_TOKEN_SECRET_PREFIX}(token-id)'. Actual: ${JSON.stringify(name)}. Expected: ${JSON.stringify(expected)}`,
    );
  }
  const sec = secretValue(secret, TOKEN_SECRET_KEY);
  if (!sec) throw new KubeadmError(`bootstrap Token Secret has no token-secret data: ${name}`);
  let token;
  try {
    token = bootstrapTokenFromIdAndSecret(id, sec);
  } catch (err) {
    throw new KubeadmError(`bootstrap Token Secret is invalid and couldn't be parsed: ${(err as Error).message}`);
  }
  const out: BootstrapToken = { token, usages: [], groups: [] };
  const description = secretValue(secret, TOKEN_DESCRIPTION_KEY);
  if (description) out.description = description;
  const exp = secretValue(secret, TOKEN_EXPIRATION_KEY);
  if (exp) {
    try {
      out.expires = parseRFC3339(exp);
    } catch (err) {
      throw new KubeadmError(`can't parse expiration time of bootstrap token ${JSON.stringify(name)}: ${(err as Error).message}`);
    }
  }
  const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
  out.usages = [...keys]
    .filter((k) => k.startsWith(TOKEN_USAGE_PREFIX) && secretValue(secret, k) === "true")
    .map((k) => k.slice(TOKEN_USAGE_PREFIX.length))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups = secretValue(secret, TOKEN_EXTRA_GROUPS_KEY);
  out.groups = groups ? groups.split(",") : [];
  return out;
}
