// Parity with the pinned upstream kubeadm on this machine: `kubeadm init phase preflight --dry-run
// --ignore-preflight-errors=all --config X` (upstream, via the lab oracle in a private mount namespace)
// against our runInitPreflight for the same settings in the same kind of namespace. Both see the
// upstream kubelet in PATH, so SystemVerification's report is compared too. Needs `npm run lab:build`.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeadm } from "../../lab/oracle/index.js";
import { requireUpstream, UPSTREAM_BIN_DIR } from "../../support/upstream.js";
import { KUBERNETES_MINOR, KUBERNETES_VERSION } from "../../../src/constants.js";

const dir = mkdtempSync(join(tmpdir(), "preflight-parity-"));
const runner = join(dir, "kubeadm-preflight");
const node = hostname().toLowerCase();
const env = { PATH: `${UPSTREAM_BIN_DIR}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` };

beforeAll(async () => {
  requireUpstream("kubeadm");
  await build({
    entryPoints: [join(__dirname, "parity-runner.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: join(dir, "runner.mjs"),
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: "silent",
  });
  // The oracle passes the kubeadm arguments; our wrapper ignores them and reads the config JSON.
  writeFileSync(runner, `#!/bin/sh\nexec "${process.execPath}" "${join(dir, "runner.mjs")}" "$KUBEADM_TS_CFG"\n`);
  chmodSync(runner, 0o755);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stripKlog = (s: string) => s.replace(/^[WIE]\d{4} [^\]]+\] .*\n/gm, "");

interface Case {
  title: string;
  /** Lines the run must print (guards against comparing two empty outputs). */
  mustContain: string[];
  yaml: string;
  internal: object;
}

const base = (criSocket: string, extra: { podSubnet?: string; serviceSubnet?: string; advertise?: string; kubernetesVersion?: string }) => ({
  yaml: `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: ${extra.advertise ?? "10.0.0.5"}
nodeRegistration:
  name: ${node}
  criSocket: ${criSocket}
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${extra.kubernetesVersion ?? KUBERNETES_VERSION}
networking:
  podSubnet: "${extra.podSubnet ?? ""}"
  serviceSubnet: "${extra.serviceSubnet ?? "10.96.0.0/12"}"
`,
  internal: {
    clusterConfiguration: {
      kubernetesVersion: extra.kubernetesVersion ?? KUBERNETES_VERSION,
      networking: { serviceSubnet: extra.serviceSubnet ?? "10.96.0.0/12", podSubnet: extra.podSubnet ?? "" },
      etcd: { local: { dataDir: "/var/lib/etcd" } },
    },
    localAPIEndpoint: { advertiseAddress: extra.advertise ?? "10.0.0.5", bindPort: 6443 },
    nodeRegistration: { name: node, criSocket, imagePullPolicy: "IfNotPresent", imagePullSerial: true },
  },
});

const cases: Case[] = [
  { title: "IPv4, no runtime at the socket", mustContain: ["[WARNING CRI]: could not connect to the container runtime", "[WARNING SystemVerification]"], ...base("unix:///run/kubeadm-oracle/none.sock", { podSubnet: "10.244.0.0/16" }) },
  { title: "dual-stack CIDRs, newer Kubernetes minor", mustContain: ["[WARNING KubernetesVersion]: Kubernetes version is greater than kubeadm version"], ...base("unix:///run/kubeadm-oracle/none.sock", { serviceSubnet: "10.96.0.0/12,fd00:10:96::/112", kubernetesVersion: `v1.${KUBERNETES_MINOR + 1}.0` }) },
  { title: "IPv6 advertise address", mustContain: ["[WARNING ContainerRuntimeVersion]"], ...base("unix:///run/kubeadm-oracle/none.sock", { serviceSubnet: "fd00:10:96::/112", advertise: "fd00::5" }) },
];

describe("init phase preflight output equals upstream's", () => {
  for (const c of cases) {
    it(c.title, async () => {
      const up = await runKubeadm({ args: ["init", "phase", "preflight", "--dry-run", "--ignore-preflight-errors=all"], config: c.yaml, env });
      const ours = await runKubeadm({ bin: runner, args: [], env: { ...env, KUBEADM_TS_CFG: JSON.stringify(c.internal) } });
      expect(up.code).toBe(0);
      expect(ours.code).toBe(0);
      for (const line of c.mustContain) expect(up.stderr + up.stdout).toContain(line);
      expect(stripKlog(ours.stderr)).toBe(stripKlog(up.stderr));
      expect(ours.stdout).toBe(up.stdout);
    });
  }
});
