// The in-cluster kubeconfig kube-proxy reads from its ConfigMap (kubeconfig.conf): the service
// account's CA and token, the given API server.

/** The kubeconfig.conf value (no trailing newline: it sits in a "|-" block). */
export function kubeProxyKubeconfig(server: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- cluster:",
    "    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    `    server: ${server}`,
    "  name: default",
    "contexts:",
    "- context:",
    "    cluster: default",
    "    namespace: default",
    "    user: default",
    "  name: default",
    "current-context: default",
    "users:",
    "- name: default",
    "  user:",
    "    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token",
  ].join("\n");
}
