// The static Pod upgrade engine against fake effects: an in-memory /etc/kubernetes, a waiter that
// answers (or fails) per component, an etcd that records its snapshot, a renewer that records.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { performStaticPodUpgrade, type StaticPodUpgradeInput, type UpgradeFiles, type UpgradeWaiter } from "../../../src/upgrade/staticpods.js";
import type { InitConfiguration } from "../../../src/config/types.js";

const K = "/etc/kubernetes";
const M = `${K}/manifests`;
const pod = (component: string, image: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: component }, spec: { containers: [{ name: component, image }] } });
const yaml = (o: unknown) => JSON.stringify(o);

function fakeFiles(initial: Record<string, string>) {
  const fs = new Map(Object.entries(initial));
  let n = 0;
  const moves: string[] = [];
  const files: UpgradeFiles = {
    createTempDir: async (k, prefix) => `${k}/tmp/${prefix}${++n}`,
    createNamedTempDir: async (k, name) => `${k}/tmp/${name}`,
    moveFile: async (src, dest) => {
      const v = fs.get(src);
      if (v === undefined) throw new Error(`rename ${src} ${dest}: no such file or directory`);
      fs.delete(src);
      fs.set(dest, v);
      moves.push(`${src} -> ${dest}`);
    },
    readTextIfExists: async (f) => fs.get(f) ?? null,
    removeAll: async (dir) => {
      for (const k of [...fs.keys()]) if (k.startsWith(`${dir}/`)) fs.delete(k);
    },
    sweepTempFiles: async () => undefined,
    tempDirsWithPrefix: async (k, prefix) => [...new Set([...fs.keys()].filter((f) => path.dirname(path.dirname(f)) === `${k}/tmp` && path.basename(path.dirname(f)).startsWith(prefix)).map((f) => path.dirname(f)))].sort(),
  };
  return { fs, files, moves };
}

const cfg = {
  clusterConfiguration: { kubernetesVersion: "v1.37.2", certificatesDir: `${K}/pki`, etcd: { local: { dataDir: "/var/lib/etcd", imageTag: "" } } },
  nodeRegistration: { name: "cp1" },
  localAPIEndpoint: { advertiseAddress: "10.0.0.1", bindPort: 6443 },
} as unknown as InitConfiguration;

const OLD = "v1.36.3";
const NEW = "v1.37.2";
const oldFiles = (): Record<string, string> => ({
  [`${M}/kube-apiserver.yaml`]: yaml(pod("kube-apiserver", `registry.k8s.io/kube-apiserver:${OLD}`)),
  [`${M}/kube-controller-manager.yaml`]: yaml(pod("kube-controller-manager", `registry.k8s.io/kube-controller-manager:${OLD}`)),
  [`${M}/kube-scheduler.yaml`]: yaml(pod("kube-scheduler", `registry.k8s.io/kube-scheduler:${OLD}`)),
  [`${M}/etcd.yaml`]: yaml(pod("etcd", "registry.k8s.io/etcd:3.6.8-0")),
  [`${K}/admin.conf`]: "kc",
});
const newManifests = async () => ({
  "kube-apiserver": pod("kube-apiserver", `registry.k8s.io/kube-apiserver:${NEW}`),
  "kube-controller-manager": pod("kube-controller-manager", `registry.k8s.io/kube-controller-manager:${NEW}`),
  "kube-scheduler": pod("kube-scheduler", `registry.k8s.io/kube-scheduler:${NEW}`),
  etcd: pod("etcd", "registry.k8s.io/etcd:3.7.0-0"),
});

function setup(o: { files?: Record<string, string>; failRestart?: string; renewCerts?: boolean; etcdUpgrade?: boolean } = {}) {
  const f = fakeFiles(o.files ?? oldFiles());
  const out: string[] = [];
  const renewed: string[] = [];
  const events: string[] = [];
  const waiter: UpgradeWaiter = {
    controlPlaneHashes: async () => ({ "kube-apiserver": "a1", "kube-controller-manager": "c1", "kube-scheduler": "s1" }),
    singleHash: async () => "e1",
    restarted: async (_n, component, before) => {
      events.push(`restarted ${component} ${before}`);
      if (component === o.failRestart) throw new Error(`static Pod hash for component ${component} on Node cp1 did not change after 5m0s: context deadline exceeded`);
    },
    podsWithLabel: async (l) => void events.push(`pods ${l}`),
    runsManifest: async (_n, component, manifest) => void events.push(`runs ${component} ${(manifest as ReturnType<typeof pod>).spec.containers[0]!.image}`),
  };
  const input: StaticPodUpgradeInput = {
    cfg,
    kubernetesDir: K,
    patchesDir: "",
    etcdUpgrade: o.etcdUpgrade ?? true,
    renewCerts: o.renewCerts ?? true,
    upgradeManifestsTimeoutMs: 300_000,
    out: { write: (t: string) => void out.push(t) },
    v: () => undefined,
    now: () => new Date(2026, 11, 6, 13, 0, 0),
    files: f.files,
    waiter,
    etcd: async () => ({
      checkClusterHealth: async () => void events.push("etcd health"),
      waitForClusterAvailable: async () => void events.push("etcd available"),
      snapshot: async (file) => {
        events.push(`snapshot ${file}`);
        f.fs.set(file, "db");
        return { bytes: 2 };
      },
      close: () => undefined,
    }),
    renew: async (name) => {
      renewed.push(name);
      return true;
    },
    newManifests,
    writeManifest: async (component, dir, p) => void f.fs.set(`${dir}/${component}.yaml`, yaml(p)),
    parseYaml: async (t) => JSON.parse(t),
  };
  return { ...f, out, renewed, events, input };
}

describe("performStaticPodUpgrade", () => {
  it("upgrades etcd first, then the control plane, with upstream's lines, backups and renewals", async () => {
    const s = setup();
    await performStaticPodUpgrade(s.input);
    const text = s.out.join("");
    const backup = `${K}/tmp/kubeadm-backup-manifests-2026-12-06-13-00-00`;
    const snap = `${K}/tmp/kubeadm-backup-etcd-2026-12-06-13-00-00/kubeadm-backup-etcd-2026-12-06-13-00-00.db`;
    expect(text).toContain(`[upgrade/staticpods] Writing new Static Pod manifests to "${K}/tmp/kubeadm-upgraded-manifests1"\n`);
    expect(text).toContain(`[upgrade/etcd] Saved a snapshot of etcd (2 bytes) to "${snap}"\n`);
    const order = [...text.matchAll(/Preparing for "([a-z-]+)" upgrade/g)].map((m) => m[1]);
    expect(order).toEqual(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]);
    expect(text).toContain(`[upgrade/staticpods] Moving new manifest to "${M}/kube-apiserver.yaml" and backing up old manifest to "${backup}/kube-apiserver.yaml"\n`);
    expect(text).toContain("[upgrade/staticpods] This can take up to 5m0s\n");
    expect(text).toContain('[upgrade/staticpods] Component "kube-scheduler" upgraded successfully!\n');
    expect(s.renewed).toEqual(["etcd-server", "etcd-peer", "etcd-healthcheck-client", "apiserver", "apiserver-kubelet-client", "front-proxy-client", "apiserver-etcd-client", "controller-manager.conf", "scheduler.conf", "admin.conf"]);
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]) {
      expect(s.fs.get(`${M}/${c}.yaml`)).toMatch(c === "etcd" ? /3\.7\.0-0/ : /v1\.37\.2/);
      expect(s.fs.get(`${backup}/${c}.yaml`)).toMatch(c === "etcd" ? /3\.6\.8-0/ : /v1\.36\.3/);
    }
    expect(s.events.slice(0, 3)).toEqual(["etcd health", `snapshot ${snap}`, "restarted etcd e1"]);
    expect(s.events).toContain("restarted kube-apiserver a1");
    // the staging folder is gone, the snapshot stays
    expect([...s.fs.keys()].some((k) => k.includes("kubeadm-upgraded-manifests"))).toBe(false);
    expect(s.fs.get(snap)).toBe("db");
  });

  it("rolls the moved manifests back with upstream's error when a component does not come up", async () => {
    const s = setup({ failRestart: "kube-controller-manager" });
    await expect(performStaticPodUpgrade(s.input)).rejects.toThrow(
      "couldn't upgrade control plane. kubeadm has tried to recover everything into the earlier state. Errors faced: static Pod hash for component kube-controller-manager on Node cp1 did not change after 5m0s: context deadline exceeded",
    );
    // kube-apiserver and kube-controller-manager back to the old manifests; etcd keeps its upgrade
    expect(s.fs.get(`${M}/kube-apiserver.yaml`)).toMatch(/v1\.36\.3/);
    expect(s.fs.get(`${M}/kube-controller-manager.yaml`)).toMatch(/v1\.36\.3/);
    expect(s.fs.get(`${M}/kube-scheduler.yaml`)).toMatch(/v1\.36\.3/);
    expect(s.fs.get(`${M}/etcd.yaml`)).toMatch(/3\.7\.0-0/);
  });

  it("skips components whose manifest does not change", async () => {
    const files = oldFiles();
    files[`${M}/kube-scheduler.yaml`] = yaml(pod("kube-scheduler", `registry.k8s.io/kube-scheduler:${NEW}`));
    const s = setup({ files, etcdUpgrade: false });
    await performStaticPodUpgrade(s.input);
    const text = s.out.join("");
    expect(text).toContain("[upgrade/staticpods] Current and new manifests of kube-scheduler are equal, skipping upgrade\n");
    expect(text).not.toContain('Preparing for "etcd"');
    expect(s.renewed).not.toContain("scheduler.conf");
    // without the etcd upgrade its backup folder is removed
    expect([...s.fs.keys()].some((k) => k.includes("kubeadm-backup-etcd"))).toBe(false);
  });

  it("a rerun after a kill between the two moves puts the old manifest back first and completes", async () => {
    const files = oldFiles();
    const stale = `${K}/tmp/kubeadm-backup-manifests-2026-12-06-12-59-00`;
    files[`${stale}/kube-apiserver.yaml`] = files[`${M}/kube-apiserver.yaml`]!;
    delete files[`${M}/kube-apiserver.yaml`];
    files[`${K}/tmp/kubeadm-upgraded-manifests7/kube-apiserver.yaml`] = "half";
    const s = setup({ files });
    await performStaticPodUpgrade(s.input);
    expect(s.out[0]).toBe(`[upgrade/staticpods] Restoring the manifest of "kube-apiserver" from "${stale}/kube-apiserver.yaml", left there by an interrupted upgrade\n`);
    expect(s.fs.get(`${M}/kube-apiserver.yaml`)).toMatch(/v1\.37\.2/);
    expect(s.fs.has(`${K}/tmp/kubeadm-upgraded-manifests7/kube-apiserver.yaml`)).toBe(false);
  });

  it("a rerun after a kill that followed the kube-apiserver move waits for the kubelet to run the manifests already in place", async () => {
    // the killed run upgraded etcd and moved the new kube-apiserver manifest in, then died in its wait
    const files = oldFiles();
    const killed = `${K}/tmp/kubeadm-backup-manifests-2026-12-06-12-59-00`;
    files[`${killed}/etcd.yaml`] = files[`${M}/etcd.yaml`]!;
    files[`${killed}/kube-apiserver.yaml`] = files[`${M}/kube-apiserver.yaml`]!;
    const next = await newManifests();
    files[`${M}/etcd.yaml`] = yaml(next.etcd);
    files[`${M}/kube-apiserver.yaml`] = yaml(next["kube-apiserver"]);
    const s = setup({ files });
    await performStaticPodUpgrade(s.input);
    const text = s.out.join("");
    expect(text).toContain("[upgrade/staticpods] Current and new manifests of etcd are equal, skipping upgrade\n");
    expect(text).toContain("[upgrade/staticpods] Current and new manifests of kube-apiserver are equal, skipping upgrade\n");
    // each skipped component is seen running its manifest before the next step; the others restart as usual
    const order = s.events.filter((e) => /^(runs|restarted) /.test(e));
    expect(order).toEqual([`runs etcd registry.k8s.io/etcd:3.7.0-0`, `runs kube-apiserver registry.k8s.io/kube-apiserver:${NEW}`, "restarted kube-controller-manager c1", "restarted kube-scheduler s1"]);
    expect(s.fs.get(`${killed}/kube-apiserver.yaml`)).toMatch(/v1\.36\.3/);
  });

  it("a component whose mirror Pod never shows its manifest in place fails the rerun without moving anything", async () => {
    const files = oldFiles();
    files[`${M}/kube-scheduler.yaml`] = yaml(pod("kube-scheduler", `registry.k8s.io/kube-scheduler:${NEW}`));
    const s = setup({ files, etcdUpgrade: false });
    s.input.waiter.runsManifest = async (_n, c) => {
      throw new Error(`the mirror Pod of component ${c} on Node cp1 does not show its current manifest after 5m0s: context deadline exceeded`);
    };
    await expect(performStaticPodUpgrade(s.input)).rejects.toThrow("the mirror Pod of component kube-scheduler on Node cp1 does not show its current manifest after 5m0s");
    expect(s.fs.get(`${M}/kube-scheduler.yaml`)).toMatch(/v1\.37\.2/);
  });

  it("without --certificate-renewal renews nothing", async () => {
    const s = setup({ renewCerts: false });
    await performStaticPodUpgrade(s.input);
    expect(s.renewed).toEqual([]);
    expect(s.out.join("")).not.toContain("Renewing");
  });
});

describe("performStaticPodUpgrade killed at any file step, then run again", () => {
  it("always ends with every new manifest in place and every old one backed up", async () => {
    // count the file steps of a whole run
    const probe = setup();
    let steps = 0;
    const count = (f: UpgradeFiles): UpgradeFiles => ({
      ...f,
      createTempDir: (...a) => (steps++, f.createTempDir(...a)),
      createNamedTempDir: (...a) => (steps++, f.createNamedTempDir(...a)),
      moveFile: (...a) => (steps++, f.moveFile(...a)),
      removeAll: (...a) => (steps++, f.removeAll(...a)),
    });
    await performStaticPodUpgrade({ ...probe.input, files: count(probe.files) });
    expect(steps).toBeGreaterThan(10);

    for (let kill = 0; kill < steps; kill++) {
      const s = setup();
      let n = 0;
      let dead = false;
      const die = <T>(op: () => Promise<T>): Promise<T> => {
        if (dead || n++ === kill) {
          dead = true;
          return Promise.reject(new Error("killed"));
        }
        return op();
      };
      const killing: UpgradeFiles = {
        ...s.files,
        createTempDir: (...a) => die(() => s.files.createTempDir(...a)),
        createNamedTempDir: (...a) => die(() => s.files.createNamedTempDir(...a)),
        moveFile: (...a) => die(() => s.files.moveFile(...a)),
        removeAll: (...a) => die(() => s.files.removeAll(...a)),
      };
      await expect(performStaticPodUpgrade({ ...s.input, files: killing })).rejects.toThrow();
      // the rerun, a second later
      await performStaticPodUpgrade({ ...s.input, now: () => new Date(2026, 11, 6, 13, 0, 1) });
      for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]) {
        expect(s.fs.get(`${M}/${c}.yaml`), `kill at step ${kill}: ${c}`).toMatch(c === "etcd" ? /3\.7\.0-0/ : /v1\.37\.2/);
        const backups = [...s.fs.entries()].filter(([k]) => k.includes("kubeadm-backup-manifests-") && k.endsWith(`/${c}.yaml`));
        expect(backups.some(([, v]) => (c === "etcd" ? /3\.6\.8-0/ : /v1\.36\.3/).test(v)), `kill at step ${kill}: backup of ${c}`).toBe(true);
      }
      expect([...s.fs.keys()].some((k) => k.includes("kubeadm-upgraded-manifests")), `kill at step ${kill}: staging left`).toBe(false);
    }
  });
});
