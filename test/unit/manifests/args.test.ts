// Command lines from kubeadm's defaults and the user's extraArgs (upstream v1.37's
// ArgumentsToCommand and MergeArgWithBase), including the experimental kubeadm.k8s.io/v1
// mergeMethod, and the API server's authorization mode and etcd servers built from them.
import { describe, expect, it } from "vitest";
import { arg, buildArgumentList, mergeArgWithBase } from "../../../src/manifests/args.js";
import { apiServerCommand, defaultAuthorizationMode } from "../../../src/manifests/control-plane.js";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { staticSystemFacts } from "../../../src/host/system-facts.js";
import type { Arg } from "../../../src/config/types.js";

const m = (name: string, value: string, mergeMethod?: string): Arg => (mergeMethod ? { name, value, mergeMethod } : { name, value });

describe("buildArgumentList", () => {
  const base = [arg("b", "2"), arg("a", "1"), arg("c", "3")];
  it("without merge methods: sorted defaults, each overridden one dropped, overrides appended in order (duplicates kept)", () => {
    expect(buildArgumentList(base, [m("c", "x"), m("z", "9"), m("c", "y")])).toEqual(["--a=1", "--b=2", "--c=x", "--z=9", "--c=y"]);
  });
  it("append / prepend merge into the default of that name, in its sorted place; no default: dropped", () => {
    expect(buildArgumentList(base, [m("b", ",x", "append"), m("a", "y,", "prepend"), m("q", "lost", "append")])).toEqual(["--a=y,1", "--b=2,x", "--c=3"]);
  });
  it("the last override of a name decides: a merge after a replace keeps (and merges) the default, the replace is still appended", () => {
    expect(buildArgumentList(base, [m("b", "r"), m("b", "+m", "append")])).toEqual(["--a=1", "--b=2+m", "--c=3", "--b=r"]);
    expect(buildArgumentList(base, [m("b", "+m", "append"), m("b", "r")])).toEqual(["--a=1", "--c=3", "--b=r"]);
  });
  it("mergeArgWithBase", () => {
    expect(mergeArgWithBase("x", m("n", "y", "append"))).toBe("xy");
    expect(mergeArgWithBase("x", m("n", "y", "prepend"))).toBe("yx");
    expect(mergeArgWithBase("x", m("n", "y"))).toBe("y");
  });
});

describe("authorization mode (getAuthzModes)", () => {
  const warnings: string[] = [];
  const warn = (msg: string, site: string) => warnings.push(`${site} ${msg}`);
  it("empty items are skipped silently (v1.37); unknown ones are warned about", () => {
    warnings.length = 0;
    expect(defaultAuthorizationMode([m("authorization-mode", "Node,RBAC,")], warn)).toBe("Node,RBAC");
    expect(warnings).toEqual([]);
    expect(defaultAuthorizationMode([m("authorization-mode", "Node,,Bogus,Webhook")], warn)).toBe("Node,Webhook");
    expect(warnings).toEqual([
      'manifests.go:296 ignoring unknown kube-apiserver authorization-mode "Bogus"',
      'manifests.go:307 the default kube-apiserver authorization-mode is "Node,RBAC"; using "Node,Webhook"',
    ]);
  });
  it("with a merge method the default stays (the argument is merged onto it later); authorization-config: none", () => {
    warnings.length = 0;
    expect(defaultAuthorizationMode([m("authorization-mode", ",Webhook", "append")], warn)).toBe("Node,RBAC");
    expect(warnings).toEqual([]);
    expect(defaultAuthorizationMode([m("authorization-config", "/x"), m("authorization-mode", "Webhook")], warn)).toBeUndefined();
  });
});

describe("kube-apiserver command with kubeadm.k8s.io/v1 merge methods", () => {
  const load = (cluster: string) =>
    loadInitConfiguration({
      configText: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: 192.0.2.10\n---\n${cluster}`,
      facts: staticSystemFacts(),
      skipCRIDetect: true,
    });
  it("authorization-mode appended to Node,RBAC; etcd advertise-client-urls merged into --etcd-servers with upstream's warning", async () => {
    // v1 is refused by init: the internal configuration is what a v1 document converts to
    const cfg = await load("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.2\n");
    cfg.clusterConfiguration.apiServer.extraArgs = [m("authorization-mode", ",Webhook", "append")];
    cfg.clusterConfiguration.etcd.local!.extraArgs = [m("advertise-client-urls", ",https://192.0.2.10:2379", "append")];
    const warnings: string[] = [];
    const cmd = apiServerCommand({
      cluster: cfg.clusterConfiguration,
      localAPIEndpoint: cfg.localAPIEndpoint,
      controlPlaneComponentHealthCheckMs: 240_000,
      existingCADirs: [],
      proxyEnv: [],
      warn: (msg, site) => warnings.push(`${site} ${msg}`),
    });
    expect(cmd).toContain("--authorization-mode=Node,RBAC,Webhook");
    expect(cmd).toContain("--etcd-servers=https://127.0.0.1:2379,https://192.0.2.10:2379");
    expect(cmd.filter((a) => a.startsWith("--authorization-mode"))).toHaveLength(1);
    expect(warnings).toEqual([
      'manifests.go:248 the local etcd --advertise-client-urls flag has a merge method "append" and value ",https://192.0.2.10:2379"; merging it with --etcd-servers "https://127.0.0.1:2379"',
    ]);
  });
});
