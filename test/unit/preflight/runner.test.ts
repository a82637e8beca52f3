import { describe, expect, it } from "vitest";
import { KubeadmError } from "../../../src/util/errors.js";
import {
  ignoreSet,
  initNodeChecks,
  joinNodeChecks,
  PreflightChecksFailed,
  runChecks,
  runInitPreflight,
  runRootCheckOnly,
  upgradeChecks,
  type Checker,
} from "../../../src/preflight/index.js";
import type { InitConfiguration, JoinConfiguration } from "../../../src/config/types.js";
import { ctxFor, fakeFacts, fakeRuntime, Sink } from "./fake-facts.js";

const fixed = (name: string, warnings: string[], errors: string[]): Checker => ({ name, check: async () => ({ warnings, errors }) });

async function runAll(checks: Checker[], ignore: string[]) {
  const out = new Sink();
  let err: unknown;
  try {
    await runChecks(checks, { ignore: ignoreSet(ignore), out, ctx: ctxFor(fakeFacts()) });
  } catch (e) {
    err = e;
  }
  return { out: out.text, err };
}

describe("runChecks", () => {
  const checks = [fixed("Swap", ["w1"], []), fixed("NumCPU", [], ["e1"]), fixed("Port-6443", [], ["e2", "e3"])];

  it("prints warnings at once and the fatal block at the end; exit status 1 as upstream v1.36", async () => {
    const { out, err } = await runAll(checks, []);
    expect(out).toBe(
      "\t[WARNING Swap]: w1\n" +
        "[preflight] Some fatal errors occurred:\n" +
        "\t[ERROR NumCPU]: e1\n\t[ERROR Port-6443]: e2\n\t[ERROR Port-6443]: e3\n" +
        "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n",
    );
    expect(err).toBeInstanceOf(PreflightChecksFailed);
    expect(err).toBeInstanceOf(KubeadmError);
    expect((err as KubeadmError).message).toBe("preflight checks failed");
    expect((err as KubeadmError).exitCode).toBe(1);
  });

  it("demotes ignored errors to warnings, matching names case-insensitively", async () => {
    const { out, err } = await runAll(checks, ["numcpu", "PORT-6443"]);
    expect(err).toBeUndefined();
    expect(out).toBe("\t[WARNING Swap]: w1\n\t[WARNING NumCPU]: e1\n\t[WARNING Port-6443]: e2\n\t[WARNING Port-6443]: e3\n");
  });

  it("'all' ignores every check", async () => {
    const { out, err } = await runAll(checks, ["all"]);
    expect(err).toBeUndefined();
    expect(out.match(/WARNING/g)).toHaveLength(4);
  });

  it("a throwing check counts as an error and later checks still run", async () => {
    const boom: Checker = { name: "Boom", check: async () => Promise.reject(new Error("kaput")) };
    const { out } = await runAll([boom, fixed("Later", ["still here"], [])], []);
    expect(out).toContain("\t[WARNING Later]: still here\n");
    expect(out).toContain("\t[ERROR Boom]: kaput\n");
  });
});

function initCfg(over: { serviceSubnet?: string; podSubnet?: string; advertiseAddress?: string; external?: boolean; kubernetesVersion?: string } = {}) {
  const etcd = over.external
    ? { external: { endpoints: ["https://e:2379"], httpEndpoints: [], caFile: "/e/ca.crt", certFile: "/e/c.crt", keyFile: "/e/c.key" } }
    : { local: { dataDir: "/var/lib/etcd" } };
  return {
    clusterConfiguration: {
      kubernetesVersion: over.kubernetesVersion ?? "v1.37.2",
      networking: { serviceSubnet: over.serviceSubnet ?? "10.96.0.0/12", podSubnet: over.podSubnet ?? "" },
      etcd,
    },
    localAPIEndpoint: { advertiseAddress: over.advertiseAddress ?? "10.0.0.5", bindPort: 6443 },
    nodeRegistration: { name: "node-1", criSocket: "unix:///run/containerd/containerd.sock", imagePullPolicy: "IfNotPresent", imagePullSerial: true },
  } as unknown as InitConfiguration;
}

describe("check lists (v1.36 order)", () => {
  it("init with local etcd", () => {
    expect(initNodeChecks(initCfg({ podSubnet: "10.244.0.0/16" })).map((c) => c.name)).toEqual([
      "NumCPU", "Mem", "KubernetesVersion", "Firewalld", "Port-6443", "Port-10259", "Port-10257",
      "FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml",
      "FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml",
      "FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml",
      "FileAvailable--etc-kubernetes-manifests-etcd.yaml",
      "HTTPProxy", "HTTPProxyCIDR", "HTTPProxyCIDR",
      "CRI", "ContainerRuntimeVersion", "Swap", "FileExisting-losetup", "FileExisting-mount", "FileExisting-cp",
      "SystemVerification", "Hostname", "KubeletVersion", "Service-kubelet", "Port-10250",
      "FileContent--proc-sys-net-ipv4-ip_forward",
      "Port-2379", "Port-2380", "DirAvailable--var-lib-etcd",
    ]);
  });
  it("conntrack only below 1.32; IPv6 and dual-stack forwarding checks", () => {
    expect(initNodeChecks(initCfg({ kubernetesVersion: "v1.31.4" })).map((c) => c.name)).toContain("FileExisting-conntrack");
    expect(initNodeChecks(initCfg()).map((c) => c.name)).not.toContain("FileExisting-conntrack");
    const v6 = initNodeChecks(initCfg({ serviceSubnet: "fd00::/108", advertiseAddress: "fd00::5" })).map((c) => c.name);
    expect(v6).toContain("FileContent--proc-sys-net-ipv6-conf-default-forwarding");
    expect(v6).not.toContain("FileContent--proc-sys-net-ipv4-ip_forward");
    const dual = initNodeChecks(initCfg({ serviceSubnet: "10.96.0.0/12,fd00::/108" })).map((c) => c.name);
    expect(dual.slice(-5, -3)).toEqual(["FileContent--proc-sys-net-ipv4-ip_forward", "FileContent--proc-sys-net-ipv6-conf-default-forwarding"]);
  });
  it("init with external etcd; a control-plane join with downloaded certs skips common checks and cert files", () => {
    const names = initNodeChecks(initCfg({ external: true })).map((c) => c.name);
    expect(names.slice(-4)).toEqual(["ExternalEtcdVersion", "ExternalEtcdClientCertificates", "ExternalEtcdClientCertificates", "ExternalEtcdClientCertificates"]);
    const cp = initNodeChecks(initCfg({ external: true }), { isSecondaryControlPlane: true, downloadCerts: true }).map((c) => c.name);
    expect(cp).not.toContain("CRI");
    expect(cp).not.toContain("ExternalEtcdVersion");
    expect(cp).not.toContain("ExternalEtcdClientCertificates");
  });
  it("join (worker, token discovery)", () => {
    const cfg = {
      nodeRegistration: { name: "w1", criSocket: "unix:///run/containerd/containerd.sock" },
      caCertPath: "/etc/kubernetes/pki/ca.crt",
      discovery: { bootstrapToken: { apiServerEndpoint: "10.0.0.5:6443" } },
    } as unknown as JoinConfiguration;
    expect(joinNodeChecks(cfg).map((c) => c.name)).toEqual([
      "FileAvailable--etc-kubernetes-kubelet.conf", "FileAvailable--etc-kubernetes-bootstrap-kubelet.conf",
      "CRI", "ContainerRuntimeVersion", "Swap", "FileExisting-losetup", "FileExisting-mount", "FileExisting-cp",
      "SystemVerification", "Hostname", "KubeletVersion", "Service-kubelet", "Port-10250",
      "FileAvailable--etc-kubernetes-pki-ca.crt", "HTTPProxy", "FileContent--proc-sys-net-ipv4-ip_forward",
    ]);
  });
  it("v1.37: each port is checked on its component's address (bind-address extra args; etcd on the advertise address)", async () => {
    const portChecks = (cfg: InitConfiguration) => initNodeChecks(cfg).filter((c) => c.name.startsWith("Port-") && c.name !== "Port-10250");
    const calls = async (cfg: InitConfiguration, inUse: Array<number | string> = []) => {
      const facts = fakeFacts({ portsInUse: inUse });
      const errors: string[] = [];
      for (const c of portChecks(cfg)) errors.push(...(await c.check(ctxFor(facts))).errors);
      return { calls: facts.portCalls, errors };
    };
    expect((await calls(initCfg())).calls).toEqual([":6443", ":10259", ":10257", "10.0.0.5:2379", "10.0.0.5:2380"]);
    const cfg = initCfg();
    const cc = cfg.clusterConfiguration as unknown as Record<string, unknown>;
    cc.apiServer = { extraArgs: [{ name: "bind-address", value: "127.0.0.1" }, { name: "advertise-address", value: "10.0.0.9" }] };
    cc.scheduler = { extraArgs: [{ name: "bind-address", value: "0.0.0.0" }, { name: "bind-address", value: "::1" }] };
    cc.controllerManager = { extraArgs: [{ name: "bind-address", value: "10.0.0.7" }] };
    const r = await calls(cfg, ["10.0.0.9:2380", 10257, ":6443"]);
    expect(r.calls).toEqual(["127.0.0.1:6443", "[::1]:10259", "10.0.0.7:10257", "10.0.0.9:2379", "10.0.0.9:2380"]);
    // in use on one address only: a check on another address passes
    expect(r.errors).toEqual(["Port 10257 is in use", "Port 2380 is in use"]);
  });
  it("upgrade", () => {
    expect(upgradeChecks(initCfg()).map((c) => c.name)).toEqual(["SystemVerification", "ContainerRuntimeVersion"]);
  });
});

describe("runRootCheckOnly and runInitPreflight", () => {
  it("a non-root user fails fast", async () => {
    const stderr = new Sink();
    await expect(runRootCheckOnly({ ignore: new Set(), facts: fakeFacts({ euid: 1000 }), stderr, stdout: new Sink() })).rejects.toThrow(
      "preflight checks failed",
    );
    expect(stderr.text).toContain("\t[ERROR IsPrivilegedUser]: user is not running as root\n");
  });

  it("dry-run prints the 'Would pull' line and pulls nothing", async () => {
    const stdout = new Sink();
    const stderr = new Sink();
    const st = { images: new Set<string>(), pulls: [] as string[], existsCalls: [] as string[], closed: 0 };
    const facts = fakeFacts({ runtime: fakeRuntime(st) });
    await runInitPreflight(initCfg(), { ignore: ignoreSet(["all"]), dryRun: true, facts, stdout, stderr, images: ["a"], pauseImage: "p" });
    expect(stdout.text).toBe("[preflight] Running pre-flight checks\n[preflight] Would pull the required images (like 'kubeadm config images pull')\n");
    expect(st.pulls).toEqual([]);
    expect(stderr.text).toContain("\t[WARNING KubeletVersion]: couldn't get kubelet version: cannot execute 'kubelet --version': executable file not found in $PATH\n");
  });

  it("outside dry-run prints the three pull lines and pulls", async () => {
    const stdout = new Sink();
    const st = { images: new Set<string>(), pulls: [] as string[], existsCalls: [] as string[], closed: 0 };
    const facts = fakeFacts({ runtime: fakeRuntime(st) });
    await runInitPreflight(initCfg(), { ignore: ignoreSet(["all"]), dryRun: false, facts, stdout, stderr: new Sink(), images: ["img-a"], pauseImage: "registry.k8s.io/pause:3.10.2" });
    expect(stdout.text).toBe(
      "[preflight] Running pre-flight checks\n" +
        "[preflight] Pulling images required for setting up a Kubernetes cluster\n" +
        "[preflight] This might take a minute or two, depending on the speed of your internet connection\n" +
        "[preflight] You can also perform this action beforehand using 'kubeadm config images pull'\n",
    );
    expect(st.pulls).toEqual(["img-a"]);
  });

  it("stops after a fatal node check without pulling", async () => {
    const st = { images: new Set<string>(), pulls: [] as string[], existsCalls: [] as string[], closed: 0 };
    const facts = fakeFacts({ runtime: fakeRuntime(st), cpus: 1 });
    const p = runInitPreflight(initCfg(), { ignore: ignoreSet(["KubeletVersion", "SystemVerification", "FileContent--proc-sys-net-ipv4-ip_forward", "FileExisting-losetup", "FileExisting-mount", "FileExisting-cp"]), dryRun: false, facts, stdout: new Sink(), stderr: new Sink(), images: ["img-a"], pauseImage: "p" });
    await expect(p).rejects.toMatchObject({ exitCode: 1, errorLines: ["\t[ERROR NumCPU]: the number of available CPUs 1 is less than the required 2\n"] });
    expect(st.pulls).toEqual([]);
  });
});
