// The cluster health checks of an upgrade (upstream CheckClusterHealth) with a fake API and a fake
// clock: the health-check Job by value, the skip without schedulable Nodes, NotReady control
// planes, missing manifests, and how --ignore-preflight-errors turns each into a warning.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/client/poll.js";
import { checkClusterHealth, healthCheckJob, notReadyNodes } from "../../../src/upgrade/health.js";
import { memoryLogger } from "../../../src/util/log.js";
import type { KubeClient } from "../../../src/client/types.js";

const dir = mkdtempSync(join(tmpdir(), "upgrade-health-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) writeFileSync(join(dir, `${c}.yaml`), "x");

const cfg = { imageRepository: "registry.k8s.io" } as never;
const node = (name: string, ready: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels }, status: { conditions: [{ type: "Ready", status: ready }] } });

function fakeClient(o: { nodes: ReturnType<typeof node>[]; jobCompletes: boolean }) {
  const calls: string[] = [];
  const client = {
    async list(resource: string, opts: { labelSelector?: string; fieldSelector?: string; limit?: number }) {
      calls.push(`list ${resource} ${JSON.stringify(opts)}`);
      const items = opts.labelSelector ? o.nodes.filter((n) => "node-role.kubernetes.io/control-plane" in n.metadata.labels) : o.nodes.slice(0, opts.limit ?? Infinity);
      return { items };
    },
    async create(resource: string, obj: { metadata: { name: string } }) {
      calls.push(`create ${resource} ${obj.metadata.name}`);
      return obj;
    },
    async get(resource: string, name: string) {
      calls.push(`get ${resource} ${name}`);
      return { status: { conditions: o.jobCompletes ? [{ type: "Complete", status: "True" }] : [] } };
    },
  };
  return { client: client as unknown as KubeClient, calls };
}

async function run(nodes: ReturnType<typeof node>[], o: { jobCompletes?: boolean; ignore?: string[]; manifestsDir?: string } = {}) {
  const { client, calls } = fakeClient({ nodes, jobCompletes: o.jobCompletes ?? true });
  let out = "";
  let err = "";
  const log = memoryLogger();
  let error: unknown = null;
  try {
    await checkClusterHealth({
      client,
      cfg,
      ignore: new Set(o.ignore ?? []),
      dryRun: false,
      out: { write: (t: string) => ((out += t), true) } as never,
      stderr: { write: (t: string) => ((err += t), true) } as never,
      log,
      manifestsDir: o.manifestsDir ?? dir,
      clock: new FakeClock(),
      now: () => 1700000000000,
    });
  } catch (e) {
    error = e;
  }
  return { out, err, log: log.lines, calls, error };
}

describe("checkClusterHealth", () => {
  it("a healthy cluster: the Job runs and completes", async () => {
    const r = await run([node("cp1", "True", { "node-role.kubernetes.io/control-plane": "" })]);
    expect(r.error).toBeNull();
    expect(r.out).toBe("[upgrade] Running cluster health checks\n");
    expect(r.calls).toEqual([
      'list nodes {"fieldSelector":"spec.unschedulable=false","limit":1}',
      "create jobs upgrade-health-check-1700000000000",
      "get jobs upgrade-health-check-1700000000000",
      'list nodes {"labelSelector":"node-role.kubernetes.io/control-plane="}',
    ]);
  });

  it("no schedulable Node: CreateJob is skipped with upstream's warning", async () => {
    const r = await run([]);
    expect(r.error).toBeNull();
    expect(r.log).toEqual(['W The preflight check "CreateJob" was skipped because there are no schedulable Nodes in the cluster.']);
  });

  it("failures: a Job that never completes, NotReady control planes, missing manifests; ignored ones warn", async () => {
    const nodes = [node("cp1", "False", { "node-role.kubernetes.io/control-plane": "" }), node("cp2", "Unknown", { "node-role.kubernetes.io/control-plane": "" })];
    const r = await run(nodes, { jobCompletes: false, manifestsDir: join(dir, "none") });
    expect((r.error as Error).message).toBe("preflight checks failed");
    const m = join(dir, "none");
    expect(r.err).toBe(
      "[preflight] Some fatal errors occurred:\n" +
        '\t[ERROR CreateJob]: Job "upgrade-health-check-1700000000000" in the namespace "kube-system" did not complete in 1m0s: no condition of type Complete\n' +
        "\t[ERROR ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: [cp1 cp2]\n" +
        `\t[ERROR StaticPodManifest]: manifest files not found: [${m}/kube-apiserver.yaml ${m}/kube-controller-manager.yaml ${m}/kube-scheduler.yaml]\n` +
        "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n",
    );
    const ignored = await run(nodes, { jobCompletes: true, ignore: ["controlplanenodesready"] });
    expect(ignored.error).toBeNull();
    expect(ignored.err).toBe("\t[WARNING ControlPlaneNodesReady]: there are NotReady control-planes in the cluster: [cp1 cp2]\n");
  });
});

describe("builders", () => {
  it("the health-check Job", () => {
    expect(healthCheckJob("upgrade-health-check-1", cfg)).toEqual({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "upgrade-health-check-1", namespace: "kube-system" },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 65,
        activeDeadlineSeconds: 65,
        template: {
          metadata: {},
          spec: {
            restartPolicy: "Never",
            securityContext: { runAsUser: 999, runAsGroup: 999, runAsNonRoot: true },
            tolerations: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
            containers: [{ name: "upgrade-health-check", image: "registry.k8s.io/pause:3.10.2", args: ["-v"], resources: {} }],
          },
        },
      },
      status: {},
    });
  });

  it("notReadyNodes", () => {
    expect(notReadyNodes([node("a", "True"), node("b", "False"), { metadata: { name: "c" } }] as never)).toEqual(["b"]);
  });
});
