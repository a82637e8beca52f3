// The CRI client's klog error lines, checked against the pinned k8s.io/cri-client source: for every
// entry of CRI_LOG, the line of cri-client it names (file:line) is a logger.Error call with the
// same message, and our client, failing that call against the fake CRI (test/support/fake-cri.ts),
// logs the same message at that file:line with the same keys in the same order.
// The lines themselves — values, quoting, order, stderr vs stdout — are compared byte for byte with
// upstream kubeadm's in test/integration/host/cri-oracle.test.ts (preflight, reset) and
// test/unit/config/images-pull.test.ts (config images pull). Three calls kubeadm never makes
// (Version after the connection, ListContainers, ListImages) can only be checked here.
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { streamLogger } from "../../../src/util/log.js";
import { CRI_LOG, CriClient } from "../../../src/host/cri/index.js";
import { fakeCri, grpc, type CriAnswer, type CriMethod } from "../../support/fake-cri.js";
import { requireUpstreamModuleSource } from "../../support/upstream.js";

const fake = fakeCri("cri-log-");
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const UNAVAILABLE = { code: grpc.status.UNAVAILABLE, details: "runtime is down" };

/** How to make our client log each CRI_LOG entry: the method to fail, how, and the call. */
const triggers: Record<keyof typeof CRI_LOG, [CriMethod, CriAnswer, (c: CriClient) => Promise<unknown>]> = {
  // the connection validation calls Version too (and logs nothing): fail only the second call
  version: ["Version", (_req, seen) => (seen === 0 ? { runtime_api_version: "v1" } : UNAVAILABLE), (c) => c.version()],
  stopPodSandbox: ["StopPodSandbox", UNAVAILABLE, (c) => c.stopPodSandbox("p1")],
  removePodSandbox: ["RemovePodSandbox", UNAVAILABLE, (c) => c.removePodSandbox("p1")],
  listPodSandbox: ["ListPodSandbox", UNAVAILABLE, (c) => c.listPodSandbox(null)],
  listContainers: ["ListContainers", UNAVAILABLE, (c) => c.listContainers()],
  status: ["Status", UNAVAILABLE, (c) => c.status()],
  statusConditions: ["Status", "bad-reply", (c) => c.status()],
  runtimeConfig: ["RuntimeConfig", UNAVAILABLE, (c) => c.runtimeConfig()],
  listImages: ["ListImages", UNAVAILABLE, (c) => c.listImages()],
  imageStatus: ["ImageStatus", UNAVAILABLE, (c) => c.imageStatus("x:1")],
  imageStatusFields: ["ImageStatus", "bad-reply", (c) => c.imageStatus("x:1")],
  pullImage: ["PullImage", UNAVAILABLE, (c) => c.pullImage("x:1")],
  pullImageRef: ["PullImage", "bad-reply", (c) => c.pullImage("x:1")],
};

/** The Go string literals of a source line, unquoted (enough for the ASCII texts of these calls). */
const literals = (line: string): string[] => [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);

describe("CRI_LOG and our lines follow cri-client's logger.Error calls", () => {
  for (const [key, [origin, msg]] of Object.entries(CRI_LOG) as Array<[keyof typeof CRI_LOG, readonly [string, string]]>) {
    it(`${key}: ${origin}`, async () => {
      const [file, lineNo] = origin.split(":") as [string, string];
      const src = readFileSync(requireUpstreamModuleSource("k8s.io/cri-client", `pkg/${file}`), "utf8").split("\n")[Number(lineNo) - 1]!;
      expect(src).toMatch(/^\s*logger\.Error\(/);
      // logger.Error(err, msg, k, v, …) or logger.Error(errors.New(text), msg, k, v, …)
      const lits = literals(src);
      const fromNew = /logger\.Error\(errors\.New\(/.test(src);
      const [upMsg, ...upKeys] = fromNew ? lits.slice(1) : lits;
      expect(msg).toBe(upMsg);

      const [method, answer, call] = triggers[key];
      fake.answers.set(method, answer);
      const out = new Capture();
      const c = await CriClient.connect(fake.endpoint, { logger: streamLogger(out) });
      try {
        await call(c).then(
          () => expect.unreachable(`${key} did not fail`),
          () => undefined,
        );
      } finally {
        c.close();
      }
      const lines = out.text.split(/\n(?=[EWI]\d{4} )/).filter((l) => l !== "");
      expect(lines).toHaveLength(1);
      const m = /^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ([^\]]+)\] ("(?:[^"\\]|\\.)*") err=(?:"(?:[^"\\]|\\.)*"|<[\s\S]*?\n >)((?: \w+=(?:"(?:[^"\\]|\\.)*"))*)\n$/.exec(lines[0]!);
      expect(m, lines[0]).not.toBeNull();
      expect(m![1]).toBe(origin);
      expect(JSON.parse(m![2]!)).toBe(upMsg);
      expect([...m![3]!.matchAll(/ (\w+)=/g)].map((k) => k[1])).toEqual(upKeys);
      if (fromNew) expect(lines[0]).toContain(` err=${JSON.stringify(lits[0])}`);
    });
  }
});
