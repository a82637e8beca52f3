// A fake CRI runtime for tests: an in-process gRPC server on a Unix socket serving the trimmed
// runtime.v1 API of src/host/cri (the runtime and image services), recording every call with its
// decoded request. Each method has a default answer (a healthy runtime holding `images` and
// `sandboxes`); a test overrides one with a gRPC error, "bad-reply" (a reply cri-client rejects),
// or a function of the request. Upstream kubeadm can be pointed at it as well as ours: both
// encode requests and decode replies with their own protobuf code, so a wrong field number on
// our side shows as a different recorded call or a different answer to one of the two.
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { criServiceDefinitions } from "../../src/host/cri/index.js";

export type CriMethod =
  | "Version"
  | "Status"
  | "RuntimeConfig"
  | "ListPodSandbox"
  | "StopPodSandbox"
  | "RemovePodSandbox"
  | "ListContainers"
  | "ImageFsInfo"
  | "ListImages"
  | "ImageStatus"
  | "PullImage";

/** A gRPC error answer: its code and status message. */
export interface CriFailure {
  code: number;
  details: string;
}

/** A reply object, or a gRPC error. */
export type CriReply = Record<string, unknown> | CriFailure;

/**
 * How a method answers: a gRPC error; "bad-reply", a successful reply cri-client rejects (Status
 * without both conditions, ImageStatus without id and size, PullImage without an image ref); or
 * a function of the request and the number of earlier calls to the method with the same request.
 */
export type CriAnswer = CriFailure | "bad-reply" | ((req: any, seen: number) => CriReply);

export interface FakeCriSandbox {
  id: string;
  name: string;
}

export interface FakeCri {
  /** unix://<socket path> */
  endpoint: string;
  /** Every call, in arrival order. */
  calls: Array<{ method: CriMethod; request: any }>;
  /** Overrides of the default answers, by method. */
  answers: Map<CriMethod, CriAnswer>;
  /** Images the runtime holds (ImageStatus, ListImages); PullImage adds to them. */
  images: Map<string, { id: string; size: string }>;
  /** Pod sandboxes (ListPodSandbox); RemovePodSandbox removes them. */
  sandboxes: FakeCriSandbox[];
  /** The sandbox image its verbose Status reports. */
  sandboxImage: string;
  /** The requests of the calls to one method. */
  requests(method: CriMethod): any[];
  /** Forgets the calls, the overrides, the pulled images and restores `initial`. */
  reset(initial?: { images?: Record<string, { id: string; size: string }>; sandboxes?: FakeCriSandbox[] }): void;
  /** Starts serving on the socket. */
  start(): Promise<void>;
  /** Stops serving and removes the socket's temp dir. */
  stop(): Promise<void>;
}

const isFailure = (r: unknown): r is CriFailure => typeof r === "object" && r !== null && typeof (r as CriFailure).code === "number" && "details" in r;

/** A fake CRI whose endpoint is known at once (for argument lists built at module level); start() serves it. */
export function fakeCri(prefix = "fake-cri-"): FakeCri {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const endpoint = `unix://${join(dir, "cri.sock")}`;
  const fake: FakeCri = {
    endpoint,
    calls: [],
    answers: new Map(),
    images: new Map(),
    sandboxes: [],
    sandboxImage: "registry.k8s.io/pause:3.10.2",
    requests: (m) => fake.calls.filter((c) => c.method === m).map((c) => c.request),
    reset(initial = {}) {
      fake.calls.length = 0;
      fake.answers.clear();
      fake.images = new Map(Object.entries(initial.images ?? {}));
      fake.sandboxes = [...(initial.sandboxes ?? [])];
      fake.sandboxImage = "registry.k8s.io/pause:3.10.2";
    },
    start: async () => undefined,
    stop: async () => undefined,
  };

  /** The default (healthy) answers and the rejected ("bad-reply") ones. */
  const defaults: Record<CriMethod, { ok: (req: any) => Record<string, unknown>; bad?: () => Record<string, unknown> }> = {
    Version: { ok: () => ({ version: "0.1.0", runtime_name: "fake", runtime_version: "1.0.0", runtime_api_version: "v1" }) },
    Status: {
      ok: (req) => ({
        status: { conditions: [{ type: "RuntimeReady", status: true }, { type: "NetworkReady", status: true }] },
        info: req.verbose ? { config: JSON.stringify({ sandboxImage: fake.sandboxImage }) } : {},
      }),
      bad: () => ({ status: { conditions: [{ type: "RuntimeReady", status: true }] } }),
    },
    RuntimeConfig: { ok: () => ({ linux: { cgroup_driver: "SYSTEMD" } }) },
    ListPodSandbox: {
      ok: () => ({
        items: fake.sandboxes.map((s) => ({
          id: s.id,
          state: "SANDBOX_READY",
          created_at: "1700000000000000000",
          metadata: { name: s.name, namespace: "kube-system", uid: `uid-${s.id}`, attempt: 0 },
        })),
      }),
    },
    StopPodSandbox: { ok: () => ({}) },
    RemovePodSandbox: {
      ok: (req) => {
        fake.sandboxes = fake.sandboxes.filter((s) => s.id !== req.pod_sandbox_id);
        return {};
      },
    },
    ListContainers: {
      ok: () => ({ containers: fake.sandboxes.map((s) => ({ id: `c-${s.id}`, pod_sandbox_id: s.id, image: { image: fake.sandboxImage }, state: "CONTAINER_RUNNING" })) }),
    },
    ImageFsInfo: { ok: () => ({}) },
    ListImages: { ok: () => ({ images: [...fake.images].map(([tag, v]) => ({ id: v.id, repo_tags: [tag], size: v.size })) }) },
    ImageStatus: {
      ok: (req) => {
        const i = fake.images.get(req.image.image);
        return i ? { image: { id: i.id, repo_tags: [req.image.image], size: i.size } } : {};
      },
      bad: () => ({ image: { id: "", repo_tags: [], size: "0" } }),
    },
    PullImage: {
      ok: (req) => {
        const ref = `sha256:${(req.image.image as string).replace(/^.*\//, "").replace(/:.*$/, "")}`;
        fake.images.set(req.image.image, { id: ref, size: "1" });
        return { image_ref: ref };
      },
      bad: () => ({ image_ref: "" }),
    },
  };

  const handler = (method: CriMethod) => (call: any, cb: any) => {
    const request = call.request;
    const seen = fake.calls.filter((c) => c.method === method && JSON.stringify(c.request) === JSON.stringify(request)).length;
    fake.calls.push({ method, request });
    const a = fake.answers.get(method);
    const d = defaults[method];
    const reply = a === undefined ? d.ok(request) : a === "bad-reply" ? d.bad ? d.bad() : d.ok(request) : typeof a === "function" ? a(request, seen) : a;
    if (isFailure(reply)) cb({ code: reply.code, details: reply.details });
    else cb(null, reply);
  };
  const service = (names: CriMethod[]) => Object.fromEntries(names.map((n) => [n, handler(n)]));
  let server: grpc.Server | undefined;
  fake.start = async () => {
    const defs = await criServiceDefinitions();
    server = new grpc.Server();
    server.addService(defs.runtime, service(["Version", "Status", "RuntimeConfig", "ListPodSandbox", "StopPodSandbox", "RemovePodSandbox", "ListContainers"]));
    server.addService(defs.image, service(["ImageFsInfo", "ListImages", "ImageStatus", "PullImage"]));
    await new Promise<void>((res, rej) => server!.bindAsync(endpoint, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
  };
  fake.stop = async () => {
    server?.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  };
  return fake;
}

/** fakeCri, started. */
export async function startFakeCri(prefix?: string): Promise<FakeCri> {
  const fake = fakeCri(prefix);
  await fake.start();
  return fake;
}

export { grpc };
