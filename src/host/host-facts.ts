/**
 * What preflight checks learn from (and, for a few validators, do to) the node:
 * CPUs, memory, kernel, files under /proc and /sys, executables in PATH, ports,
 * DNS, the init system and the container runtime. One interface so that every
 * check runs against a fake in tests; `hostFacts` is the real node.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as dns from "node:dns";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { detectInitSystem, type InitSystem } from "./initsystem.js";
import type { ContainerRuntime } from "./cri/runtime.js";
import type { ConfigLogger } from "../util/log.js";
import { hostSystemFacts } from "./system-facts.js";
import { goLookup, lookupFailureText, type GoLookupError } from "./resolver.js";

export type { ExecResult } from "./initsystem.js";
import type { ExecResult } from "./initsystem.js";
import { MAX_SMALL_BODY_BYTES, readBodyBounded } from "./http-transport.js";

export type PathKind = "file" | "dir" | "other";

export interface HostFacts {
  /** Effective user id. */
  euid(): number;
  /** Logical CPUs usable by the process (Go runtime.NumCPU). */
  numCPU(): number;
  /** Total usable RAM in bytes (sysinfo totalram * unit). */
  totalMemoryBytes(): number;
  /** uname release, e.g. "6.8.0-45-generic". */
  kernelRelease(): string;
  /** uname sysname, e.g. "Linux". */
  osName(): string;
  /** The process environment (proxy variables, PATH). */
  env(): Readonly<Record<string, string | undefined>>;
  /** stat(2) following symlinks; null when the path does not exist. Other failures throw. */
  stat(p: string): Promise<PathKind | null>;
  /** Whole file content; throws the Node error (code ENOENT, EACCES, ...). */
  readFile(p: string): Promise<Buffer>;
  /** Directory entry names; throws the Node error (ENOTDIR for a file). */
  readDir(p: string): Promise<string[]>;
  /** mkdtemp under `parent`; throws on failure. */
  makeTempDir(parent: string, prefix: string): Promise<string>;
  /** rm -rf; throws on failure. */
  removeAll(p: string): Promise<void>;
  /** Go exec.LookPath: the path of an executable found in $PATH, or null. */
  lookPath(executable: string): Promise<string | null>;
  /** Runs a command (no shell), capturing its output. Never throws. */
  exec(cmd: string, args: string[]): Promise<ExecResult>;
  /** True when listening on TCP `:<port>` (all addresses) fails. */
  /** True if TCP <address>:<port> cannot be listened on ("" = every address); any error counts, as upstream's. */
  portInUse(port: number, address?: string): Promise<boolean>;
  /** Go net.LookupHost: addresses, or the Go-style error text. */
  lookupHost(host: string): Promise<{ addrs: string[]; error?: string }>;
  /** True if a Unix socket at the URL's path accepts connections. */
  isSocket(unixUrl: string): Promise<boolean>;
  /** The node's init system (systemd or OpenRC); throws upstream's error when there is none. */
  initSystem(): Promise<InitSystem>;
  /** A container runtime client for a CRI endpoint (not yet connected); its klog lines go to `logger` (default stderr). */
  containerRuntime(criSocket: string, logger?: ConfigLogger): Promise<ContainerRuntime>;
  /** One HTTP(S) GET; throws Go-style text (`Get "<url>": <reason>`) when no response arrives. */
  httpGet(url: string, opts: HttpGetOptions): Promise<HttpGetResponse>;
}

export interface HttpGetOptions {
  /** PEM CA bundle to trust instead of the system roots. */
  ca?: Buffer;
  /** PEM client certificate and key. */
  cert?: Buffer;
  key?: Buffer;
  timeoutMs: number;
}

export interface HttpGetResponse {
  statusCode: number;
  /** Go's resp.Status, e.g. "503 Service Unavailable". */
  status: string;
  body: Buffer;
}

export { errnoText } from "../util/go-errno.js";

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    return !st.isDirectory() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** exec.LookPath semantics: names with a slash are checked as they are; empty PATH entries mean ".". */
export async function lookPathIn(executable: string, pathVar: string): Promise<string | null> {
  if (executable.includes("/")) return (await isExecutableFile(executable)) ? executable : null;
  for (const dir of pathVar.split(":")) {
    const candidate = path.join(dir === "" ? "." : dir, executable);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr, code: 0 });
      const e = err as NodeJS.ErrnoException & { code?: string | number; signal?: string | null };
      if (e.code === "ENOENT") return resolve({ stdout: "", stderr: "", code: null, error: "executable file not found in $PATH" });
      if (typeof e.code === "number") return resolve({ stdout, stderr, code: e.code, error: `exit status ${e.code}` });
      if (e.signal) return resolve({ stdout, stderr, code: null, error: `signal: ${e.signal}` });
      resolve({ stdout, stderr, code: null, error: e.message });
    });
  });
}

function httpGetOnce(url: string, opts: HttpGetOptions): Promise<HttpGetResponse> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => reject(new Error(`Get "${url}": ${why}`));
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return fail("invalid URL");
    }
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.get(
      u,
      { ca: opts.ca, cert: opts.cert, key: opts.key, timeout: opts.timeoutMs, lookup: goLookup } as https.RequestOptions,
      (res) => {
        // etcd's /version answer is a few bytes: bounded (src/host/http-transport.ts)
        readBodyBounded(res, MAX_SMALL_BODY_BYTES).then(
          (body) => resolve({ statusCode: res.statusCode ?? 0, status: `${res.statusCode} ${res.statusMessage ?? ""}`.trim(), body }),
          (e: Error) => fail(e.message),
        );
      },
    );
    req.on("timeout", () => {
      req.destroy();
      fail("context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNREFUSED") return fail(`dial tcp ${u.host}: connect: connection refused`);
      if ((e as GoLookupError).goDetail) return fail(`dial tcp: ${(e as GoLookupError).goDetail}`);
      fail(e.message);
    });
  });
}

/** The real node. */
export const hostFacts: HostFacts = {
  euid: () => (typeof process.geteuid === "function" ? process.geteuid() : 0),
  numCPU: () => (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length),
  totalMemoryBytes: () => os.totalmem(),
  kernelRelease: () => os.release().trim(),
  osName: () => os.type().trim(),
  env: () => process.env,
  async stat(p) {
    try {
      const st = await fs.stat(p);
      return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  },
  readFile: (p) => fs.readFile(p),
  readDir: (p) => fs.readdir(p),
  makeTempDir: (parent, prefix) => fs.mkdtemp(path.join(parent, prefix)),
  removeAll: (p) => fs.rm(p, { recursive: true, force: true }),
  lookPath: (executable) => lookPathIn(executable, process.env.PATH ?? ""),
  exec: async (cmd, args) => {
    // Resolve through PATH first so "not found" is reported as Go reports it.
    const resolved = await lookPathIn(cmd, process.env.PATH ?? "");
    if (!resolved) return { stdout: "", stderr: "", code: null, error: "executable file not found in $PATH" };
    return runCommand(resolved, args, process.env);
  },
  portInUse: (port, address = "") =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(true));
      srv.listen(address === "" ? { port } : { port, host: address }, () => srv.close(() => resolve(false)));
    }),
  lookupHost: (host) =>
    new Promise((resolve) => {
      dns.lookup(host, { all: true }, (err, addrs) => {
        if (!err) return resolve({ addrs: addrs.map((a) => a.address) });
        lookupFailureText(host, err.code).then((error) => resolve({ addrs: [], error }));
      });
    }),
  isSocket: (u) => hostSystemFacts.isSocket(u),
  initSystem: () => detectInitSystem({ lookPath: (e) => hostFacts.lookPath(e), exec: (c, a) => hostFacts.exec(c, a) }),
  httpGet: (url, opts) => httpGetOnce(url, opts),
  async containerRuntime(criSocket, logger) {
    const { newContainerRuntime } = await import("./cri/runtime.js");
    return newContainerRuntime(criSocket, logger ? { logger } : {});
  },
};
