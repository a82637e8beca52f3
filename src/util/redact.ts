/**
 * One redaction for everything kubeadm-ts prints about objects it would write or has read (dry-run
 * "[dryrun] Attached object:" blocks, the dry-run certificate key line): secret values are replaced
 * by REDACTED, the structure stays. Upstream prints these values (the kubeadm-certs Secret's
 * encrypted keys next to the certificate key that decrypts them, bootstrap token secrets); here
 * they never reach a terminal or a log. What a command exists to print (the join command at the
 * end of init, `token create`, `certs certificate-key`, `kubeconfig user`) is not redacted.
 */

/** The marker printed instead of a secret value, as `kubectl config view` prints one. */
export const REDACTED = "REDACTED";

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
// an embedded kubeconfig's (or JSON's) private key and credentials: `client-key-data: …`, `"token": "…"`
const CREDENTIAL_FIELD = /(["']?(?:client-key-data|token|password)["']?\s*:\s*)(["']?)[^\s"',}]+\2/g;

/** A string with PEM private keys and kubeconfig credentials replaced. */
export function redactText(text: string): string {
  return text.replace(PEM_PRIVATE_KEY, REDACTED).replace(CREDENTIAL_FIELD, `$1$2${REDACTED}$2`);
}

/** Secret data (base64) and stringData: every value. */
function redactSecretData(data: unknown): unknown {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(data)) Object.defineProperty(out, k, { value: REDACTED, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * A copy of `value` fit to print: in Secrets (`kind` names the object's kind when the object does
 * not carry it; list items are Secrets when the list is a SecretList) every data and stringData
 * value is REDACTED; in every string, PEM private keys and kubeconfig credentials are.
 */
export function redactForPrint<T>(value: T, kind?: string): T {
  const walk = (v: unknown, k: string | undefined): unknown => {
    if (typeof v === "string") return redactText(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, k));
    if (!v || typeof v !== "object" || v instanceof Date) return v;
    const o = v as Record<string, unknown>;
    const ownKind = typeof o.kind === "string" ? o.kind : k;
    const isSecret = ownKind === "Secret";
    const itemKind = ownKind?.endsWith("List") ? ownKind.slice(0, -4) : undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(o)) {
      let x: unknown;
      if (isSecret && (key === "data" || key === "stringData")) x = redactSecretData(o[key]);
      else if (key === "items" && itemKind) x = walk(o[key], itemKind);
      else x = walk(o[key], undefined);
      Object.defineProperty(out, key, { value: x, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(value, kind) as T;
}
