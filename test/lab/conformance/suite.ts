// The conformance run as a vitest suite, shared by full.test.ts (`npm run test:conformance`) and
// ci.test.ts (`npm run test:conformance-ci`): takes the lab lock, lab:cluster up (3+2) with
// upstream kubeadm, imports the e2e images, runs ginkgo + e2e.test, fails on any failed spec,
// brings the cluster down. Results (JUnit, ginkgo log, summary.json) stay in
// ~/.cache/kubeadm-ts/upstream/<version>/conformance/<name>-<time>/.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cluster, KUBERNETES_VERSION, takeLock } from "../cluster/cluster.js";
import {
  conformanceBinariesBuilt,
  e2eImages,
  failureLines,
  importE2EImages,
  KINDER_SKIP,
  resultsDir,
  runGinkgo,
  upstreamCluster,
  type GinkgoRun,
  type LabCluster,
} from "./lab.js";

const LOCK = "/tmp/kubeadm-ts-lab.lock";

export interface SuiteOptions {
  name: string;
  focus: string;
  /** at least this many specs must be selected (a focus that matches nothing proves nothing) */
  minSpecs: number;
  /** ginkgo's --timeout for the whole run */
  timeout: string;
  nodes: number;
  /** import only these e2e images (references); default: every one build-e2e-images.sh makes */
  images?: string[];
}

export function conformanceSuite(o: SuiteOptions): void {
  const cps = Number(process.env.LAB_CLUSTER_CONTROL_PLANES ?? 3);
  const workers = Number(process.env.LAB_CLUSTER_WORKERS ?? 2);
  const focus = process.env.CONFORMANCE_FOCUS ?? o.focus;
  const skip = process.env.CONFORMANCE_SKIP ?? KINDER_SKIP;
  const nodes = Number(process.env.CONFORMANCE_NODES ?? o.nodes);
  // a focus given by hand (a re-run of some specs) must select at least one
  const minSpecs = process.env.CONFORMANCE_FOCUS ? 1 : o.minSpecs;
  const summary: Record<string, unknown> = { name: o.name, version: KUBERNETES_VERSION, controlPlanes: cps, workers, focus, skip, ginkgoNodes: nodes, date: new Date().toISOString() };
  let release: (() => void) | undefined;
  let tmp = "";
  let dir = "";
  let up = false;
  let lab: LabCluster | undefined;
  let run: GinkgoRun | undefined;
  const t0 = Date.now();

  beforeAll(async () => {
    expect(process.getuid?.(), "needs root").toBe(0);
    expect(conformanceBinariesBuilt(), "e2e.test and ginkgo missing: npm run lab:build").toBe(true);
    release = takeLock(LOCK, 3600);
    summary.lockWaitMs = Date.now() - t0;
    const d = cluster(["down"]);
    expect(d.code, d.stderr).toBe(0);
    tmp = mkdtempSync(join(tmpdir(), "kts-conformance-"));
    dir = resultsDir(o.name);
    up = true;
    lab = await upstreamCluster(cps, workers, tmp);
    summary.cluster = lab.timings;
    summary.imageImportMs = importE2EImages(lab.nodes, o.images);
  }, 90 * 60_000); // up to an hour waiting for the lab lock, then up, init, joins, import

  afterAll(() => {
    try {
      if (up) {
        const t = Date.now();
        const d = cluster(["down"]);
        summary.downMs = Date.now() - t;
        if (d.code !== 0) summary.downError = d.stderr.slice(-2000);
      }
    } finally {
      summary.totalMs = Date.now() - t0;
      if (dir) writeFileSync(join(dir, "summary.json"), JSON.stringify(summary, null, 2));
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      release?.();
    }
  }, 10 * 60_000);

  describe.sequential(`${o.name}: upstream e2e.test ${KUBERNETES_VERSION} against ${cps}+${workers} made by upstream kubeadm`, () => {
    it(`the focus passes: ${focus} (skip ${skip}), ginkgo --nodes=${nodes}`, () => {
      expect(lab, "needs the cluster").toBeDefined();
      run = runGinkgo({ admin: lab!.admin, focus, skip, nodes, timeout: o.timeout, dir });
      const { report } = run;
      const ran = report.specs.filter((s) => s.status !== "skipped" && s.status !== "pending");
      summary.ginkgo = {
        exit: run.code,
        ms: run.ms,
        selected: run.selected.length,
        ran: ran.length,
        passed: report.passed,
        failed: report.failed,
        skipped: report.skipped,
        failures: failureLines(report),
        // what the focus needs: every image a Pod named, and which built e2e images none did
        podImages: run.podImages,
        e2eImagesUnused: e2eImages().map((i) => i.ref).filter((r) => !run!.podImages.includes(r)),
        slowest: [...ran].sort((a, b) => b.seconds - a.seconds).slice(0, 10).map((s) => `${s.seconds.toFixed(1)}s ${s.name}`),
        results: dir,
      };
      expect(run.selected.length, "specs the focus selects (e2e.test --ginkgo.dry-run)").toBeGreaterThanOrEqual(minSpecs);
      expect(failureLines(report), `failed specs (log: ${run.log})`).toEqual([]);
      // every selected spec ran and passed (none skipped at run time, none left out by a timeout)
      expect(ran.map((s) => s.name).sort()).toEqual(run.selected);
      expect(report.passed).toBe(run.selected.length);
      expect(run.code, `ginkgo exit status (log: ${run.log})`).toBe(0);
    });
  });
}
