// The CRI client and runtime (src/host/cri) as kubeadm commands use them, against a fake CRI
// (test/support/fake-cri.ts) answering upstream kubeadm and ours alike: `init phase preflight`
// (Status, RuntimeConfig, ImageStatus, PullImage, the sandbox image) and `reset` (ListPodSandbox,
// StopPodSandbox, RemovePodSandbox), healthy and failing every way cri-client logs. Each case runs
// the pinned upstream kubeadm, then bin/kubeadm, in the lab oracle's private mount namespace
// (fresh /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd; a recording systemctl) and expects the
// same CRI calls with the same decoded requests (the wire protocol: upstream encodes with its own
// generated code, so a wrong field number of ours shows as a different request or a different
// answer), the same exit code and stdout, and the same stderr — cri-client's klog error lines,
// kubeadm's warnings — with only what must differ between two runs masked (see `same`).
// `config images pull` (PullImage, klog quoting, connection failures) is compared the same way
// in test/unit/config/images-pull.test.ts. Needs root, `npm run build` and upstream kubeadm.
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeadm, TS_KUBEADM, type RunResult } from "../../lab/oracle/index.js";
import { fakeCri, grpc, type CriMethod, type FakeCriSandbox } from "../../support/fake-cri.js";
import { maskKlog } from "../../support/klog.js";
import { requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

const fake = fakeCri("cri-oracle-");

beforeAll(async () => {
  requireUpstream("kubeadm");
  if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
  await fake.start();
});

afterAll(() => fake.stop());

const UNAVAILABLE = { code: grpc.status.UNAVAILABLE, details: "runtime is down" };

/** What one run showed: the CRI calls it made and what it printed. */
interface Seen {
  code: number | null;
  stdout: string;
  stderr: string;
  calls: FakeCri["calls"];
}
type FakeCri = typeof fake;

/**
 * What must differ between the two runs, masked:
 * - the klog headers' date, time and pid (maskKlog; severity and file:line are kept);
 * - "Port N is in use" warnings of preflight: ports are held by whatever else runs on this shared
 *   machine at the instant each binary checks them, which is not the same instant.
 * With `sortCalls`, the calls are compared as a multiset: parallel image pulls reach the runtime in
 * the order their goroutines (or promises) are scheduled, which neither binary fixes.
 */
function seen(r: RunResult, sortCalls: boolean): Seen {
  const calls = [...fake.calls];
  if (sortCalls) calls.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { code: r.code, stdout: r.stdout, stderr: maskKlog(r.stderr).replace(/^\t\[WARNING Port-\d+\]: Port \d+ is in use\n/gm, ""), calls };
}

interface Case {
  title: string;
  args: string[];
  config?: string;
  /** Sets the fake's answers (after a reset to `initial`). */
  answers?: (f: FakeCri) => void;
  initial?: { images?: Record<string, { id: string; size: string }>; sandboxes?: FakeCriSandbox[] };
  sortCalls?: boolean;
  /** Something upstream's stderr must show, so that a fake ignoring its answers cannot pass. */
  shows?: string;
  /** The number of calls of a method upstream made (the same guard, for quiet cases). */
  count?: [CriMethod, number];
}

/** Runs upstream then ours on the same fresh fake and expects the same calls and output. */
async function same(c: Case): Promise<Seen> {
  const run = async (bin: "upstream" | "ts"): Promise<Seen> => {
    fake.reset(c.initial);
    c.answers?.(fake);
    return seen(await runKubeadm({ bin, args: c.args, ...(c.config ? { config: c.config } : {}) }), c.sortCalls ?? false);
  };
  const up = await run("upstream");
  const ts = await run("ts");
  if (c.shows !== undefined) expect(up.stderr).toContain(c.shows);
  if (c.count) expect(up.calls.filter((x) => x.method === c.count![0])).toHaveLength(c.count[1]);
  expect(ts).toEqual(up);
  return ts;
}

const config = (extra: string[] = [], serial = true) =>
  [
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: InitConfiguration",
    "localAPIEndpoint:",
    "  advertiseAddress: 10.0.0.5",
    "nodeRegistration:",
    `  name: ${hostname().toLowerCase()}`,
    `  criSocket: ${fake.endpoint}`,
    `  imagePullSerial: ${serial}`,
    "---",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${KUBERNETES_VERSION}`,
    ...extra,
    "",
  ].join("\n");

const PREFLIGHT = ["init", "phase", "preflight", "--ignore-preflight-errors=all"];
const RESET = ["reset", "-f", "--cri-socket", fake.endpoint];
const SANDBOXES = [
  { id: "p1", name: "etcd" },
  { id: "p2", name: "kube-apiserver" },
];
const IMAGES = (repo: string) => Object.fromEntries(["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy"].map((n) => [`${repo}/${n}:${KUBERNETES_VERSION}`, { id: `sha256:${n}`, size: "7" }]));

describe("init phase preflight against a fake CRI: same calls and lines as upstream", () => {
  const cases: Case[] = [
    {
      title: "a healthy runtime without the images: Status, RuntimeConfig, verbose Status, then ImageStatus and PullImage per image",
      args: PREFLIGHT,
      config: config(),
      count: ["PullImage", 7],
    },
    {
      title: "some images present: no pull for them (ImageStatus replies decoded)",
      args: PREFLIGHT,
      config: config(),
      initial: { images: IMAGES("registry.k8s.io") },
      count: ["PullImage", 3],
    },
    {
      title: "RuntimeConfig unimplemented (containerd 1.6): its line, then the ContainerRuntimeVersion warning",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("RuntimeConfig", { code: grpc.status.UNIMPLEMENTED, details: "unknown method RuntimeConfig for service runtime.v1.RuntimeService" }),
      shows: '"RuntimeConfig from runtime service failed"',
    },
    {
      title: "RuntimeConfig failing otherwise: could not check",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("RuntimeConfig", UNAVAILABLE),
      shows: "could not check if the runtime config is available",
    },
    {
      title: "Status failing: the CRI check and the sandbox image lookup",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("Status", UNAVAILABLE),
      shows: '"Status from runtime service failed"',
    },
    {
      title: "Status without both conditions",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("Status", "bad-reply"),
      shows: '"Status failed" err="RuntimeReady or NetworkReady condition are not set"',
    },
    {
      title: "RuntimeReady false: its reason and message (condition replies decoded)",
      args: PREFLIGHT,
      config: config(),
      answers: (f) =>
        f.answers.set("Status", () => ({
          status: { conditions: [{ type: "RuntimeReady", status: false, reason: "Broken", message: "it is \"broken\"" }, { type: "NetworkReady", status: false, reason: "NoCNI", message: "no cni" }] },
        })),
      shows: 'container runtime condition "RuntimeReady" is not true',
    },
    {
      title: "a sandbox image other than kubeadm's: the warning (verbose Status info decoded)",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => (f.sandboxImage = "registry.k8s.io/pause:3.9"),
      shows: 'detected that the sandbox image "registry.k8s.io/pause:3.9"',
    },
    {
      title: "ImageStatus failing: its line and kubeadm's warning per image, then the pulls",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("ImageStatus", { code: grpc.status.NOT_FOUND, details: "nope" }),
      shows: '"Get ImageStatus from image service failed"',
    },
    {
      title: "ImageStatus of an image without id or size",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("ImageStatus", "bad-reply"),
      shows: '"ImageStatus failed" err="Id or size of image',
    },
    {
      title: "PullImage failing (five attempts per image), serially: the ImagePull error lists each image",
      args: PREFLIGHT,
      config: config(["imageRepository: 127.0.0.1:1/k8s"]),
      answers: (f) => f.answers.set("PullImage", (req) => ({ code: grpc.status.UNKNOWN, details: `failed to pull and unpack image "${req.image.image}": connection refused` })),
      shows: "[WARNING ImagePull]",
    },
    {
      title: "PullImage without an image ref",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("PullImage", "bad-reply"),
      shows: '"ImageRef of image is not set" err="PullImage failed"',
    },
    {
      title: "parallel pulls (imagePullSerial: false), one image failing",
      args: PREFLIGHT,
      config: config([], false),
      answers: (f) =>
        f.answers.set("PullImage", (req) =>
          (req.image.image as string).includes("kube-proxy") ? { code: grpc.status.NOT_FOUND, details: "no such image" } : { image_ref: "sha256:1" },
        ),
      sortCalls: true,
      shows: '"PullImage from image service failed" err="rpc error: code = NotFound desc = no such image"',
    },
    {
      title: "a runtime that fails the connection validation: each CRI check fails to connect",
      args: PREFLIGHT,
      config: config(),
      answers: (f) => f.answers.set("ImageFsInfo", UNAVAILABLE),
      shows: "could not connect to the container runtime: failed to create new CRI image service",
    },
  ];
  for (const c of cases) it(c.title, { timeout: 60_000 }, () => same(c).then(() => undefined));
});

describe("reset against a fake CRI: same calls and lines as upstream", () => {
  const cases: Case[] = [
    {
      title: "two pod sandboxes: each stopped, then removed",
      args: RESET,
      initial: { sandboxes: SANDBOXES },
      count: ["RemovePodSandbox", 2],
    },
    {
      title: "ListPodSandbox failing: its line (filter <nil>), then the warning",
      args: RESET,
      initial: { sandboxes: SANDBOXES },
      answers: (f) => f.answers.set("ListPodSandbox", UNAVAILABLE),
      shows: '"ListPodSandbox with filter from runtime service failed"',
    },
    {
      title: "StopPodSandbox failing for one sandbox (five attempts), the other removed",
      args: RESET,
      initial: { sandboxes: SANDBOXES },
      answers: (f) => f.answers.set("StopPodSandbox", (req) => (req.pod_sandbox_id === "p1" ? UNAVAILABLE : {})),
      shows: '"StopPodSandbox from runtime service failed"',
    },
    {
      title: "RemovePodSandbox failing for both: the errors joined",
      args: RESET,
      initial: { sandboxes: SANDBOXES },
      answers: (f) => f.answers.set("RemovePodSandbox", UNAVAILABLE),
      shows: '"RemovePodSandbox from runtime service failed"',
    },
    {
      title: "-v=1: the same, with reset's verbosity-1 lines",
      args: [...RESET, "-v=1"],
      initial: { sandboxes: SANDBOXES },
      answers: (f) => f.answers.set("StopPodSandbox", (req) => (req.pod_sandbox_id === "p2" ? UNAVAILABLE : {})),
      shows: "[reset] Removing Kubernetes-managed containers",
    },
    {
      title: "a runtime that fails the connection validation",
      args: RESET,
      initial: { sandboxes: SANDBOXES },
      answers: (f) => f.answers.set("Version", UNAVAILABLE),
      shows: "[reset] Failed to remove containers: failed to create new CRI runtime service",
    },
  ];
  for (const c of cases) it(c.title, { timeout: 60_000 }, () => same(c).then(() => undefined));
});
