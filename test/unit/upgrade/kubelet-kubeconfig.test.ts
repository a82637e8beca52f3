import { describe, expect, it } from "vitest";
import { kubeletServerChange, updateKubeletKubeconfigServer } from "../../../src/upgrade/kubelet-kubeconfig.js";
import type { InitConfiguration } from "../../../src/config/types.js";

const cfg = (controlPlaneEndpoint: string) =>
  ({ clusterConfiguration: { controlPlaneEndpoint }, localAPIEndpoint: { advertiseAddress: "10.0.0.2", bindPort: 6443 } }) as unknown as InitConfiguration;
const kc = (server: string) => ({
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name: "kubernetes", cluster: { server, "certificate-authority-data": "Q0E=" } }],
  contexts: [{ name: "system:node:cp2@kubernetes", context: { cluster: "kubernetes", user: "system:node:cp2" } }],
  "current-context": "system:node:cp2@kubernetes",
  users: [{ name: "system:node:cp2", user: {} }],
});

describe("UpdateKubeletKubeconfigServer", () => {
  it("points a kubelet at its local API server when it uses the control-plane endpoint", () => {
    const r = kubeletServerChange(kc("https://lb.example:6443"), "/etc/kubernetes/kubelet.conf", cfg("lb.example:6443"));
    expect("change" in r && r.change).toEqual({ from: "https://lb.example:6443", to: "https://10.0.0.2:6443" });
  });

  it("leaves it when it already points elsewhere, or when the endpoint is the local one", () => {
    expect("skip" in kubeletServerChange(kc("https://10.0.0.2:6443"), "f", cfg("lb.example:6443"))).toBe(true);
    expect("skip" in kubeletServerChange(kc("https://10.0.0.2:6443"), "f", cfg(""))).toBe(true);
  });

  it("fails as upstream without the current context", () => {
    expect(() => kubeletServerChange({ ...kc("x"), "current-context": "nope" }, "/k.conf", cfg(""))).toThrow('cannot find cluster for active context in kubeconfig "/k.conf"');
  });

  it("does nothing without kubelet.conf", async () => {
    const calls: string[] = [];
    await updateKubeletKubeconfigServer(cfg("lb.example:6443"), "/nonexistent/kubelet.conf", { changeKubeletServer: async (f) => void calls.push(f) }, () => undefined);
    expect(calls).toEqual([]);
  });
});
