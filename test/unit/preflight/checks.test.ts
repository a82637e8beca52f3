import { describe, expect, it } from "vitest";
import {
  containerRuntimeCheck,
  containerRuntimeVersionCheck,
  dirAvailableCheck,
  externalEtcdVersionCheck,
  fileAvailableCheck,
  fileContentCheck,
  fileExistingCheck,
  firewalldCheck,
  hostnameCheck,
  httpProxyCheck,
  httpProxyCIDRCheck,
  imagePullCheck,
  inPathCheck,
  isPrivilegedUserCheck,
  kubeletVersionCheck,
  kubernetesVersionCheck,
  memCheck,
  numCPUCheck,
  portOpenCheck,
  RUNTIME_CONFIG_WARNING,
  serviceCheck,
  swapCheck,
  type Checker,
} from "../../../src/preflight/index.js";
import { ctxFor, fakeFacts, fakeInitSystem, fakeRuntime, type FakeOptions, type FakeRuntimeState } from "./fake-facts.js";
import { MINIMUM_KUBELET_VERSION } from "../../../src/constants.js";

async function run(c: Checker, o: FakeOptions = {}) {
  const ctx = ctxFor(fakeFacts(o));
  const r = await c.check(ctx);
  return { ...r, ctx };
}

const kubelet = (v: string) => (cmd: string) =>
  cmd === "kubelet" ? { stdout: `Kubernetes ${v}\n`, stderr: "", code: 0 } : { stdout: "", stderr: "", code: null, error: "executable file not found in $PATH" };

describe("IsPrivilegedUser, NumCPU, Mem", () => {
  it("root passes, others fail", async () => {
    expect((await run(isPrivilegedUserCheck(), { euid: 0 })).errors).toEqual([]);
    expect((await run(isPrivilegedUserCheck(), { euid: 1000 })).errors).toEqual(["user is not running as root"]);
  });
  it("NumCPU", async () => {
    expect(numCPUCheck(2).name).toBe("NumCPU");
    expect((await run(numCPUCheck(2), { cpus: 2 })).errors).toEqual([]);
    expect((await run(numCPUCheck(2), { cpus: 1 })).errors).toEqual(["the number of available CPUs 1 is less than the required 2"]);
  });
  it("Mem", async () => {
    expect((await run(memCheck(1700), { memMB: 1700 })).errors).toEqual([]);
    expect((await run(memCheck(1700), { memMB: 1024 })).errors).toEqual(["the system RAM (1024 MB) is less than the minimum 1700 MB"]);
  });
});

describe("files", () => {
  it("FileAvailable names and messages", async () => {
    const c = fileAvailableCheck("/etc/kubernetes/manifests/kube-apiserver.yaml");
    expect(c.name).toBe("FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml");
    expect((await run(c)).errors).toEqual([]);
    expect((await run(c, { files: { "/etc/kubernetes/manifests/kube-apiserver.yaml": "x" } })).errors).toEqual([
      "/etc/kubernetes/manifests/kube-apiserver.yaml already exists",
    ]);
  });
  it("FileExisting with a label", async () => {
    const c = fileExistingCheck("/pki/ca.crt", "ExternalEtcdClientCertificates");
    expect(c.name).toBe("ExternalEtcdClientCertificates");
    expect((await run(c)).errors).toEqual(["/pki/ca.crt doesn't exist"]);
    expect((await run(c, { files: { "/pki/ca.crt": "" } })).errors).toEqual([]);
  });
  it("FileContent compares only the expected prefix", async () => {
    const p = "/proc/sys/net/ipv4/ip_forward";
    const c = fileContentCheck(p, "1");
    expect(c.name).toBe("FileContent--proc-sys-net-ipv4-ip_forward");
    expect((await run(c, { files: { [p]: "1\n" } })).errors).toEqual([]);
    expect((await run(c, { files: { [p]: "0\n" } })).errors).toEqual([`${p} contents are not set to 1`]);
    expect((await run(c)).errors).toEqual([`${p} does not exist`]);
  });
  it("DirAvailable: missing or empty passes, entries fail", async () => {
    const c = dirAvailableCheck("/var/lib/etcd");
    expect(c.name).toBe("DirAvailable--var-lib-etcd");
    expect((await run(c)).errors).toEqual([]);
    expect((await run(c, { dirs: { "/var/lib/etcd": [] } })).errors).toEqual([]);
    expect((await run(c, { dirs: { "/var/lib/etcd": ["member"] } })).errors).toEqual(["/var/lib/etcd is not empty"]);
    expect((await run(c, { files: { "/var/lib/etcd": "x" } })).errors).toEqual(["/var/lib/etcd is not empty"]);
  });
});

describe("ports, swap, executables", () => {
  it("Port-<n>", async () => {
    expect(portOpenCheck(6443).name).toBe("Port-6443");
    expect((await run(portOpenCheck(6443), { portsInUse: [6443] })).errors).toEqual(["Port 6443 is in use"]);
    expect((await run(portOpenCheck(6443), { portsInUse: [10250] })).errors).toEqual([]);
  });
  it("Swap warns only when /proc/swaps has entries", async () => {
    const header = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
    expect((await run(swapCheck(), { files: { "/proc/swaps": header } })).warnings).toEqual([]);
    expect((await run(swapCheck())).warnings).toEqual([]);
    const r = await run(swapCheck(), { files: { "/proc/swaps": header + "/swapfile file 1024 0 -2\n" } });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      "swap is supported for cgroup v2 only. The kubelet must be properly configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node",
    ]);
  });
  it("FileExisting-<exe>: mandatory → error, optional → warning with suggestion", async () => {
    expect(inPathCheck("losetup", true).name).toBe("FileExisting-losetup");
    expect((await run(inPathCheck("losetup", true))).errors).toEqual(["losetup not found in system path"]);
    expect((await run(inPathCheck("losetup", true), { executables: ["losetup"] })).errors).toEqual([]);
    const w = await run(inPathCheck("ethtool", false, { suggestion: "install it" }));
    expect(w.errors).toEqual([]);
    expect(w.warnings).toEqual(["ethtool not found in system path\nSuggestion: install it"]);
  });
});

describe("KubernetesVersion", () => {
  it("warns for a newer minor, pre-releases included", async () => {
    expect((await run(kubernetesVersionCheck("v1.36.9", "v1.36.3"))).warnings).toEqual([]);
    expect((await run(kubernetesVersionCheck("v1.37.0-alpha.0", "v1.36.3"))).warnings).toEqual([
      "Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: 1.37.0-alpha.0. Kubeadm version: 1.36.x",
    ]);
  });
  it("skips custom builds and reports unparsable versions as errors", async () => {
    expect((await run(kubernetesVersionCheck("v9.9.9", "v0.0.0-master"))).warnings).toEqual([]);
    const r = await run(kubernetesVersionCheck("foo", "v1.36.3"));
    expect(r.errors[0]).toMatch(/^couldn't parse Kubernetes version "foo": /);
    expect((await run(kubernetesVersionCheck("v1.36.0", "bar"))).errors[0]).toMatch(/^couldn't parse kubeadm version "bar": /);
  });
});

describe("KubeletVersion", () => {
  it("accepts a supported kubelet", async () => {
    expect((await run(kubeletVersionCheck("v1.36.3"), { exec: kubelet("v1.36.3") })).errors).toEqual([]);
    // the oldest kubelet kubeadm supports: N-3 (MINIMUM_KUBELET_VERSION)
    expect((await run(kubeletVersionCheck(""), { exec: kubelet(MINIMUM_KUBELET_VERSION) })).errors).toEqual([]);
  });
  it("rejects an old kubelet and one newer than the control plane", async () => {
    expect((await run(kubeletVersionCheck("v1.36.3"), { exec: kubelet("v1.33.9") })).errors).toEqual([
      'Kubelet version "1.33.9" is lower than kubeadm can support. Please upgrade kubelet',
    ]);
    expect((await run(kubeletVersionCheck("v1.35.0"), { exec: kubelet("v1.36.3") })).errors).toEqual([
      'the kubelet version is higher than the control plane version. This is not a supported version skew and may lead to a malfunctional cluster. Kubelet version: "1.36.3" Control plane version: "1.35.0"',
    ]);
  });
  it("reports a missing or odd kubelet", async () => {
    expect((await run(kubeletVersionCheck("v1.36.3"))).errors).toEqual([
      "couldn't get kubelet version: cannot execute 'kubelet --version': executable file not found in $PATH",
    ]);
    const odd = await run(kubeletVersionCheck("v1.36.3"), { exec: () => ({ stdout: "garbage\n", stderr: "", code: 0 }) });
    expect(odd.errors).toEqual(['couldn\'t get kubelet version: Unable to parse output from Kubelet: "garbage"']);
  });
});

describe("Service-kubelet and Firewalld", () => {
  it("names the check after the service as given", () => {
    expect(serviceCheck("kubelet").name).toBe("Service-kubelet");
  });
  it("warns when the init system is missing, the service is missing or not enabled", async () => {
    expect((await run(serviceCheck("kubelet"))).warnings).toEqual(["no supported init system detected, skipping checking for services"]);
    expect((await run(serviceCheck("kubelet"), { initSystem: fakeInitSystem({}) })).warnings).toEqual(["kubelet service does not exist"]);
    expect((await run(serviceCheck("kubelet"), { initSystem: fakeInitSystem({ exists: ["kubelet"] }) })).warnings).toEqual([
      "kubelet service is not enabled, please run 'systemctl enable kubelet.service'",
    ]);
    expect((await run(serviceCheck("kubelet"), { initSystem: fakeInitSystem({ exists: ["kubelet"], enabled: ["kubelet"] }) })).warnings).toEqual([]);
  });
  it("errors for an inactive service only when asked", async () => {
    const init = fakeInitSystem({ exists: ["kubelet"], enabled: ["kubelet"] });
    expect((await run(serviceCheck("kubelet", { checkIfActive: true }), { initSystem: init })).errors).toEqual([
      "kubelet service is not active, please run 'systemctl start kubelet.service'",
    ]);
  });
  it("Firewalld warns only when active", async () => {
    const c = firewalldCheck([6443, 10250]);
    expect((await run(c, { initSystem: fakeInitSystem({ exists: ["firewalld"] }) })).warnings).toEqual([]);
    expect((await run(c, { initSystem: fakeInitSystem({ exists: ["firewalld"], active: ["firewalld"] }) })).warnings).toEqual([
      "firewalld is active, please ensure ports [6443 10250] are open or your cluster may not function correctly",
    ]);
  });
});

describe("Hostname", () => {
  it("passes for a valid resolvable name", async () => {
    expect((await run(hostnameCheck("node-1"), { hosts: { "node-1": ["10.0.0.1"] } })).warnings).toEqual([]);
  });
  it("warns for an unresolvable name, with the lookup error", async () => {
    expect((await run(hostnameCheck("node-1"))).warnings).toEqual([
      'hostname "node-1" could not be reached',
      'hostname "node-1": lookup node-1 on 10.0.0.2:53: no such host',
    ]);
  });
  it("warns for an invalid name format", async () => {
    const r = await run(hostnameCheck("bad_name_"), { hosts: { bad_name_: ["10.0.0.1"] } });
    expect(r.warnings).toEqual([
      `invalid node name format "bad_name_": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]);
  });
});

describe("HTTPProxy and HTTPProxyCIDR", () => {
  it("warns when the advertise address would be proxied", async () => {
    const env = { HTTPS_PROXY: "proxy.example:3128" };
    expect((await run(httpProxyCheck("https", "10.0.0.5"), { env })).warnings).toEqual([
      'Connection to "https://10.0.0.5" uses proxy "http://proxy.example:3128". If that is not intended, adjust your proxy settings',
    ]);
    expect((await run(httpProxyCheck("https", "fd00::5"), { env })).warnings).toEqual([
      'Connection to "https://[fd00::5]:1234" uses proxy "http://proxy.example:3128". If that is not intended, adjust your proxy settings',
    ]);
    expect((await run(httpProxyCheck("https", "10.0.0.5"), { env: { ...env, NO_PROXY: "10.0.0.0/8" } })).warnings).toEqual([]);
    expect((await run(httpProxyCheck("https", "10.0.0.5"))).warnings).toEqual([]);
  });
  it("checks the first IP of each CIDR; a bad CIDR is an error", async () => {
    const env = { https_proxy: "http://p:1" };
    expect((await run(httpProxyCIDRCheck("https", "10.96.0.0/12"), { env })).warnings).toEqual([
      'connection to "10.96.0.0/12" uses proxy "http://p:1". This may lead to malfunctional cluster setup. Make sure that Pod and Services IP ranges specified correctly as exceptions in proxy configuration',
    ]);
    expect((await run(httpProxyCIDRCheck("https", "10.96.0.0/12"), { env: { ...env, no_proxy: "10.96.0.1" } })).warnings).toEqual([]);
    expect((await run(httpProxyCIDRCheck("https", ""), { env })).warnings).toEqual([]);
    expect((await run(httpProxyCIDRCheck("https", "10.96.0.0/99"), { env })).errors).toEqual([
      'error parsing CIDR "10.96.0.0/99": invalid CIDR address: 10.96.0.0/99',
    ]);
  });
});

function rtState(over: Partial<FakeRuntimeState> = {}): FakeRuntimeState {
  return { images: new Set(), pulls: [], existsCalls: [], closed: 0, ...over };
}

describe("CRI and ContainerRuntimeVersion", () => {
  it("CRI: connection failure, not running, running", async () => {
    const failing = rtState({ connectError: "failed to create new CRI runtime service: boom" });
    expect((await run(containerRuntimeCheck("unix:///x.sock"), { runtime: fakeRuntime(failing) })).errors).toEqual([
      "could not connect to the container runtime: failed to create new CRI runtime service: boom",
    ]);
    const down = rtState({ runningError: "container runtime is not running: rpc error: code = Unavailable desc = x" });
    expect((await run(containerRuntimeCheck("unix:///x.sock"), { runtime: fakeRuntime(down) })).errors).toEqual([
      "container runtime is not running: rpc error: code = Unavailable desc = x",
    ]);
    expect(down.closed).toBe(1);
    expect((await run(containerRuntimeCheck("unix:///x.sock"), { runtime: fakeRuntime(rtState()) })).errors).toEqual([]);
  });
  it("ContainerRuntimeVersion warns without RuntimeConfig", async () => {
    expect((await run(containerRuntimeVersionCheck("unix:///x.sock"), { runtime: fakeRuntime(rtState({ runtimeConfig: false })) })).warnings).toEqual([
      RUNTIME_CONFIG_WARNING,
    ]);
    expect(RUNTIME_CONFIG_WARNING).toMatch(/^You must update your container runtime to a version that supports the CRI method RuntimeConfig\. /);
    expect((await run(containerRuntimeVersionCheck("unix:///x.sock"), { runtime: fakeRuntime(rtState({ runtimeConfig: "nope" })) })).errors).toEqual([
      "could not check if the runtime config is available: failed to call RuntimeConfig gRPC method: nope",
    ]);
  });
});

describe("ImagePull", () => {
  const images = ["registry.k8s.io/kube-apiserver:v1.36.3", "registry.k8s.io/pause:3.10.2"];
  const base = { criSocket: "unix:///x.sock", images, sandboxImage: "registry.k8s.io/pause:3.10.2" };

  it("IfNotPresent, serial: pulls only missing images", async () => {
    const st = rtState({ images: new Set([images[1]!]) });
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "IfNotPresent", imagePullSerial: true }), { runtime: fakeRuntime(st) });
    expect(r.errors).toEqual([]);
    expect(st.pulls).toEqual([images[0]]);
  });
  it("Always pulls everything; failures are collected with upstream's prefix", async () => {
    const st = rtState({ images: new Set(images), pullFailures: { [images[0]!]: "denied" } });
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "Always", imagePullSerial: true }), { runtime: fakeRuntime(st) });
    expect(st.pulls).toEqual(images);
    expect(r.errors).toEqual([`failed to pull image ${images[0]}: failed to pull image ${images[0]}: denied`]);
  });
  it("Never pulls nothing and reports nothing", async () => {
    const st = rtState();
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "Never", imagePullSerial: true }), { runtime: fakeRuntime(st) });
    expect(r).toMatchObject({ warnings: [], errors: [] });
    expect(st.pulls).toEqual([]);
    expect(st.existsCalls).toEqual([]);
  });
  it("rejects an unknown policy", async () => {
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "Sometimes", imagePullSerial: true }), { runtime: fakeRuntime(rtState()) });
    expect(r.errors).toEqual(['unsupported pull policy "Sometimes"']);
  });
  it("parallel pulls go through pullImagesInParallel", async () => {
    const st = rtState();
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "IfNotPresent", imagePullSerial: false }), { runtime: fakeRuntime(st) });
    expect(r.errors).toEqual([]);
    expect([...st.pulls].sort()).toEqual([...images].sort());
    expect([...st.existsCalls].sort()).toEqual([...images].sort());
  });
  it("warns (klog) when the runtime's sandbox image differs", async () => {
    const st = rtState({ images: new Set(images), sandboxImage: "registry.k8s.io/pause:3.8" });
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "IfNotPresent", imagePullSerial: true }), { runtime: fakeRuntime(st) });
    expect(r.ctx.warnings).toEqual([
      'detected that the sandbox image "registry.k8s.io/pause:3.8" of the container runtime is inconsistent with that used by kubeadm. It is recommended to use "registry.k8s.io/pause:3.10.2" as the CRI sandbox image.',
    ]);
    expect(r.warnings).toEqual([]);
  });
  it("a connection failure is the only error", async () => {
    const r = await run(imagePullCheck({ ...base, imagePullPolicy: "Never", imagePullSerial: true }), {
      runtime: fakeRuntime(rtState({ connectError: "x" })),
    });
    expect(r.errors).toEqual(["could not connect to the container runtime: x"]);
  });
});

describe("ExternalEtcdVersion", () => {
  const etcd = { endpoints: [], httpEndpoints: ["https://10.0.0.9:2379/"], caFile: "", certFile: "", keyFile: "" };
  const noSleep = async () => undefined;
  it("accepts a new enough etcd and asks <endpoint>/version", async () => {
    const urls: string[] = [];
    const r = await run(externalEtcdVersionCheck(etcd, noSleep), {
      httpGet: async (url) => {
        urls.push(url);
        return { statusCode: 200, status: "200 OK", body: Buffer.from('{"etcdserver":"3.6.8","etcdcluster":"3.6.0"}') };
      },
    });
    expect(r.errors).toEqual([]);
    expect(urls).toEqual(["https://10.0.0.9:2379/version"]);
  });
  it("rejects an old etcd", async () => {
    const r = await run(externalEtcdVersionCheck(etcd, noSleep), {
      httpGet: async () => ({ statusCode: 200, status: "200 OK", body: Buffer.from('{"etcdserver":"3.5.1"}') }),
    });
    expect(r.errors).toEqual(["this version of kubeadm only supports external etcd version >= 3.5.24-0. Current version: 3.5.1"]);
  });
  it("retries 5xx three times, then reports the last status", async () => {
    let calls = 0;
    const r = await run(externalEtcdVersionCheck(etcd, noSleep), {
      httpGet: async () => {
        calls++;
        return { statusCode: 503, status: "503 Service Unavailable", body: Buffer.alloc(0) };
      },
    });
    expect(calls).toBe(4);
    expect(r.errors).toEqual(["server responded with non-successful status: 503 Service Unavailable"]);
  });
  it("reports a missing CA file", async () => {
    const r = await run(externalEtcdVersionCheck({ ...etcd, caFile: "/etcd/ca.crt" }, noSleep));
    expect(r.errors).toEqual(["couldn't load external etcd's server certificate /etcd/ca.crt: open /etcd/ca.crt: no such file or directory"]);
  });
  it("does nothing without HTTP endpoints", async () => {
    expect((await run(externalEtcdVersionCheck({ ...etcd, httpEndpoints: [] }, noSleep))).errors).toEqual([]);
  });
});
