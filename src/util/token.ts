/**
 * Bootstrap token strings: format, parsing, generation and validation
 * (cluster-bootstrap's token util + kubeadm's BootstrapTokenString).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import {
  BOOTSTRAP_TOKEN_ALPHABET,
  BOOTSTRAP_TOKEN_EXTRA_GROUP_PATTERN,
  BOOTSTRAP_TOKEN_ID_PATTERN,
  BOOTSTRAP_TOKEN_PATTERN,
  BOOTSTRAP_TOKEN_SECRET_PREFIX,
  DEFAULT_TOKEN_USAGES,
} from "../constants.js";
import type { BootstrapTokenString } from "../config/types.js";
import { KubeadmError } from "./errors.js";
import { goQuote } from "./go-quote.js";

export type { BootstrapTokenString } from "../config/types.js";

export const TOKEN_ID_LENGTH = 6;
export const TOKEN_SECRET_LENGTH = 16;

/** The patterns as upstream prints them (Go regexp syntax, Go-%q-quoted in messages). */
export const BOOTSTRAP_TOKEN_PATTERN_TEXT = "\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z";
export const BOOTSTRAP_TOKEN_ID_PATTERN_TEXT = "\\A([a-z0-9]{6})\\z";
export const BOOTSTRAP_GROUP_PATTERN_TEXT = "\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z";

// The largest multiple of 36 that fits a byte; bytes at or above it are redrawn so every
// character is equally likely (no modulo bias).
const UNBIASED_BYTE_LIMIT = 256 - (256 % BOOTSTRAP_TOKEN_ALPHABET.length);

/** `n` characters drawn uniformly from [0-9a-z] with a CSPRNG (rejection sampling). */
export function randomTokenString(n: number, random: (size: number) => Uint8Array = randomBytes): string {
  let out = "";
  while (out.length < n) {
    for (const b of random(n + 8)) {
      if (b >= UNBIASED_BYTE_LIMIT) continue;
      out += BOOTSTRAP_TOKEN_ALPHABET[b % BOOTSTRAP_TOKEN_ALPHABET.length];
      if (out.length === n) break;
    }
  }
  return out;
}

/** A new random token "<6 chars>.<16 chars>". */
export function generateBootstrapToken(random?: (size: number) => Uint8Array): string {
  return `${randomTokenString(TOKEN_ID_LENGTH, random)}.${randomTokenString(TOKEN_SECRET_LENGTH, random)}`;
}

/** A new random token, split. */
export function generateBootstrapTokenString(random?: (size: number) => Uint8Array): BootstrapTokenString {
  return { id: randomTokenString(TOKEN_ID_LENGTH, random), secret: randomTokenString(TOKEN_SECRET_LENGTH, random) };
}

/** Parses "<id>.<secret>"; the error text is upstream's. */
export function parseBootstrapToken(token: string): BootstrapTokenString {
  const m = BOOTSTRAP_TOKEN_PATTERN.exec(token);
  if (!m) {
    throw new KubeadmError(`the bootstrap token ${goQuote(token)} was not of the form ${goQuote(BOOTSTRAP_TOKEN_PATTERN_TEXT)}`);
  }
  return { id: m[1]!, secret: m[2]! };
}

/** Parses a token from its two halves (NewBootstrapTokenStringFromIDAndSecret). */
export function bootstrapTokenFromIdAndSecret(id: string, secret: string): BootstrapTokenString {
  return parseBootstrapToken(`${id}.${secret}`);
}

/** "<id>.<secret>", or "" when either half is empty (BootstrapTokenString.String). */
export function formatBootstrapToken(t: BootstrapTokenString | undefined): string {
  if (!t || !t.id || !t.secret) return "";
  return `${t.id}.${t.secret}`;
}

/** True when the string is exactly a token ID. */
export function isValidBootstrapTokenID(id: string): boolean {
  return BOOTSTRAP_TOKEN_ID_PATTERN.test(id);
}

/** IsValidBootstrapToken: id matches, secret is 16 chars of [0-9a-z], checked without early exit. */
export function isValidBootstrapToken(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 2) return false;
  const [id, secret] = parts as [string, string];
  if (!isValidBootstrapTokenID(id)) return false;
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length !== TOKEN_SECRET_LENGTH) return false;
  let bad = 0;
  for (const b of bytes) {
    const digit = b >= 0x30 && b <= 0x39;
    const lower = b >= 0x61 && b <= 0x7a;
    bad |= digit || lower ? 0 : 1;
  }
  return bad === 0;
}

/** Constant-time string comparison (for token secrets and signatures). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

/** "bootstrap-token-<id>". */
export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

/** Usages not in the known set, sorted (ValidateUsages). */
export function unknownUsages(usages: readonly string[]): string[] {
  const known = new Set<string>(DEFAULT_TOKEN_USAGES);
  return usages.filter((u) => !known.has(u)).sort();
}

/** Error text for unknown usages, or null (bootstraputil.ValidateUsages). */
export function validateUsages(usages: readonly string[]): string | null {
  const bad = unknownUsages(usages);
  if (bad.length === 0) return null;
  return `invalid bootstrap token usage string: ${bad.join(",")}, valid usage options: ${DEFAULT_TOKEN_USAGES.join(",")}`;
}

/** Error text for the first invalid extra group, or null (bootstraputil.ValidateBootstrapGroupName). */
export function validateGroups(groups: readonly string[]): string | null {
  for (const g of groups) {
    if (!BOOTSTRAP_TOKEN_EXTRA_GROUP_PATTERN.test(g)) {
      return `bootstrap group ${goQuote(g)} is invalid (must match ${BOOTSTRAP_GROUP_PATTERN_TEXT})`;
    }
  }
  return null;
}
