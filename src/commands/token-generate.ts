// `kubeadm token generate`: prints a random bootstrap token, "[a-z0-9]{6}.[a-z0-9]{16}".
import { randomBytes } from "node:crypto";
import type { CommandHandler } from "../cli/context.js";

const TOKEN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
// Largest multiple of 36 below 256: bytes at or above it are rejected so every character is equally likely.
const MAX_UNBIASED_BYTE = 256 - (256 % TOKEN_CHARS.length);

/** n characters drawn uniformly from [a-z0-9] with a CSPRNG (rejection sampling, no modulo bias). */
export function randomTokenString(n: number): string {
  let out = "";
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b >= MAX_UNBIASED_BYTE) continue;
      out += TOKEN_CHARS[b % TOKEN_CHARS.length];
      if (out.length === n) break;
    }
  }
  return out;
}

/** A new bootstrap token: 6-character id, ".", 16-character secret. */
export function generateBootstrapToken(): string {
  return `${randomTokenString(6)}.${randomTokenString(16)}`;
}

export const run: CommandHandler = async (ctx) => {
  ctx.stdout.write(generateBootstrapToken() + "\n");
};
