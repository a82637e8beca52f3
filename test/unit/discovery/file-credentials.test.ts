// upstream's HasAuthenticationCredentials for file discovery (src/discovery/file.ts): which users
// of the current context count as able to authenticate.
import { describe, expect, it } from "vitest";
import { hasAuthenticationCredentials } from "../../../src/discovery/file.js";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";

const KC = (user: string, current = "x") =>
  parseKubeconfig(`clusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: ${user}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: ${current}\n`);

describe("hasAuthenticationCredentials", () => {
  it("a token or token file, a username with a password, a certificate with a key, a plugin with a command or name", () => {
    for (const user of [
      "{token: t}",
      "{tokenFile: /t}",
      "{username: a, password: b}",
      "{client-certificate: /c, client-key: /k}",
      "{client-certificate-data: Qw==, client-key: /k}",
      "{exec: {command: get-token}}",
      "{auth-provider: {name: gcp}}",
    ]) {
      expect(hasAuthenticationCredentials(KC(user)), user).toBe(true);
    }
  });
  it("not half of a pair, an empty plugin, or a user the current context does not reach", () => {
    for (const user of ["{}", "{username: a}", "{client-certificate: /c}", "{client-key-data: Sw==}", "{exec: {apiVersion: v1}}", "{auth-provider: {config: {a: b}}}"]) {
      expect(hasAuthenticationCredentials(KC(user)), user).toBe(false);
    }
    expect(hasAuthenticationCredentials(KC("{token: t}", "other"))).toBe(false);
  });
});
