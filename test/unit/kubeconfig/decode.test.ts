// clientcmd.Load's decoding checks (src/kubeconfig/decode.ts) by value; the live comparison with
// upstream is test/integration/kubeconfig/bad-kubeconfig.test.ts.
import { describe, expect, it } from "vitest";
import { goBase64Error, kubeconfigDecodeError } from "../../../src/kubeconfig/decode.js";
import { parseKubeconfig } from "../../../src/kubeconfig/read.js";

const reason = (yaml: string): string | undefined => {
  try {
    parseKubeconfig(yaml, "kc.conf");
    return undefined;
  } catch (err) {
    return (err as { reason?: string }).reason;
  }
};

describe("goBase64Error (encoding/base64 StdEncoding)", () => {
  it("accepts what Go decodes, newlines included", () => {
    for (const ok of ["", "QUJD", "QUJDRA==", "QUJDRUY=", "QUJD\nRA==\n", "QU\r\nJD"]) expect(goBase64Error(ok), ok).toBeNull();
  });
  it("names the byte Go names", () => {
    expect(goBase64Error("QQ=x")).toBe("illegal base64 data at input byte 2");
    expect(goBase64Error("QUJ!RA==")).toBe("illegal base64 data at input byte 3");
    expect(goBase64Error("QUJDRA==x")).toBe("illegal base64 data at input byte 8");
    expect(goBase64Error("QUJDRA")).toBe("illegal base64 data at input byte 4");
    expect(goBase64Error("QUJDR")).toBe("illegal base64 data at input byte 4");
    expect(goBase64Error("QUJDRA=")).toBe("illegal base64 data at input byte 7");
    expect(goBase64Error("=")).toBe("illegal base64 data at input byte 0");
    expect(goBase64Error("QUJDé")).toBe("illegal base64 data at input byte 4");
  });
});

describe("kubeconfigDecodeError", () => {
  it("the type meta first, then the scheme's kinds", () => {
    expect(kubeconfigDecodeError(["a"])).toBe(
      'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    );
    expect(kubeconfigDecodeError({ apiVersion: 1, clusters: 5 })).toBe("couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string");
    expect(kubeconfigDecodeError({ apiVersion: "v1", kind: "Pod", clusters: 5 })).toBe('no kind "Pod" is registered for version "v1" in scheme "pkg/runtime/scheme.go:111"');
    expect(kubeconfigDecodeError({ apiVersion: "v2" })).toBe('no kind "Config" is registered for version "v2" in scheme "pkg/runtime/scheme.go:111"');
    expect(kubeconfigDecodeError({})).toBeNull();
  });
  it("the first misfit in sorted key order, with Go's struct and path", () => {
    expect(reason("clusters: 5\n")).toBe("json: cannot unmarshal number into Go struct field Config.clusters of type []v1.NamedCluster");
    expect(reason("clusters: [{name: c, cluster: {server: 5}}]\n")).toBe("json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.server of type string");
    expect(reason("users: [{name: u, user: {username: 6, token: 5}}]\n")).toBe("json: cannot unmarshal number into Go struct field AuthInfo.users.user.token of type string");
    expect(reason("users: [{name: u, user: {exec: {interactiveMode: 5}}}]\n")).toBe(
      "json: cannot unmarshal number into Go struct field ExecConfig.users.user.exec.interactiveMode of type v1.ExecInteractiveMode",
    );
    expect(reason("users: [{name: u, user: {client-key-data: QQ=x}}]\n")).toBe("illegal base64 data at input byte 2");
    // YAML 1.1, as go-yaml v2: "n" is a boolean, "yes" too
    expect(reason("clusters: [{name: n, cluster: {}}]\n")).toBe("json: cannot unmarshal bool into Go struct field NamedCluster.clusters.name of type string");
    expect(reason("clusters: [{name: c, cluster: {server: 'https://x', insecure-skip-tls-verify: yes}}]\n")).toBeUndefined();
    // unknown fields are ignored
    expect(reason("clusters: [{name: c, cluster: {server: 'https://x', colour: 5}}]\nwhatever: [1]\n")).toBeUndefined();
  });
  it("a name used twice: clusters and contexts printed as Go's %v, users not (they hold credentials)", () => {
    expect(reason("clusters: [{name: c, cluster: {server: 'https://x', certificate-authority-data: QUJD}}, {name: c, cluster: {}}]\n")).toBe(
      'error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name "c" in list: [{c {https://x  false  [65 66 67]  false []}} {c {  false  []  false []}}]',
    );
    expect(reason("contexts: [{name: x, context: {cluster: c, user: u}}, {name: x, context: {namespace: ns}}]\n")).toBe(
      'error converting *[]NamedContext into *map[string]*api.Context: duplicate name "x" in list: [{x {c u  []}} {x {  ns []}}]',
    );
    expect(reason("users: [{name: u, user: {token: secret}}, {name: u, user: {}}]\n")).toBe(
      'error converting *[]NamedAuthInfo into *map[string]*api.AuthInfo: duplicate name "u" in list (kubeadm-ts does not print the users: they hold credentials)',
    );
  });
});
