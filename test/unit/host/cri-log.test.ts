// The CRI client's klog error lines against an in-process fake CRI server: for every failing call
// that k8s.io/cri-client v0.37.2 logs, the same message, structured keys, quoting and file:line
// (the header's time and pid masked); the connection validation logs nothing; lines go to the
// injected logger, or to stderr (never stdout) without one.
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { klogStructured, streamLogger } from "../../../src/util/log.js";
import { hostFacts } from "../../../src/host/host-facts.js";
import { CriClient, criFilterText, criServiceDefinitions, newContainerRuntime } from "../../../src/host/cri/index.js";
import { containerRuntimeVersionCheck } from "../../../src/preflight/index.js";

const dir = mkdtempSync(join(tmpdir(), "cri-log-"));
const sock = join(dir, "cri.sock");
const endpoint = `unix://${sock}`;
let server: grpc.Server;

/** method → how it fails: a gRPC error, or a reply that cri-client rejects. Absent: it succeeds. */
const failing = new Map<string, { code: number; details: string } | "bad-reply">();

beforeAll(async () => {
  const defs = await criServiceDefinitions();
  server = new grpc.Server();
  const unary = (name: string, ok: (req: any) => any, bad: () => any = () => ({})) => (call: any, cb: any) => {
    const f = failing.get(name);
    if (f === "bad-reply") return cb(null, bad());
    if (f) return cb(f);
    cb(null, ok(call.request));
  };
  server.addService(defs.runtime, {
    Version: unary("Version", () => ({ version: "0.1.0", runtime_name: "fake", runtime_version: "1.0.0", runtime_api_version: "v1" })),
    Status: unary(
      "Status",
      () => ({ status: { conditions: [{ type: "RuntimeReady", status: true }, { type: "NetworkReady", status: true }] } }),
      () => ({ status: { conditions: [{ type: "RuntimeReady", status: true }] } }),
    ),
    RuntimeConfig: unary("RuntimeConfig", () => ({ linux: { cgroup_driver: "SYSTEMD" } })),
    ListPodSandbox: unary("ListPodSandbox", () => ({ items: [] })),
    StopPodSandbox: unary("StopPodSandbox", () => ({})),
    RemovePodSandbox: unary("RemovePodSandbox", () => ({})),
    ListContainers: unary("ListContainers", () => ({ containers: [] })),
  });
  server.addService(defs.image, {
    ImageFsInfo: unary("ImageFsInfo", () => ({})),
    ListImages: unary("ListImages", () => ({ images: [] })),
    ImageStatus: unary(
      "ImageStatus",
      (req) => ({ image: { id: "sha256:1", repo_tags: [req.image.image], size: "7" } }),
      () => ({ image: { id: "", repo_tags: [], size: "0" } }),
    ),
    PullImage: unary("PullImage", () => ({ image_ref: "sha256:1" }), () => ({ image_ref: "" })),
  });
  await new Promise<void>((res, rej) => server.bindAsync(endpoint, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
});

afterAll(() => {
  server?.forceShutdown();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => failing.clear());

/** A stream collecting what is written to it. */
class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** klog lines with the time and pid masked: `E remote_image.go:334] "…" err="…"`. */
const masked = (text: string): string[] =>
  text
    .split(/\n(?=[EWI]\d{4} )/)
    .filter((l) => l !== "")
    .map((l) => l.replace(/^([EWI])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ /, "$1 ").replace(/\n$/, ""));

async function withClient(fn: (c: CriClient) => Promise<unknown>): Promise<string[]> {
  const out = new Capture();
  const c = await CriClient.connect(endpoint, { logger: streamLogger(out) });
  try {
    await fn(c).catch(() => undefined);
  } finally {
    c.close();
  }
  return masked(out.text);
}

const UNAVAILABLE = { code: grpc.status.UNAVAILABLE, details: "runtime is down" };
const UNIMPLEMENTED_RC = { code: grpc.status.UNIMPLEMENTED, details: "unknown method RuntimeConfig for service runtime.v1.RuntimeService" };

describe("klogStructured", () => {
  it("quotes the message and string values as klog does, multi-line values as key=<…>", () => {
    expect(klogStructured("PullImage failed", 'a "b" \\ c', [["image", "x:1"]])).toBe(String.raw`"PullImage failed" err="a \"b\" \\ c" image="x:1"`);
    expect(klogStructured("m", null, [["k", "tab\there\u0007\u200b é"]])).toBe(String.raw`"m" k="tab\there\a\u200b é"`);
    expect(klogStructured("m", "line 1\nline 2")).toBe('"m" err=<\n\tline 1\n\tline 2\n >');
    expect(klogStructured("m", "ends\n")).toBe('"m" err=<\n\tends\n >');
    expect(klogStructured("multi\nline msg", null)).toBe(String.raw`"multi\nline msg"`);
  });

  it("filters print as the request message's String(): <nil> when absent", () => {
    expect(criFilterText(null)).toBe("<nil>");
    expect(criFilterText({ id: "p1", state: { state: "SANDBOX_READY" }, label_selector: { a: "b" } })).toBe(
      'id:"p1" state:{state:SANDBOX_READY} label_selector:{key:"a" value:"b"}',
    );
  });
});

describe("CriClient logs failing calls like cri-client v0.37.2", () => {
  it("RuntimeConfig unimplemented (containerd 1.6)", async () => {
    failing.set("RuntimeConfig", UNIMPLEMENTED_RC);
    expect(await withClient((c) => c.runtimeConfig())).toEqual([
      'E remote_runtime.go:1359] "RuntimeConfig from runtime service failed" err="rpc error: code = Unimplemented desc = unknown method RuntimeConfig for service runtime.v1.RuntimeService"',
    ]);
  });

  it("Version and Status (a failed call, and a reply without both conditions)", async () => {
    failing.set("Status", UNAVAILABLE);
    expect(
      await withClient(async (c) => {
        failing.set("Version", UNAVAILABLE);
        await c.version().catch(() => undefined);
        failing.delete("Version");
        await c.status();
      }),
    ).toEqual([
      'E remote_runtime.go:280] "Version from runtime service failed" err="rpc error: code = Unavailable desc = runtime is down"',
      'E remote_runtime.go:889] "Status from runtime service failed" err="rpc error: code = Unavailable desc = runtime is down"',
    ]);
    failing.set("Status", "bad-reply");
    const lines = await withClient(async (c) => {
      await expect(c.status(true)).rejects.toThrow(/^RuntimeReady or NetworkReady condition are not set$/);
    });
    expect(lines).toEqual(['E remote_runtime.go:898] "Status failed" err="RuntimeReady or NetworkReady condition are not set"']);
  });

  it("pod sandboxes and containers, with the filter and ids as keys", async () => {
    for (const m of ["ListPodSandbox", "StopPodSandbox", "RemovePodSandbox", "ListContainers"]) failing.set(m, UNAVAILABLE);
    const err = 'err="rpc error: code = Unavailable desc = runtime is down"';
    expect(
      await withClient(async (c) => {
        await c.listPodSandbox(null).catch(() => undefined);
        await c.listPodSandbox({ id: "p1", state: "SANDBOX_READY" }).catch(() => undefined);
        await c.stopPodSandbox("p1").catch(() => undefined);
        await c.removePodSandbox("p1").catch(() => undefined);
        await c.listContainers();
      }),
    ).toEqual([
      `E remote_runtime.go:435] "ListPodSandbox with filter from runtime service failed" ${err} filter="<nil>"`,
      `E remote_runtime.go:435] "ListPodSandbox with filter from runtime service failed" ${err} filter="id:\\"p1\\" state:{state:SANDBOX_READY}"`,
      `E remote_runtime.go:355] "StopPodSandbox from runtime service failed" ${err} podSandboxID="p1"`,
      `E remote_runtime.go:375] "RemovePodSandbox from runtime service failed" ${err} podSandboxID="p1"`,
      `E remote_runtime.go:594] "ListContainers with filter from runtime service failed" ${err} filter="<nil>"`,
    ]);
  });

  it("images: ListImages, ImageStatus (failed, and an image without id or size)", async () => {
    failing.set("ListImages", UNAVAILABLE);
    failing.set("ImageStatus", { code: grpc.status.NOT_FOUND, details: "nope" });
    expect(
      await withClient(async (c) => {
        await c.listImages().catch(() => undefined);
        await c.imageStatus("registry.k8s.io/pause:3.10.2");
      }),
    ).toEqual([
      'E remote_image.go:245] "ListImages with filter from image service failed" err="rpc error: code = Unavailable desc = runtime is down" filter="<nil>"',
      'E remote_image.go:301] "Get ImageStatus from image service failed" err="rpc error: code = NotFound desc = nope" image="registry.k8s.io/pause:3.10.2"',
    ]);
    failing.set("ImageStatus", "bad-reply");
    expect(
      await withClient(async (c) => {
        await expect(c.imageStatus("x:1")).rejects.toThrow(/^Id or size of image "x:1" is not set$/);
      }),
    ).toEqual(['E remote_image.go:310] "ImageStatus failed" err="Id or size of image \\"x:1\\" is not set" image="x:1"']);
  });

  it("PullImage: Unknown keeps its code in the log but not in the error; an empty image ref", async () => {
    failing.set("PullImage", { code: grpc.status.UNKNOWN, details: 'failed to pull and unpack image "x:1": denied' });
    expect(
      await withClient(async (c) => {
        await expect(c.pullImage("x:1")).rejects.toThrow(/^failed to pull and unpack image "x:1": denied$/);
      }),
    ).toEqual([String.raw`E remote_image.go:334] "PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \"x:1\": denied" image="x:1"`]);
    failing.set("PullImage", { code: grpc.status.UNKNOWN, details: "first line\nsecond line" });
    expect(await withClient((c) => c.pullImage("x:1"))).toEqual([
      'E remote_image.go:334] "PullImage from image service failed" err=<\n\trpc error: code = Unknown desc = first line\n\tsecond line\n > image="x:1"',
    ]);
    failing.set("PullImage", "bad-reply");
    expect(
      await withClient(async (c) => {
        await expect(c.pullImage("x:1")).rejects.toThrow(/^imageRef of image "x:1" is not set$/);
      }),
    ).toEqual(['E remote_image.go:351] "ImageRef of image is not set" err="PullImage failed" image="x:1"']);
  });

  it("succeeding calls and the connection validation log nothing", async () => {
    expect(
      await withClient(async (c) => {
        await c.version();
        await c.status();
        await c.runtimeConfig();
        await c.listPodSandbox();
        await c.imageStatus("x:1");
        await c.pullImage("x:1");
      }),
    ).toEqual([]);
    failing.set("Version", UNAVAILABLE);
    const out = new Capture();
    await expect(CriClient.connect(endpoint, { logger: streamLogger(out) })).rejects.toThrow(/^failed to create new CRI runtime service/);
    failing.clear();
    failing.set("ImageFsInfo", UNAVAILABLE);
    await expect(CriClient.connect(endpoint, { logger: streamLogger(out) })).rejects.toThrow(/^failed to create new CRI image service/);
    expect(out.text).toBe("");
  });

  it("without a logger the lines go to stderr, never stdout", async () => {
    failing.set("RuntimeConfig", UNIMPLEMENTED_RC);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, "write");
    try {
      const c = await CriClient.connect(endpoint);
      await c.runtimeConfig().catch(() => undefined);
      c.close();
      const written = err.mock.calls.map((a) => String(a[0])).join("");
      expect(masked(written)).toContain(
        'E remote_runtime.go:1359] "RuntimeConfig from runtime service failed" err="rpc error: code = Unimplemented desc = unknown method RuntimeConfig for service runtime.v1.RuntimeService"',
      );
      expect(out.mock.calls.map((a) => String(a[0])).join("")).not.toContain("remote_runtime.go");
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });
});

describe("the lines reach the caller's logger through the runtime and preflight", () => {
  it("ContainerRuntime pulls: one line per attempt, to RuntimeOptions.logger", async () => {
    failing.set("PullImage", { code: grpc.status.UNAVAILABLE, details: "try again" });
    const out = new Capture();
    const rt = newContainerRuntime(endpoint, { logger: streamLogger(out) });
    await rt.connect();
    await expect(rt.pullImage("x:1")).rejects.toThrow("failed to pull image x:1: rpc error: code = Unavailable desc = try again");
    rt.close();
    expect(masked(out.text)).toEqual(
      Array(5).fill('E remote_image.go:334] "PullImage from image service failed" err="rpc error: code = Unavailable desc = try again" image="x:1"'),
    );
  });

  it("ContainerRuntimeVersion: the RuntimeConfig line goes to the check's logger, then the warning", async () => {
    failing.set("RuntimeConfig", UNIMPLEMENTED_RC);
    const out = new Capture();
    const res = await containerRuntimeVersionCheck(endpoint).check({ facts: hostFacts, stdout: new Capture(), logger: streamLogger(out) });
    expect(res.errors).toEqual([]);
    expect(res.warnings).toHaveLength(1);
    expect(masked(out.text)).toEqual([
      'E remote_runtime.go:1359] "RuntimeConfig from runtime service failed" err="rpc error: code = Unimplemented desc = unknown method RuntimeConfig for service runtime.v1.RuntimeService"',
    ]);
  });
});
