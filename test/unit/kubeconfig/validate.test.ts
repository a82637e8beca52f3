import { describe, expect, it } from "vitest";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";
import { confirmUsable, validateKubeconfig } from "../../../src/kubeconfig/validate.js";
import { aggregateMessage } from "../../../src/util/aggregate.js";

const open = (missing: string[] = []) => (f: string) => (missing.includes(f) ? `open ${f}: no such file or directory` : null);
const check = (yaml: string, missing: string[] = []) => () => validateKubeconfig(parseKubeconfig(yaml), open(missing));

describe("validateKubeconfig (client-go's clientcmd.Validate)", () => {
  it("accepts a usable kubeconfig", () => {
    expect(check("clusters: [{name: c, cluster: {server: https://x:6443}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n")).not.toThrow();
  });
  it("reports every problem at once, in client-go's words", () => {
    expect(check("{}")).toThrow("invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
    expect(check("clusters: [{name: c, cluster: {server: https://x}}]\ncontexts: [{name: x, context: {cluster: d, user: u, namespace: Bad_NS}}]\ncurrent-context: yy\n")).toThrow(
      'invalid configuration: [context was not found for specified context: yy, user "u" was not found for context "x", cluster "d" was not found for context "x", namespace "Bad_NS" for context "x" does not conform to the kubernetes DNS_LABEL rules]',
    );
    expect(check("users: [{name: u, user: {client-certificate: /c.crt, token: t}}]\nclusters: [{name: c, cluster: {certificate-authority: /ca.crt}}, {name: e, cluster: {}}]\n", ["/c.crt", "/ca.crt"])).toThrow(
      'invalid configuration: [client-key-data or client-key must be specified for u to use the clientCert authentication method., unable to read client-cert /c.crt for u due to open /c.crt: no such file or directory, no server found for cluster "c", unable to read certificate-authority /ca.crt for c due to open /ca.crt: no such file or directory, cluster has no server defined]',
    );
  });
});

describe("confirmUsable (DirectClientConfig.ConfirmUsable)", () => {
  const KC = (cluster: string, user = "{token: t}", ctx = "{cluster: c, user: u}", cur = "x") =>
    `clusters: [{name: c, cluster: ${cluster}}]\nusers: [{name: u, user: ${user}}]\ncontexts: [{name: x, context: ${ctx}}]\ncurrent-context: ${cur}\n`;
  const usable = (yaml: string, missing: string[] = [], file = "/etc/kubeconfig") => confirmUsable(parseKubeconfig(yaml, file), open(missing));

  it("a usable context: no problem, whatever the other contexts hold", () => {
    expect(usable(KC("{server: https://x}") + "")).toEqual([]);
    // the context's own fields (namespace) and the users it does not name are not looked at
    expect(usable(KC("{server: https://x}", "{token: t}", "{cluster: c, user: u, namespace: Bad_NS}"))).toEqual([]);
  });
  it("the user's problems, then the cluster's, each in client-go's order", () => {
    expect(usable(KC("{certificate-authority: ca.pem}", "{client-certificate: c.pem, client-key: k.pem}"), ["c.pem", "k.pem", "ca.pem"])).toEqual([
      "unable to read client-cert c.pem for u due to open c.pem: no such file or directory",
      "unable to read client-key k.pem for u due to open k.pem: no such file or directory",
      'no server found for cluster "c"',
      "unable to read certificate-authority ca.pem for c due to open ca.pem: no such file or directory",
    ]);
    expect(usable(KC("{server: https://x}", "{client-certificate-data: Qw==, client-certificate: /c, client-key: /k, client-key-data: Sw==, token: t, username: a}"))).toEqual([
      "client-cert-data and client-cert are both specified for u. client-cert-data will override.",
      "client-key-data and client-key are both specified for u; client-key-data will override",
      "more than one authentication method found for u; found [token basicAuth], only one is allowed",
    ]);
    expect(usable(KC("{server: https://x}", "{client-certificate-data: Qw==}"))).toEqual(["client-key-data or client-key must be specified for u to use the clientCert authentication method."]);
    expect(usable(KC("{server: https://x}", "{token: t, as-groups: [g]}"))).toEqual(["requesting uid, groups or user-extra for u without impersonating a user"]);
    expect(usable(KC("{server: https://x}", "{exec: {env: [{value: v}]}, auth-provider: {name: gcp}}"))).toEqual([
      "authProvider cannot be provided in combination with an exec plugin for u",
      "command must be specified for u to use exec authentication plugin",
      "apiVersion must be specified for u to use exec authentication plugin",
      "env variable name must be specified for u to use exec authentication plugin",
      "interactiveMode must be specified for u to use exec authentication plugin",
    ]);
    // v1beta1 plugins default to IfAvailable
    expect(usable(KC("{server: https://x}", "{exec: {command: c, apiVersion: client.authentication.k8s.io/v1beta1}}"))).toEqual([]);
  });
  it("a missing context or cluster reads as client-go's empty cluster; alone, as the empty configuration", () => {
    expect(usable(KC("{server: https://x}", "{token: t}", "{cluster: c, user: u}", "nope"))).toEqual(["context was not found for specified context: nope", "cluster has no server defined"]);
    expect(usable(KC("{server: https://x}", "{token: t}", "{cluster: gone, user: u}"))).toEqual(["no configuration has been provided, try setting KUBERNETES_MASTER environment variable"]);
    expect(usable(KC("{server: https://x}").replace("current-context: x\n", ""))).toEqual(["no configuration has been provided, try setting KUBERNETES_MASTER environment variable"]);
    expect(usable("")).toEqual(["no configuration has been provided, try setting KUBERNETES_MASTER environment variable"]);
    // a missing user is an empty one: nothing to say
    expect(usable(KC("{server: https://x}", "{token: t}", "{cluster: c, user: gone}"))).toEqual([]);
  });
  it("a cluster read from a file is never empty (LocationOfOrigin); one parsed from memory can be", () => {
    expect(usable(KC("{}"))).toEqual(['no server found for cluster "c"']);
    expect(usable(KC("{}"), [], "")).toEqual(["no configuration has been provided, try setting KUBERNETES_MASTER environment variable"]);
  });
});

describe("aggregateMessage (apimachinery's Aggregate)", () => {
  it("one as it is, several in brackets, each message once", () => {
    expect(aggregateMessage(["a"])).toBe("a");
    expect(aggregateMessage(["a", "b", "a"])).toBe("[a, b]");
    expect(aggregateMessage(["a", "a"])).toBe("a");
  });
});
