// The CRI client against an in-process gRPC server implementing the trimmed runtime.v1 API:
// proves the wire protocol (service/method paths, field numbers) and the Go-style errors.
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CriClient, CriRpcError, criServiceDefinitions, newContainerRuntime } from "../../../src/host/cri/index.js";
import { DEFAULT_ETCD_VERSION } from "../../../src/constants.js";

const dir = mkdtempSync(join(tmpdir(), "cri-fake-"));
const sock = join(dir, "cri.sock");
const endpoint = `unix://${sock}`;
const images = new Map<string, { id: string; size: string }>([["registry.k8s.io/pause:3.10.2", { id: "sha256:abc", size: "321" }]]);
const pulled: string[] = [];
const calls: string[] = [];
let server: grpc.Server;
let runtimeConfigUnimplemented = true;

beforeAll(async () => {
  const defs = await criServiceDefinitions();
  server = new grpc.Server();
  const unary = (name: string, fn: (req: any) => any) => (call: any, cb: any) => {
    calls.push(name);
    try {
      cb(null, fn(call.request));
    } catch (e) {
      cb(e);
    }
  };
  server.addService(defs.runtime, {
    Version: unary("Version", () => ({ version: "0.1.0", runtime_name: "fake", runtime_version: "9.9.9", runtime_api_version: "v1" })),
    Status: unary("Status", (req) => ({
      status: { conditions: [{ type: "RuntimeReady", status: true }, { type: "NetworkReady", status: false, reason: "NoCNI", message: "no cni" }] },
      info: req.verbose ? { config: JSON.stringify({ sandboxImage: "registry.k8s.io/pause:3.10" }) } : {},
    })),
    RuntimeConfig: unary("RuntimeConfig", () => {
      if (runtimeConfigUnimplemented) throw { code: grpc.status.UNIMPLEMENTED, details: "unknown method RuntimeConfig" };
      return { linux: { cgroup_driver: "CGROUPFS" } };
    }),
    ListPodSandbox: unary("ListPodSandbox", () => ({ items: [{ id: "pod1", state: "SANDBOX_READY", created_at: "1700000000000000000", metadata: { name: "etcd", namespace: "kube-system", uid: "u", attempt: 0 } }] })),
    StopPodSandbox: unary("StopPodSandbox", (req) => (calls.push(`stop:${req.pod_sandbox_id}`), {})),
    RemovePodSandbox: unary("RemovePodSandbox", (req) => (calls.push(`remove:${req.pod_sandbox_id}`), {})),
    ListContainers: unary("ListContainers", () => ({ containers: [{ id: "c1", pod_sandbox_id: "pod1", image: { image: `registry.k8s.io/etcd:${DEFAULT_ETCD_VERSION}` }, state: "CONTAINER_RUNNING" }] })),
  });
  server.addService(defs.image, {
    ImageFsInfo: unary("ImageFsInfo", () => ({})),
    ListImages: unary("ListImages", () => ({ images: [...images].map(([tag, v]) => ({ id: v.id, repo_tags: [tag], size: v.size })) })),
    ImageStatus: unary("ImageStatus", (req) => {
      const i = images.get(req.image.image);
      return i ? { image: { id: i.id, repo_tags: [req.image.image], size: i.size } } : {};
    }),
    PullImage: unary("PullImage", (req) => {
      const ref = req.image.image as string;
      if (ref.includes("denied")) throw { code: grpc.status.UNKNOWN, details: `failed to pull and unpack image "${ref}": denied` };
      pulled.push(ref);
      images.set(ref, { id: `sha256:${pulled.length}`, size: "1" });
      return { image_ref: `sha256:${pulled.length}` };
    }),
  });
  await new Promise<void>((res, rej) => server.bindAsync(endpoint, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
});

afterAll(() => {
  server?.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe("CriClient over a fake CRI server", () => {
  it("validates both services on connect and reads Version", async () => {
    calls.length = 0;
    const c = await CriClient.connect(endpoint);
    expect(calls).toEqual(["Version", "ImageFsInfo"]);
    expect(await c.version()).toMatchObject({ runtime_name: "fake", runtime_version: "9.9.9", runtime_api_version: "v1" });
    c.close();
  });

  it("ListImages, ImageStatus (present and absent), PullImage", async () => {
    const c = await CriClient.connect(endpoint);
    const list = await c.listImages();
    expect(list.map((i) => i.repo_tags[0])).toContain("registry.k8s.io/pause:3.10.2");
    expect(list[0]!.size).toBe("321");
    expect((await c.imageStatus("registry.k8s.io/pause:3.10.2")).image?.id).toBe("sha256:abc");
    expect((await c.imageStatus("registry.k8s.io/nope:1")).image).toBeNull();
    expect(await c.pullImage("registry.k8s.io/new:1")).toMatch(/^sha256:/);
    await expect(c.pullImage("registry.k8s.io/denied:1")).rejects.toThrow('failed to pull and unpack image "registry.k8s.io/denied:1": denied');
    c.close();
  });

  it("Status, sandboxes and containers", async () => {
    const c = await CriClient.connect(endpoint);
    expect((await c.status()).status?.conditions[0]).toMatchObject({ type: "RuntimeReady", status: true });
    const pods = await c.listPodSandbox();
    expect(pods[0]).toMatchObject({ id: "pod1", state: "SANDBOX_READY", created_at: "1700000000000000000" });
    expect((await c.listContainers())[0]).toMatchObject({ id: "c1", state: "CONTAINER_RUNNING", image: { image: `registry.k8s.io/etcd:${DEFAULT_ETCD_VERSION}` } });
    c.close();
  });

  it("Unimplemented RuntimeConfig is a CriRpcError with Go's status text", async () => {
    const c = await CriClient.connect(endpoint);
    const err = await c.runtimeConfig().then(() => null, (e) => e);
    expect(err).toBeInstanceOf(CriRpcError);
    expect(err.message).toBe("rpc error: code = Unimplemented desc = unknown method RuntimeConfig");
    c.close();
  });

  it("a missing socket fails like cri-client", async () => {
    const missing = `unix://${join(dir, "none.sock")}`;
    await expect(CriClient.connect(missing)).rejects.toThrow(
      `failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for endpoint "${missing}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${join(dir, "none.sock")}: connect: no such file or directory"`,
    );
  });
});

describe("ContainerRuntime over the fake server", () => {
  it("isRunning, sandboxImage, RuntimeConfig detection, image checks and pulls, sandbox removal", async () => {
    const rt = newContainerRuntime(endpoint);
    await rt.connect();
    await rt.isRunning();
    expect(await rt.sandboxImage()).toBe("registry.k8s.io/pause:3.10");
    runtimeConfigUnimplemented = true;
    expect(await rt.isRuntimeConfigImplemented()).toBe(false);
    runtimeConfigUnimplemented = false;
    expect(await rt.isRuntimeConfigImplemented()).toBe(true);
    expect(await rt.imageExists("registry.k8s.io/pause:3.10.2")).toBe(true);
    expect(await rt.imageExists("registry.k8s.io/other:1")).toBe(false);
    await rt.pullImagesInParallel(["registry.k8s.io/p1:1", "registry.k8s.io/pause:3.10.2"], true);
    expect(pulled).toContain("registry.k8s.io/p1:1");
    expect(pulled).not.toContain("registry.k8s.io/pause:3.10.2");
    await expect(rt.pullImage("registry.k8s.io/denied:2")).rejects.toThrow(
      'failed to pull image registry.k8s.io/denied:2: failed to pull and unpack image "registry.k8s.io/denied:2": denied',
    );
    expect(await rt.listKubeContainers()).toEqual(["pod1"]);
    calls.length = 0;
    await rt.removeContainers(["pod1"]);
    expect(calls).toEqual(["StopPodSandbox", "stop:pod1", "RemovePodSandbox", "remove:pod1"]);
    rt.close();
  });
});
