import { describe, expect, it } from "vitest";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";
import { validateKubeconfig } from "../../../src/kubeconfig/validate.js";
import { aggregateMessage } from "../../../src/util/aggregate.js";

const open = (missing: string[] = []) => (f: string) => (missing.includes(f) ? `open ${f}: no such file or directory` : null);
const check = (yaml: string, missing: string[] = []) => () => validateKubeconfig(parseKubeconfig(yaml), open(missing));

describe("validateKubeconfig (client-go's clientcmd.Validate)", () => {
  it("accepts a usable kubeconfig", () => {
    expect(check("clusters: [{name: c, cluster: {server: https://x:6443}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n")).not.toThrow();
  });
  it("reports every problem at once, in client-go's words", () => {
    expect(check("{}")).toThrow("invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
    expect(check("clusters: [{name: c, cluster: {server: https://x}}]\ncontexts: [{name: x, context: {cluster: d, user: u, namespace: Bad_NS}}]\ncurrent-context: y\n")).toThrow(
      'invalid configuration: [context was not found for specified context: y, user "u" was not found for context "x", cluster "d" was not found for context "x", namespace "Bad_NS" for context "x" does not conform to the kubernetes DNS_LABEL rules]',
    );
    expect(check("users: [{name: u, user: {client-certificate: /c.crt, token: t}}]\nclusters: [{name: c, cluster: {certificate-authority: /ca.crt}}, {name: e, cluster: {}}]\n", ["/c.crt", "/ca.crt"])).toThrow(
      'invalid configuration: [client-key-data or client-key must be specified for u to use the clientCert authentication method., unable to read client-cert /c.crt for u due to open /c.crt: no such file or directory, no server found for cluster "c", unable to read certificate-authority /ca.crt for c due to open /ca.crt: no such file or directory, cluster has no server defined]',
    );
  });
});

describe("aggregateMessage (apimachinery's Aggregate)", () => {
  it("one as it is, several in brackets, each message once", () => {
    expect(aggregateMessage(["a"])).toBe("a");
    expect(aggregateMessage(["a", "b", "a"])).toBe("[a, b]");
    expect(aggregateMessage(["a", "a"])).toBe("a");
  });
});
