/** A configurable fake node for preflight tests. */
import { Writable } from "node:stream";
import type { ContainerRuntime } from "../../../src/host/cri/runtime.js";
import type { ExecResult, HostFacts, HttpGetOptions, HttpGetResponse, PathKind } from "../../../src/host/host-facts.js";
import type { InitSystem } from "../../../src/host/initsystem.js";
import type { CheckContext } from "../../../src/preflight/checker.js";

export class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface FakeOptions {
  euid?: number;
  cpus?: number;
  memMB?: number;
  kernel?: string;
  os?: string;
  env?: Record<string, string>;
  /** path → content (files) */
  files?: Record<string, string | Buffer>;
  /** directories and their entries */
  dirs?: Record<string, string[]>;
  executables?: string[];
  exec?: (cmd: string, args: string[]) => ExecResult;
  /** ports in use on every address, or "address:port" / "[v6]:port" in use on that address only */
  portsInUse?: Array<number | string>;
  hosts?: Record<string, string[]>;
  initSystem?: InitSystem | Error;
  runtime?: (socket: string) => ContainerRuntime;
  httpGet?: (url: string, opts: HttpGetOptions) => Promise<HttpGetResponse>;
}

const enoent = (p: string): NodeJS.ErrnoException => Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });

export function fakeFacts(o: FakeOptions = {}): HostFacts & { execCalls: string[]; tempDirs: string[]; portCalls: string[] } {
  const files = o.files ?? {};
  const dirs = o.dirs ?? {};
  const execCalls: string[] = [];
  const portCalls: string[] = [];
  const tempDirs: string[] = [];
  return {
    execCalls,
    portCalls,
    tempDirs,
    euid: () => o.euid ?? 0,
    numCPU: () => o.cpus ?? 4,
    totalMemoryBytes: () => (o.memMB ?? 8192) * 1024 * 1024,
    kernelRelease: () => o.kernel ?? "6.8.0-45-generic",
    osName: () => o.os ?? "Linux",
    env: () => o.env ?? {},
    async stat(p): Promise<PathKind | null> {
      if (p in files) return "file";
      if (p in dirs) return "dir";
      return null;
    },
    async readFile(p) {
      if (p in files) return Buffer.from(files[p]!);
      if (p in dirs) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
      throw enoent(p);
    },
    async readDir(p) {
      if (p in dirs) return dirs[p]!;
      if (p in files) throw Object.assign(new Error("ENOTDIR"), { code: "ENOTDIR" });
      throw enoent(p);
    },
    async makeTempDir(parent, prefix) {
      const d = `${parent}/${prefix}123`;
      tempDirs.push(d);
      return d;
    },
    async removeAll() {},
    async lookPath(e) {
      return (o.executables ?? []).includes(e) ? `/usr/bin/${e}` : null;
    },
    async exec(cmd, args) {
      execCalls.push([cmd, ...args].join(" "));
      if (o.exec) return o.exec(cmd, args);
      return { stdout: "", stderr: "", code: null, error: "executable file not found in $PATH" };
    },
    async portInUse(port, address = "") {
      const where = address === "" ? `:${port}` : address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
      portCalls.push(where);
      return (o.portsInUse ?? []).some((p) => p === port || p === where);
    },
    async lookupHost(h) {
      const addrs = o.hosts?.[h];
      return addrs ? { addrs } : { addrs: [], error: `lookup ${h} on 10.0.0.2:53: no such host` };
    },
    async isSocket() {
      return false;
    },
    async initSystem() {
      if (!o.initSystem) throw new Error("no supported init system detected, skipping checking for services");
      if (o.initSystem instanceof Error) throw o.initSystem;
      return o.initSystem;
    },
    async containerRuntime(socket) {
      if (!o.runtime) throw new Error("no runtime in this fake");
      return o.runtime(socket);
    },
    async httpGet(url, opts) {
      if (!o.httpGet) throw new Error(`Get "${url}": no network in this fake`);
      return o.httpGet(url, opts);
    },
  };
}

export function ctxFor(facts: HostFacts): CheckContext & { stdoutSink: Sink; warnings: string[] } {
  const stdoutSink = new Sink();
  const warnings: string[] = [];
  return { facts, stdout: stdoutSink, stdoutSink, warnings, logger: { warn: (m) => warnings.push(m), info: () => undefined } };
}

/** A fake init system: which services exist, are enabled, are active. */
export function fakeInitSystem(s: { exists?: string[]; enabled?: string[]; active?: string[] }): InitSystem {
  return {
    kind: "systemd",
    enableCommand: (svc) => `systemctl enable ${svc}.service`,
    serviceStart: async () => undefined,
    serviceStop: async () => undefined,
    serviceRestart: async () => undefined,
    serviceExists: async (svc) => (s.exists ?? []).includes(svc),
    serviceIsEnabled: async (svc) => (s.enabled ?? []).includes(svc),
    serviceIsActive: async (svc) => (s.active ?? []).includes(svc),
  };
}

export interface FakeRuntimeState {
  connectError?: string;
  runningError?: string;
  runtimeConfig?: boolean | string;
  sandboxImage?: string | Error;
  images: Set<string>;
  pullFailures?: Record<string, string>;
  pulls: string[];
  existsCalls: string[];
  closed: number;
}

export function fakeRuntime(state: FakeRuntimeState): (socket: string) => ContainerRuntime {
  return (criSocket) => ({
    criSocket,
    async connect() {
      if (state.connectError) throw new Error(state.connectError);
    },
    close() {
      state.closed++;
    },
    async isRunning() {
      if (state.runningError) throw new Error(state.runningError);
    },
    async listKubeContainers() {
      return [];
    },
    async removeContainers() {},
    async pullImage(image) {
      state.pulls.push(image);
      const f = state.pullFailures?.[image];
      if (f) throw new Error(`failed to pull image ${image}: ${f}`);
      state.images.add(image);
    },
    async pullImagesInParallel(images, ifNotPresent) {
      const errs: string[] = [];
      await Promise.all(
        images.map(async (i) => {
          if (ifNotPresent && (await this.imageExists(i))) return;
          try {
            await this.pullImage(i);
          } catch (e) {
            errs.push(`failed to pull image ${i}: ${(e as Error).message}`);
          }
        }),
      );
      if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`);
    },
    async imageExists(image) {
      state.existsCalls.push(image);
      return state.images.has(image);
    },
    async sandboxImage() {
      if (state.sandboxImage instanceof Error) throw state.sandboxImage;
      return state.sandboxImage ?? "registry.k8s.io/pause:3.10.2";
    },
    async isRuntimeConfigImplemented() {
      if (typeof state.runtimeConfig === "string") throw new Error(`failed to call RuntimeConfig gRPC method: ${state.runtimeConfig}`);
      return state.runtimeConfig ?? true;
    },
  });
}
