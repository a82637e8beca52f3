import { describe, expect, it } from "vitest";
import { defaultKubeconfigPath, parseKubeconfig, resolveAgainstKubeconfigDir, resolveKubeconfig } from "../../../src/kubeconfig/read.js";
import { restConfigFromKubeconfig } from "../../../src/client/rest-config.js";

const text = `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://10.0.0.5:6443
    certificate-authority: pki/ca.crt
- name: other
  cluster:
    server: https://other:6443
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    client-certificate-data: ${Buffer.from("CERT").toString("base64")}
    client-key-data: ${Buffer.from("KEY").toString("base64")}
- name: bot
  user:
    tokenFile: /var/run/token
contexts:
- name: admin@kubernetes
  context:
    cluster: kubernetes
    user: admin
- name: bot@other
  context:
    cluster: other
    user: bot
    namespace: kube-system
current-context: admin@kubernetes
`;

describe("parseKubeconfig / resolveKubeconfig", () => {
  it("reads clusters, users and contexts; file paths stay as written (clientcmd.LoadFromFile resolves nothing)", () => {
    const kc = parseKubeconfig(text, "/etc/kubernetes/admin.conf");
    const r = resolveKubeconfig(kc);
    expect(r.contextName).toBe("admin@kubernetes");
    expect(r.cluster.server).toBe("https://10.0.0.5:6443");
    expect(r.cluster.certificateAuthority).toBe("pki/ca.crt");
    expect(r.user.clientCertificateData?.toString()).toBe("CERT");
    expect(r.user.clientKeyData?.toString()).toBe("KEY");
    const bot = resolveKubeconfig(kc, "bot@other");
    expect(bot).toMatchObject({ namespace: "kube-system", cluster: { insecureSkipTLSVerify: true }, user: { tokenFile: "/var/run/token" } });
  });

  it("names what is missing", () => {
    const kc = parseKubeconfig(text, "/x/admin.conf");
    expect(() => resolveKubeconfig(kc, "nope")).toThrow("invalid configuration: context was not found for specified context: nope");
    expect(() => resolveKubeconfig(parseKubeconfig("", ""))).toThrow("invalid configuration: no configuration has been provided");
  });

  it("restConfigFromKubeconfig opens a relative file from the current directory, not the kubeconfig's, and words the failure as ToClientSet", async () => {
    const kc = parseKubeconfig(text.replace("pki/ca.crt", "no-such-dir-kcfg/ca.crt"), "/nonexistent-dir/admin.conf");
    await expect(restConfigFromKubeconfig(kc)).rejects.toThrow(
      "failed to create API client configuration from kubeconfig: invalid configuration: unable to read certificate-authority no-such-dir-kcfg/ca.crt for kubernetes due to open no-such-dir-kcfg/ca.crt: no such file or directory",
    );
  });

  it("resolveAgainstKubeconfigDir: FlattenConfig's resolution (cluster-info), absolute paths untouched", () => {
    expect(resolveAgainstKubeconfigDir("pki/ca.crt", "/etc/kubernetes/admin.conf")).toBe("/etc/kubernetes/pki/ca.crt");
    expect(resolveAgainstKubeconfigDir("/abs/ca.crt", "/etc/kubernetes/admin.conf")).toBe("/abs/ca.crt");
    expect(resolveAgainstKubeconfigDir("ca.crt", "sub/kc.conf")).toBe(`${process.cwd()}/sub/ca.crt`);
  });
});

describe("defaultKubeconfigPath", () => {
  const exists = (files: string[]) => (f: string) => files.includes(f);
  it("uses an explicit path verbatim", () => {
    expect(defaultKubeconfigPath("my.conf", {}, exists([]))).toBe("my.conf");
  });
  it("without $KUBECONFIG: $HOME/.kube/config, then admin.conf; first candidate if none exists", () => {
    const env = { HOME: "/root" };
    expect(defaultKubeconfigPath("", env, exists(["/root/.kube/config", "/etc/kubernetes/admin.conf"]))).toBe("/root/.kube/config");
    expect(defaultKubeconfigPath("", env, exists(["/etc/kubernetes/admin.conf"]))).toBe("/etc/kubernetes/admin.conf");
    expect(defaultKubeconfigPath("", env, exists([]))).toBe("/root/.kube/config");
  });
  it("with $KUBECONFIG: its entries (not the home file), then admin.conf", () => {
    const env = { HOME: "/root", KUBECONFIG: "/a:/b:/a" };
    expect(defaultKubeconfigPath(undefined, env, exists(["/b", "/root/.kube/config"]))).toBe("/b");
    expect(defaultKubeconfigPath(undefined, env, exists(["/root/.kube/config"]))).toBe("/a");
    expect(defaultKubeconfigPath(undefined, env, exists(["/root/.kube/config", "/etc/kubernetes/admin.conf"]))).toBe("/etc/kubernetes/admin.conf");
  });
});
