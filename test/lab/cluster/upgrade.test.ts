// `kubeadm upgrade apply` v1.36.3 → v1.37.2 on real single-node clusters (issue #15):
// `npm run test:cluster` (or `npx vitest run --config test/lab/cluster/vitest.config.ts test/lab/cluster/upgrade.test.ts`).
//
// lab:cluster up with three control-plane nodes of the previous set (v1.36.3 kubelet and kubeadm);
// each becomes its own single-node cluster (its own address as controlPlaneEndpoint): cp1 and cp2
// made by upstream kubeadm v1.36.3 init, cp3 by kubeadm-ts init (v1.36.3). `upgrade plan v1.37.2`
// prints the same on cp1 (kubeadm-ts) and cp2 (upstream). Then, at the same time, kubeadm-ts
// upgrades cp1, upstream kubeadm v1.37.2 upgrades cp2 and cp3 (`upgrade apply v1.37.2 -y`, every
// phase; UPGRADE_TEST_SKIP_PHASES skips some on all), and:
//  1. all succeed; cp1 prints what cp2 prints (node names, addresses, timestamps and random folder
//     names normalized; the etcd snapshot line is kubeadm-ts's own; "[apiclient] ..." lines depend
//     on timing), and so does cp3 (upstream on the kubeadm-ts-made cluster; there etcd is
//     restarted, not upgraded: kubeadm v1.37 makes v1.36 control planes with etcd 3.7.0-0);
//  2. the same files under /etc/kubernetes (names, modes) and the same manifests (and backups),
//     kubeadm-config, kubelet-config, /var/lib/kubelet/config.yaml and kubelet.conf server on cp1
//     and cp3 as on cp2 (cp3's backups are kubeadm-ts init's v1.36.3 manifests); the etcd backup is a snapshot file (kubeadm-ts) where upstream copies the
//     data folder, and that snapshot restores (etcd's own restore code, test/support/etcd-restore)
//     to a data folder from which an etcd serves the cluster's objects;
//  3. the kubelet swapped to v1.37.2 on all three: nodes Ready at v1.37.2, kube-system Pods Running
//     and ready, the control plane at v1.37.2; upstream's e2e_kubeadm v1.37.2 passes on cp1 (the
//     single-node specs, as test:lab runs them);
//  4. `upgrade apply v1.37.2 --dry-run -y` and `upgrade node --dry-run`, kubeadm-ts on cp1 and
//     upstream on cp2, change nothing in /etc/kubernetes and /var/lib/kubelet (names, modes,
//     sha256; Pod volumes aside) but add their dry-run folders (the same on both:
//     /etc/kubernetes/tmp/kubeadm-upgrade-{apply,node}-dryrun<random>, which upstream leaves), and
//     the kube-system ConfigMaps' resourceVersions stay the same;
//  5. `upgrade apply v1.37.2 -y` again (same version) on cp1 (kubeadm-ts) and cp2 (upstream): both
//     succeed with the same stdout and change the same files (added, removed, changed content or
//     mode under /etc/kubernetes and the kubelet's files);
//  6. the rollback: `upgrade apply --config` with a patch that makes the new kube-apiserver crash
//     (an unknown flag) and timeouts.upgradeManifests 1m, kubeadm-ts on cp1 and upstream on cp2:
//     both fail with the same error line, the previous kube-apiserver manifest is back, the API
//     serves and kube-system is healthy again.
// A kubeadm-ts-made cluster upgraded by kubeadm-ts is the HA test's (upgrade-ha.test.ts).
// The apply durations (parallel, same machine) go to the test's output.
//
// Needs root and `npm run lab:build`, `npm run build`. Takes the lab lock for the whole run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IGNORE, KUBECTL, SKIP_FLAGS, TARGET, useUpgradeLab } from "./upgrade-lab.js";
import { CLI, e2eKubeadm, errorLine, inNode, inNodeOk, sleep, waitFor, type Sh } from "./cluster.js";
import { etcdSnapshotRestoreBinary } from "../../support/etcd-restore.js";
import { freePort } from "../../support/apiserver.js";
import { requireUpstream } from "../../support/upstream.js";

/** cp1: upstream-made, kubeadm-ts upgrades; cp2: upstream-made, upstream upgrades; cp3: kubeadm-ts-made, upstream upgrades. */
const NODES = { ours: "cp1", upstream: "cp2", mixed: "cp3" } as const;
const ALL = [NODES.ours, NODES.upstream, NODES.mixed];
const IP: Record<string, string> = { cp1: "10.77.0.11", cp2: "10.77.0.12", cp3: "10.77.0.13" };
// the nodes share the lab's pod network routes: each cluster gets its own pod subnet
const POD_SUBNET: Record<string, string> = { cp1: "10.244", cp2: "10.245", cp3: "10.246" };
const UPSTREAM_KUBEADM = `/opt/kts/upstream/${TARGET}/bin/kubeadm`;


/** inNode without blocking the event loop, so several nodes run at once. */
function inNodeAsync(node: string, argv: string[], timeoutMs = 15 * 60_000): Promise<Sh> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn("bash", [CLI, "exec", node, "--", ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** One node's view, with its name and address made the same. */
const same = (node: string, s: string): string =>
  s
    .replaceAll(IP[node]!, "<ip>")
    .replaceAll(`${POD_SUBNET[node]!}.`, "<podnet>.")
    .replace(new RegExp(`\\b${node}\\b`, "g"), "<node>")
    .replace(/\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d/g, "<ts>")
    .replace(/kubeadm-upgraded-manifests\d+/g, "kubeadm-upgraded-manifests<N>")
    .replace(/kubeadm-upgrade-(apply|node)-dryrun\d+/g, "kubeadm-upgrade-$1-dryrun<N>");

/** kubeadm-ts's own lines (beyond upstream) left out of the stdout comparison. */
const withoutOwnLines = (s: string): string =>
  s
    .split("\n")
    .filter((l) => !l.startsWith("[upgrade/etcd] Saved a snapshot of etcd"))
    .join("\n");

/**
 * kubeadm v1.37 makes a v1.36 control plane with etcd 3.7.0-0 (upstream v1.37.2's
 * SupportedEtcdVersion; its `config images list --kubernetes-version v1.36.3` says so), where
 * kubeadm v1.36.3 used 3.6.8-0: on cp3 (kubeadm-ts init) etcd is already at the target, so the
 * upgrade restarts it for its renewed certificates instead of moving a new manifest in.
 */
const etcdAlreadyAtTarget = (s: string): string =>
  s.replace(
    /\[upgrade\/staticpods\] Moving new manifest to "\/etc\/kubernetes\/manifests\/etcd\.yaml" and backing up old manifest to ("[^"]+")/,
    "[upgrade/staticpods] Restarting the etcd static pod and backing up its manifest to $1",
  );

// upstream's "[apiclient] ..." lines depend on when the mirror Pods were seen (and on when the
// new kube-apiserver's RBAC is ready)
const stable = (s: string) => s.split("\n").filter((l) => !l.startsWith("[apiclient] Found ") && !l.startsWith("[apiclient] Error getting Pods")).join("\n");

function files(node: string): string[] {
  const out = inNodeOk(node, ["bash", "-c", "cd /etc/kubernetes && find . -path ./tmp -prune -o -printf '%p %m %y\\n' | sort; ls /etc/kubernetes/tmp"]);
  return same(node, out).split("\n").filter(Boolean);
}

const cat = (node: string, file: string): string => same(node, inNodeOk(node, ["cat", file]));
const configMap = (node: string, name: string, key: string): string =>
  same(node, inNodeOk(node, [...KUBECTL, "-n", "kube-system", "get", "configmap", name, "-o", `jsonpath={.data.${key.replaceAll(".", "\\.")}}`]));

/**
 * Every path under /etc/kubernetes and /var/lib/kubelet with its mode, type and (files) sha256,
 * raw: path → "mode type [sha]". Left out: what the kubelet writes for Pods (volumes, plugins,
 * checkpoints, its *_state files, rewritten as it admits Pods) and what is inside an etcd backup
 * folder (a snapshot file for kubeadm-ts, a copy of the data folder for upstream).
 */
function state(node: string): Map<string, string> {
  const out = inNodeOk(node, [
    "bash",
    "-c",
    `find /etc/kubernetes /var/lib/kubelet \\( -path '/etc/kubernetes/tmp/kubeadm-backup-etcd-*/*' -o -path /var/lib/kubelet/pods -o -path /var/lib/kubelet/plugins -o -path /var/lib/kubelet/plugins_registry -o -path /var/lib/kubelet/pod-resources -o -path /var/lib/kubelet/checkpoints -o -path '/var/lib/kubelet/*_state' \\) -prune -o -printf '%p %m %y\\n' | sort | while read -r p m y; do if [ "$y" = f ]; then echo "$p $m $y $(sha256sum < "$p" | cut -c1-64)"; else echo "$p $m $y"; fi; done`,
  ]);
  const m = new Map<string, string>();
  for (const l of out.split("\n").filter(Boolean)) {
    const [p, ...rest] = l.split(" ");
    m.set(p!, rest.join(" "));
  }
  return m;
}

/** What changed between two states: "+ path", "- path", "~ path" (content or mode), normalized. */
function changes(node: string, before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [p, v] of after) {
    if (!before.has(p)) out.push(`+ ${p} ${v.split(" ").slice(0, 2).join(" ")}`);
    else if (before.get(p) !== v) out.push(`~ ${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) out.push(`- ${p}`);
  return out.map((l) => same(node, l)).sort();
}

/** kube-system's ConfigMaps: name → resourceVersion. */
const configMapVersions = (node: string): string =>
  inNodeOk(node, [...KUBECTL, "-n", "kube-system", "get", "configmaps", "-o", 'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}']);

/** Waits until the node's kube-system Pods are all Running and ready. */
async function kubeSystemHealthy(n: string): Promise<void> {
  await waitFor(`${n}'s kube-system Pods Running and ready`, 240_000, () => {
    const pods = JSON.parse(inNodeOk(n, [...KUBECTL, "-n", "kube-system", "get", "pods", "-o", "json"])) as {
      items: Array<{ metadata: { name: string }; status: { phase?: string; containerStatuses?: Array<{ ready: boolean }> } }>;
    };
    const bad = pods.items.filter((p) => p.status.phase !== "Running" || !(p.status.containerStatuses ?? []).every((c) => c.ready));
    if (pods.items.length >= 6 && bad.length === 0) return true;
    throw new Error(`not yet: ${bad.map((p) => `${p.metadata.name} ${p.status.phase}`).join(", ") || `${pods.items.length} Pods`}`);
  }, 3000);
}

useUpgradeLab(["--control-planes", "3", "--workers", "0", "--node-set", "cp1=previous,cp2=previous,cp3=previous"]);

describe("upgrade apply v1.36.3 → v1.37.2, kubeadm-ts next to upstream", () => {
  const applied: Record<string, Sh> = {};

  it("three single-node v1.36.3 clusters: two made by upstream kubeadm v1.36.3, one by kubeadm-ts", async () => {
    const inits = await Promise.all(
      ALL.map((n) =>
        inNodeAsync(n, [
          "bash",
          "-c",
          `sed -e 's/^controlPlaneEndpoint: .*/controlPlaneEndpoint: "${IP[n]}:6443"/' -e 's/podSubnet: 10.244.0.0/podSubnet: ${POD_SUBNET[n]}.0.0/' -e 's/advertiseAddress: .*/advertiseAddress: ${IP[n]}/' -e 's/  name: cp1/  name: ${n}/' /kts-cluster/init.yaml > /root/init.yaml && kubeadm version -o short && ${n === NODES.mixed ? "kubeadm-ts" : "kubeadm"} init --config /root/init.yaml`,
        ]),
      ),
    );
    for (const r of inits) {
      expect(r.stdout, r.stderr).toContain("v1.36.3");
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    for (const n of ALL) {
      await waitFor(`${n} Ready`, 180_000, () =>
        /True/.test(inNodeOk(n, [...KUBECTL, "get", "node", n, "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) ? true : undefined,
      );
    }
  });

  it("kubeadm-ts's upgrade plan prints what upstream's prints", async () => {
    const [ours, upstream] = await Promise.all([
      inNodeAsync(NODES.ours, ["kubeadm-ts", "upgrade", "plan", TARGET]),
      inNodeAsync(NODES.upstream, [UPSTREAM_KUBEADM, "upgrade", "plan", TARGET]),
    ]);
    expect(upstream!.code, upstream!.stdout + upstream!.stderr).toBe(0);
    expect(upstream!.stdout).toContain(`kubeadm upgrade apply ${TARGET}`);
    expect(same(NODES.ours, ours!.stdout)).toBe(same(NODES.upstream, upstream!.stdout));
    expect(ours!.code).toBe(0);
  });

  it("kubeadm-ts and upstream upgrade apply v1.37.2 -y, side by side (upstream also on the kubeadm-ts-made cluster)", async () => {
    const skip = SKIP_FLAGS;
    const [ours, upstream, mixed] = await Promise.all([
      inNodeAsync(NODES.ours, ["kubeadm-ts", "upgrade", "apply", TARGET, "-y", IGNORE, ...skip]),
      inNodeAsync(NODES.upstream, [UPSTREAM_KUBEADM, "upgrade", "apply", TARGET, "-y", IGNORE, ...skip]),
      inNodeAsync(NODES.mixed, [UPSTREAM_KUBEADM, "upgrade", "apply", TARGET, "-y", IGNORE, ...skip]),
    ]);
    applied.ours = ours!;
    applied.upstream = upstream!;
    console.log(`upgrade apply: kubeadm-ts ${ours!.ms} ms, upstream ${upstream!.ms} ms, upstream on the kubeadm-ts-made cluster ${mixed!.ms} ms (side by side on one machine)`);
    expect(upstream!.code, upstream!.stdout + upstream!.stderr).toBe(0);
    expect(mixed!.code, mixed!.stdout + mixed!.stderr).toBe(0);
    expect(ours!.code, ours!.stdout + ours!.stderr).toBe(0);
    expect(ours!.stdout).toContain(`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${TARGET}".`);
    expect(ours!.stdout).toMatch(/\[upgrade\/etcd\] Saved a snapshot of etcd \(\d+ bytes\) to "\/etc\/kubernetes\/tmp\/kubeadm-backup-etcd-[0-9-]+\/kubeadm-backup-etcd-[0-9-]+\.db"/);
    expect(stable(same(NODES.mixed, mixed!.stdout))).toBe(etcdAlreadyAtTarget(stable(same(NODES.upstream, upstream!.stdout))));
    expect(stable(withoutOwnLines(same(NODES.ours, ours!.stdout)))).toBe(stable(same(NODES.upstream, upstream!.stdout)));
  });

  it("leaves the same files, manifests and cluster configuration as upstream", () => {
    const etcdBackup = (l: string) => l.startsWith("kubeadm-backup-etcd-");
    const upstream = files(NODES.upstream);
    expect(upstream.filter(etcdBackup)).toEqual(["kubeadm-backup-etcd-<ts>"]);
    for (const n of [NODES.ours, NODES.mixed]) {
      const f = files(n);
      expect(f.filter((l) => !etcdBackup(l)), n).toEqual(upstream.filter((l) => !etcdBackup(l)));
      // every one keeps an etcd backup folder: upstream's holds a copy of the data folder, ours a snapshot
      expect(f.filter(etcdBackup), n).toEqual(["kubeadm-backup-etcd-<ts>"]);
    }
    expect(inNodeOk(NODES.ours, ["bash", "-c", "ls /etc/kubernetes/tmp/kubeadm-backup-etcd-*/"]).trim()).toMatch(/^kubeadm-backup-etcd-[0-9-]+\.db$/);
    for (const n of [NODES.ours, NODES.mixed]) {
      for (const c of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
        const m = `/etc/kubernetes/manifests/${c}.yaml`;
        expect(cat(n, m), `${n} ${m}`).toBe(cat(NODES.upstream, m));
        expect(cat(n, m)).toContain(c === "etcd" ? "etcd:3.7.0-0" : `${c}:${TARGET}`);
        const b = `/etc/kubernetes/tmp/kubeadm-backup-manifests-*/${c}.yaml`;
        const backup = same(n, inNodeOk(n, ["bash", "-c", `cat ${b}`]));
        // cp3's backups are what kubeadm-ts init (as kubeadm v1.37) made, not kubeadm v1.36.3's manifests
        if (n === NODES.ours) expect(backup, `${n} ${b}`).toBe(same(NODES.upstream, inNodeOk(NODES.upstream, ["bash", "-c", `cat ${b}`])));
        else expect(backup, `${n} ${b}`).toContain(c === "etcd" ? "etcd:3.7.0-0" : `${c}:v1.36.3`);
      }
      expect(configMap(n, "kubeadm-config", "ClusterConfiguration"), n).toBe(configMap(NODES.upstream, "kubeadm-config", "ClusterConfiguration"));
      expect(configMap(n, "kubelet-config", "kubelet"), n).toBe(configMap(NODES.upstream, "kubelet-config", "kubelet"));
      expect(cat(n, "/var/lib/kubelet/config.yaml"), n).toBe(cat(NODES.upstream, "/var/lib/kubelet/config.yaml"));
      const server = (x: string) => same(x, inNodeOk(x, ["grep", "server:", "/etc/kubernetes/kubelet.conf"]));
      expect(server(n), n).toBe(server(NODES.upstream));
    }
  });

  it("kubeadm-ts's etcd snapshot restores to a data folder from which etcd serves the cluster's objects", async () => {
    const file = /Saved a snapshot of etcd \(\d+ bytes\) to "([^"]+)"/.exec(applied.ours?.stdout ?? "")?.[1];
    expect(file, applied.ours?.stdout).toBeDefined();
    expect(inNodeOk(NODES.ours, ["stat", "-c", "%a", file!]).trim()).toBe("600");
    const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-upgrade-snapshot-"));
    let etcd: ChildProcess | undefined;
    try {
      const snap = join(dir, "snapshot.db");
      writeFileSync(snap, Buffer.from(inNodeOk(NODES.ours, ["base64", "-w0", file!]).trim(), "base64"), { mode: 0o600 });
      const [client, peer] = [await freePort(), await freePort()];
      const peerURL = `http://127.0.0.1:${peer}`;
      const r = spawnSync(etcdSnapshotRestoreBinary(), [snap, join(dir, "data"), "restored", peerURL], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      etcd = spawn(requireUpstream("etcd"), [
        "--name=restored",
        `--data-dir=${join(dir, "data")}`,
        `--listen-client-urls=http://127.0.0.1:${client}`,
        `--advertise-client-urls=http://127.0.0.1:${client}`,
        `--listen-peer-urls=${peerURL}`,
        `--initial-advertise-peer-urls=${peerURL}`,
        `--initial-cluster=restored=${peerURL}`,
      ], { stdio: "ignore" });
      const keys = await waitFor("the restored etcd serving", 60_000, () => {
        const g = spawnSync(requireUpstream("etcdctl"), [`--endpoints=http://127.0.0.1:${client}`, "get", "--prefix", "--keys-only", "/registry/configmaps/kube-system/"], { encoding: "utf8" });
        return g.status === 0 && g.stdout.trim() ? g.stdout : undefined;
      }, 500);
      expect(keys).toContain("/registry/configmaps/kube-system/kubeadm-config");
      expect(keys).toContain("/registry/configmaps/kube-system/kubelet-config");
    } finally {
      etcd?.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("after the kubelet swap to v1.37.2 all three nodes are Ready and kube-system is healthy", async () => {
    for (const n of ALL) {
      inNodeOk(n, ["bash", "-c", `ln -sfn /opt/kts/upstream/${TARGET}/bin /opt/kts/bin && systemctl restart kubelet`]);
    }
    for (const n of ALL) {
      await waitFor(`${n} Ready at ${TARGET}`, 240_000, () => {
        const s = inNodeOk(n, [...KUBECTL, "get", "node", n, "-o", 'jsonpath={.status.nodeInfo.kubeletVersion} {.status.conditions[?(@.type=="Ready")].status}']);
        return s.trim() === `${TARGET} True` ? true : undefined;
      });
      await kubeSystemHealthy(n);
      const images = inNodeOk(n, [...KUBECTL, "-n", "kube-system", "get", "pods", "-l", "tier=control-plane", "-o", "jsonpath={.items[*].spec.containers[*].image}"]);
      for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) expect(images, n).toContain(`${c}:${TARGET}`);
      expect(images, n).toContain("etcd:3.7.0-0");
    }
    await sleep(0);
  });

  it("upstream's e2e_kubeadm (v1.37.2) passes on the cluster kubeadm-ts upgraded (single-node specs)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-upgrade-e2e-"));
    try {
      const kubeconfig = join(dir, "admin.conf");
      writeFileSync(kubeconfig, inNodeOk(NODES.ours, ["cat", "/etc/kubernetes/admin.conf"]), { mode: 0o600 });
      // one node, made without --upload-certs: no [multi-node] and no [copy-certs] specs (as test:lab)
      const e2e = e2eKubeadm(kubeconfig, join(dir, "report"), { skip: "\\[multi-node\\]|\\[copy-certs\\]" });
      expect(e2e.failed).toBe(0);
      expect(e2e.passed).toBe(e2e.ran);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("upgrade apply --dry-run and upgrade node --dry-run change nothing but leave their dry-run folders, as upstream's", async () => {
    const nodes = [NODES.ours, NODES.upstream];
    const before = nodes.map((n) => ({ files: state(n), configMaps: configMapVersions(n) }));
    const [ours, upstream] = await Promise.all(
      nodes.map(async (n) => {
        const kubeadm = n === NODES.ours ? "kubeadm-ts" : UPSTREAM_KUBEADM;
        const apply = await inNodeAsync(n, [kubeadm, "upgrade", "apply", TARGET, "--dry-run", "-y", IGNORE]);
        const node = await inNodeAsync(n, [kubeadm, "upgrade", "node", "--dry-run", IGNORE]);
        return { apply, node };
      }),
    );
    for (const r of [upstream!, ours!]) {
      expect(r.apply.code, r.apply.stdout + r.apply.stderr).toBe(0);
      expect(r.apply.stdout).toContain("[dryrun] Would");
      expect(r.node.code, r.node.stdout + r.node.stderr).toBe(0);
    }
    const changed = nodes.map((n, i) => changes(n, before[i]!.files, state(n)));
    // upstream writes the kubelet's files of a dry run to /etc/kubernetes/tmp/kubeadm-upgrade-{apply,node}-dryrun<random> and leaves them
    console.log(`upgrade apply/node --dry-run left (upstream):\n${changed[1]!.join("\n")}`);
    expect(changed[1]!.every((l) => /^\+ \/etc\/kubernetes\/tmp\/kubeadm-upgrade-(apply|node)-dryrun<N>/.test(l)), changed[1]!.join("\n")).toBe(true);
    expect(changed[0]).toEqual(changed[1]);
    nodes.forEach((n, i) => expect(configMapVersions(n), n).toBe(before[i]!.configMaps));
  });

  it("upgrade apply v1.37.2 again (same version): the same output and the same changes as upstream's", async () => {
    const before = { ours: state(NODES.ours), upstream: state(NODES.upstream) };
    const [ours, upstream] = await Promise.all([
      inNodeAsync(NODES.ours, ["kubeadm-ts", "upgrade", "apply", TARGET, "-y", IGNORE, ...SKIP_FLAGS]),
      inNodeAsync(NODES.upstream, [UPSTREAM_KUBEADM, "upgrade", "apply", TARGET, "-y", IGNORE, ...SKIP_FLAGS]),
    ]);
    console.log(`upgrade apply again: kubeadm-ts ${ours!.ms} ms, upstream ${upstream!.ms} ms`);
    expect(upstream!.code, upstream!.stdout + upstream!.stderr).toBe(0);
    expect(ours!.code, ours!.stdout + ours!.stderr).toBe(0);
    expect(stable(withoutOwnLines(same(NODES.ours, ours!.stdout)))).toBe(stable(same(NODES.upstream, upstream!.stdout)));
    const upstreamChanges = changes(NODES.upstream, before.upstream, state(NODES.upstream));
    console.log(`upgrade apply again changed (upstream):\n${upstreamChanges.join("\n")}`);
    expect(changes(NODES.ours, before.ours, state(NODES.ours))).toEqual(upstreamChanges);
    for (const n of [NODES.ours, NODES.upstream]) await kubeSystemHealthy(n);
  });

  it("rolls back a kube-apiserver that does not come up, as upstream does, and the API serves again", async () => {
    const config = [
      "apiVersion: kubeadm.k8s.io/v1beta4",
      "kind: UpgradeConfiguration",
      "apply:",
      `  kubernetesVersion: ${TARGET}`,
      "  patches:",
      "    directory: /root/crash-patches",
      "timeouts:",
      "  upgradeManifests: 1m",
      "",
    ].join("\n");
    const nodes = [NODES.ours, NODES.upstream];
    const before: Record<string, string> = {};
    for (const n of nodes) {
      before[n] = inNodeOk(n, ["cat", "/etc/kubernetes/manifests/kube-apiserver.yaml"]);
      inNodeOk(n, [
        "bash",
        "-c",
        `mkdir -p /root/crash-patches && echo '[{"op":"add","path":"/spec/containers/0/command/-","value":"--no-such-flag=1"}]' > /root/crash-patches/kube-apiserver+json.json && cat > /root/upgrade.yaml`,
      ], { input: config });
    }
    const [ours, upstream] = await Promise.all([
      inNodeAsync(NODES.ours, ["kubeadm-ts", "upgrade", "apply", "-y", IGNORE, "--config", "/root/upgrade.yaml", ...SKIP_FLAGS]),
      inNodeAsync(NODES.upstream, [UPSTREAM_KUBEADM, "upgrade", "apply", "-y", IGNORE, "--config", "/root/upgrade.yaml", ...SKIP_FLAGS]),
    ]);
    console.log(`rollback: kubeadm-ts ${ours!.ms} ms, upstream ${upstream!.ms} ms\n--- upstream stdout\n${upstream!.stdout}\n--- upstream stderr\n${upstream!.stderr}\n--- kubeadm-ts stdout\n${ours!.stdout}\n--- kubeadm-ts stderr\n${ours!.stderr}`);
    expect(upstream!.code, upstream!.stdout + upstream!.stderr).not.toBe(0);
    expect(ours!.code, ours!.stdout + ours!.stderr).not.toBe(0);
    expect(errorLine(upstream!.stderr)).toContain("couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: ");
    expect(same(NODES.ours, errorLine(ours!.stderr))).toBe(same(NODES.upstream, errorLine(upstream!.stderr)));
    for (const n of nodes) {
      expect(inNodeOk(n, ["cat", "/etc/kubernetes/manifests/kube-apiserver.yaml"]), n).toBe(before[n]);
      await waitFor(`${n}'s API serving again`, 240_000, () => (inNode(n, [...KUBECTL, "get", "nodes"]).code === 0 ? true : undefined));
      await kubeSystemHealthy(n);
    }
    expect(stable(withoutOwnLines(same(NODES.ours, ours!.stdout)))).toBe(stable(same(NODES.upstream, upstream!.stdout)));
  });
});
