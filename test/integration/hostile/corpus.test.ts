// The hostile-input corpus (corpus.ts) run against bin/kubeadm (`npm run build`): each case must
// end with exit 1 and one "error: …" naming what is wrong (or, where upstream accepts the input,
// exit 0 with upstream's output), no stack trace, within its time bound, under 512 MiB of
// resident memory (/usr/bin/time's maxRSS; upstream-style unbounded reads took 13.8 GB), and
// write nothing: it runs in an empty working directory with an empty HOME and an empty {out}
// directory that must all stay empty, and its inputs must stay as they were. The cases marked
// `oracle` must fail (or pass) with upstream's exact text: upstream kubeadm runs them live
// (required: `npm run lab:build`).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicKeyPinsFromPem } from "../../../src/pki/pin.js";
import { makeTestPki, type TestPki } from "../../unit/client/fake-apiserver.js";
import { requireUpstream } from "../../support/upstream.js";
import { hostileCases, type HostileCase, type Serve, type ServerContext } from "./corpus.js";

const KUBEADM = resolve(__dirname, "../../../bin/kubeadm");
const TIME = "/usr/bin/time";
const MAX_RSS_KB = 512 * 1024;
const HINT = "To see the stack trace of this error execute with --v=5 or higher";

let pki: TestPki;
let server: https.Server;
let serve: Serve = (_q, res) => res.end();
let ctx: ServerContext;
let pin = "";
const scratch = mkdtempSync(join(tmpdir(), "kubeadm-ts-hostile-"));

beforeAll(async () => {
  if (!existsSync(KUBEADM) || !existsSync(resolve(__dirname, "../../../dist/main.js"))) throw new Error("bin/kubeadm is not built: run `npm run build`");
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (it measures each run's memory): apt-get install time`);
  pki = makeTestPki();
  pin = publicKeyPinsFromPem(pki.caCert.toString())[0]!;
  server = https.createServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => {
    req.resume();
    try {
      serve(req, res, ctx);
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  ctx = { server: `127.0.0.1:${(server.address() as AddressInfo).port}`, caData: pki.caCert.toString("base64") };
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  pki?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssKB: number;
  timedOut: boolean;
}

/** The error text: from "error: " to the stack-trace hint (or the end). */
function errorText(stderr: string): string | undefined {
  const at = Math.max(stderr.startsWith("error: ") ? 0 : -1, stderr.lastIndexOf("\nerror: ") + 1 || -1);
  if (at < 0) return undefined;
  const rest = stderr.slice(at + "error: ".length);
  const end = rest.indexOf(`\n${HINT}`);
  return (end < 0 ? rest : rest.slice(0, end)).replace(/\n$/, "");
}

function runCase(bin: string, c: HostileCase, dirs: { in: string; out: string; cwd: string; home: string }, expand: (s: string) => string): Promise<Run> {
  const rssFile = join(dirs.cwd, "..", `rss-${Math.random().toString(36).slice(2)}`);
  const args = ["-f", "%M", "-o", rssFile, bin, ...c.args.map(expand)];
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dirs.home, LANG: "C" };
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = expand(v);
  const limit = c.timeoutMs ?? 20_000;
  return new Promise((done) => {
    const start = Date.now();
    const p = spawn(TIME, args, { cwd: dirs.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    p.stdout.on("data", (d: Buffer) => {
      // keep the first 64 MiB (the duplicate-key error alone is ~5 MB)
      if (outLen < 64 << 20) out.push(d);
      outLen += d.length;
    });
    p.stderr.on("data", (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill("SIGKILL");
    }, limit);
    p.on("close", (code, signal) => {
      clearTimeout(timer);
      let rssKB = Number.NaN;
      try {
        rssKB = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
        rmSync(rssFile, { force: true });
      } catch {
        // killed before time wrote it
      }
      // time(1) reports "Command exited with non-zero status N" on stderr's last line
      const stderr = Buffer.concat(err).toString("utf8").replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\n$/, "");
      done({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr, ms: Date.now() - start, rssKB, timedOut });
    });
  });
}

function prepare(c: HostileCase, name: string): { dirs: { in: string; out: string; cwd: string; home: string }; expand: (s: string) => string; inputs: string[] } {
  const root = join(scratch, name);
  const dirs = { in: join(root, "in"), out: join(root, "out"), cwd: join(root, "cwd"), home: join(root, "home") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const expand = (s: string): string =>
    s.replaceAll("{in}", dirs.in).replaceAll("{out}", dirs.out).replaceAll("{server}", ctx.server).replaceAll("{caData}", ctx.caData).replaceAll("{pin}", pin);
  writeFileSync(join(dirs.in, "ca.pem"), pki.caCert);
  for (const [f, content] of Object.entries(c.files ?? {})) {
    const v = typeof content === "function" ? content(ctx) : content;
    writeFileSync(join(dirs.in, f), typeof v === "string" ? expand(v) : v);
  }
  for (const [f, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(dirs.in, f));
  return { dirs, expand, inputs: readdirSync(dirs.in).sort() };
}

function checkRun(label: string, c: HostileCase, r: Run, expand: (s: string) => string): void {
  expect(r.timedOut, `${label}: still running after ${c.timeoutMs ?? 20_000} ms`).toBe(false);
  expect(r.signal, `${label}: killed by ${r.signal}\n${r.stderr.slice(0, 2000)}`).toBeNull();
  expect(r.rssKB, `${label}: maxRSS ${r.rssKB} KB`).toBeLessThan(MAX_RSS_KB);
  // no stack trace at the default verbosity
  expect(`${r.stdout}\n${r.stderr}`, label).not.toMatch(/^\s+at .+(\(|:\d+)/m);
  if (c.accept !== undefined) {
    expect(r.code, `${label}\n${r.stderr.slice(0, 2000)}`).toBe(0);
    if (typeof c.accept === "string") expect(r.stdout, label).toBe(c.accept);
    else expect(r.stdout, label).toMatch(c.accept);
    return;
  }
  expect(r.code, `${label}\n${r.stderr.slice(0, 2000)}`).toBe(1);
  const text = errorText(r.stderr);
  expect(text, `${label}: no "error: " line in\n${r.stderr.slice(0, 2000)}`).toBeDefined();
  expect(r.stderr.trimEnd().endsWith(HINT), `${label}: the error ends stderr`).toBe(true);
  if (typeof c.error === "string") expect(text, label).toBe(expand(c.error));
  else if (c.error) {
    const re = new RegExp(c.error.source.replaceAll("\\{in\\}", expand("{in}").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), c.error.flags);
    expect(text, label).toMatch(re);
  }
}

function checkNothingWritten(label: string, dirs: { in: string; out: string; cwd: string; home: string }, inputs: string[]): void {
  expect(readdirSync(dirs.out), `${label}: wrote into {out}`).toEqual([]);
  expect(readdirSync(dirs.cwd), `${label}: wrote into its working directory`).toEqual([]);
  expect(readdirSync(dirs.home), `${label}: wrote into HOME`).toEqual([]);
  expect(readdirSync(dirs.in).sort(), `${label}: changed its inputs`).toEqual(inputs);
}

describe("hostile inputs", () => {
  it("the corpus has at least 100 cases of every kind", () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(100);
    const kinds = new Map<string, number>();
    for (const c of hostileCases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(["ca-hash", "config", "discovery", "flags", "kubeconfig", "token"]);
    const names = hostileCases.map((c) => `${c.kind}: ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  hostileCases.forEach((c, i) => {
    it(`${c.kind}: ${c.name}`, async () => {
      const upstream = c.oracle ? requireUpstream("kubeadm") : undefined;
      serve = c.serve ?? ((_q, res) => res.end());
      const ours = prepare(c, `${i}-ts`);
      const r = await runCase(KUBEADM, c, ours.dirs, ours.expand);
      // HOSTILE_REPORT=1: one line per case with its time and memory
      if (process.env.HOSTILE_REPORT) process.stdout.write(`hostile\t${r.ms}\t${r.rssKB}\t${c.kind}: ${c.name}\n`);
      checkRun("kubeadm-ts", c, r, ours.expand);
      checkNothingWritten("kubeadm-ts", ours.dirs, ours.inputs);
      if (upstream) {
        // the same paths for both, so that messages naming them are equal
        const u = await runCase(upstream, c, ours.dirs, ours.expand);
        expect(u.timedOut, "upstream timed out").toBe(false);
        if (c.accept !== undefined) {
          expect(u.code).toBe(0);
          expect(u.stdout).toBe(r.stdout);
        } else {
          expect(u.code, u.stderr.slice(0, 2000)).toBe(1);
          expect(errorText(r.stderr)).toBe(errorText(u.stderr));
        }
      }
    }, (c.timeoutMs ?? 20_000) * (c.oracle ? 2 : 1) + 10_000);
  });
});
