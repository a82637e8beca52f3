import { describe, expect, it } from "vitest";
import { CompactSign, compactVerify } from "jose";
import {
  bootstrapTokenSecretName,
  generateBootstrapToken,
  isValidBootstrapToken,
  parseBootstrapToken,
  randomTokenString,
  validateGroups,
  validateUsages,
} from "../../../src/util/token.js";
import { attachPayload, computeDetachedSignature, detachedTokenIsValid } from "../../../src/discovery/jws.js";

describe("bootstrap token strings", () => {
  it("generates id.secret from [a-z0-9]", () => {
    for (let i = 0; i < 200; i++) expect(generateBootstrapToken()).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  });

  it("rejects bytes >= 252 so every character is equally likely", () => {
    const feed = [255, 252, 0, 253, 35, 36, 251];
    let i = 0;
    const random = (n: number) => Uint8Array.from({ length: n }, () => feed[i++ % feed.length]!);
    // accepted: 0 → "0", 35 → "z", 36 → "0", 251 → 251 % 36 = 35 → "z"
    expect(randomTokenString(4, random)).toBe("0z0z");
  });

  it("parses and refuses with upstream's message", () => {
    expect(parseBootstrapToken("abcdef.0123456789abcdef")).toEqual({ id: "abcdef", secret: "0123456789abcdef" });
    expect(() => parseBootstrapToken("ABCDEF.0123456789abcdef")).toThrow(
      'the bootstrap token "ABCDEF.0123456789abcdef" was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"',
    );
    expect(isValidBootstrapToken("abcdef.0123456789abcdef")).toBe(true);
    expect(isValidBootstrapToken("abcdef.0123456789abcdeF")).toBe(false);
    expect(isValidBootstrapToken("abcdef.0123456789abcde")).toBe(false);
    expect(bootstrapTokenSecretName("abcdef")).toBe("bootstrap-token-abcdef");
  });

  it("validates usages and groups with upstream's texts", () => {
    expect(validateUsages(["signing", "authentication"])).toBeNull();
    expect(validateUsages(["signing", "zz", "aa"])).toBe("invalid bootstrap token usage string: aa,zz, valid usage options: signing,authentication");
    expect(validateGroups(["system:bootstrappers:foo"])).toBeNull();
    expect(validateGroups(["system:nodes"])).toBe(
      'bootstrap group "system:nodes" is invalid (must match \\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z)',
    );
  });
});

describe("detached JWS", () => {
  const content = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: \"\"\n";

  it("has the documented header segment and equals a JOSE library's HS256 compact JWS minus the payload", async () => {
    const ours = computeDetachedSignature(content, "abcdef", "0123456789abcdef");
    expect(ours.startsWith("eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..")).toBe(true);
    const full = await new CompactSign(new TextEncoder().encode(content))
      .setProtectedHeader({ alg: "HS256", kid: "abcdef" })
      .sign(new TextEncoder().encode("0123456789abcdef"));
    const [h, , s] = full.split(".");
    expect(ours).toBe(`${h}..${s}`);
    const verified = await compactVerify(attachPayload(ours, content), new TextEncoder().encode("0123456789abcdef"));
    expect(new TextDecoder().decode(verified.payload)).toBe(content);
  });

  // Vector from openssl: printf "<b64url(header)>.aGVsbG8" | openssl dgst -sha256 -hmac 0123456789abcdef -binary | base64url
  it("known vector (HMAC-SHA256 keyed with the token secret only)", () => {
    expect(computeDetachedSignature("hello", "abcdef", "0123456789abcdef")).toBe(
      "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..MxsnbCjBaYzcbNIFa06F-wuF9LX26rhMlrL4zA1511s",
    );
  });

  it("verifies only the right token and content", () => {
    const sig = computeDetachedSignature(content, "abcdef", "0123456789abcdef");
    expect(detachedTokenIsValid(sig, content, "abcdef", "0123456789abcdef")).toBe(true);
    expect(detachedTokenIsValid(sig, content + " ", "abcdef", "0123456789abcdef")).toBe(false);
    expect(detachedTokenIsValid(sig, content, "abcdef", "0123456789abcdeg")).toBe(false);
    expect(detachedTokenIsValid(sig, content, "abcdeg", "0123456789abcdef")).toBe(false);
  });
});
