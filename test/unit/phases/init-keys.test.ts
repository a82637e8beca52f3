// Keys started ahead of the certs and kubeconfig phases: only as many as the selected phases will
// write (missing files), none in external CA mode for kubeconfigs, none for unselected phases.
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { countNewKeys } from "../../../src/phases/init/keys.js";
import type { InitData } from "../../../src/phases/init/data.js";
import { speculativeKeys } from "../../../src/pki/keypool.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";

async function data(o: { externalCA?: boolean } = {}): Promise<InitData> {
  const dir = mkdtempSync(path.join(tmpdir(), "init-keys-"));
  const cfg = await loadInitConfiguration({
    configText: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${KUBERNETES_VERSION}\n`,
    skipCRIDetect: true,
  });
  cfg.clusterConfiguration.certificatesDir = path.join(dir, "pki");
  return {
    cfg,
    externalCA: o.externalCA ?? false,
    certificatesDir: { dir: path.join(dir, "pki"), writeDir: path.join(dir, "pki") },
    kubeConfigDir: path.join(dir, "kc"),
    startTime: new Date(),
  } as unknown as InitData;
}

const CERTS = ["certs/ca", "certs/apiserver", "certs/apiserver-kubelet-client", "certs/front-proxy-ca", "certs/front-proxy-client", "certs/etcd-ca", "certs/etcd-server", "certs/etcd-peer", "certs/etcd-healthcheck-client", "certs/apiserver-etcd-client", "certs/sa"];
const KUBECONFIGS = ["kubeconfig/admin", "kubeconfig/super-admin", "kubeconfig/kubelet", "kubeconfig/controller-manager", "kubeconfig/scheduler"];

describe("keys started ahead of the init phases", () => {
  it("count one key per selected certificate and kubeconfig whose files are missing", async () => {
    const d = await data();
    expect(await countNewKeys(d, ["preflight", "certs", ...CERTS, "kubeconfig", ...KUBECONFIGS])).toBe(16);
    expect(await countNewKeys(d, ["certs/ca"])).toBe(1);
    expect(await countNewKeys(d, ["kubeconfig/admin", "kubeconfig/kubelet"])).toBe(2);
    expect(await countNewKeys(d, ["preflight", "etcd", "etcd/local"])).toBe(0);
  });

  it("count nothing for files that exist, and no kubeconfig keys in external CA mode", async () => {
    const d = await data();
    mkdirSync(d.kubeConfigDir, { recursive: true });
    writeFileSync(path.join(d.kubeConfigDir, "admin.conf"), "x");
    mkdirSync(d.certificatesDir.dir, { recursive: true });
    writeFileSync(path.join(d.certificatesDir.dir, "sa.key"), "x");
    expect(await countNewKeys(d, ["kubeconfig/admin", "kubeconfig/scheduler", "certs/sa"])).toBe(1);
    const ext = await data({ externalCA: true });
    expect(await countNewKeys(ext, KUBECONFIGS)).toBe(0);
  });

  it("hand out the keys started ahead, then generate on demand", async () => {
    const keys = speculativeKeys("ECDSA-P256", Promise.resolve(2));
    const got = await Promise.all([keys.take(), keys.take(), keys.take()]);
    expect(got.map((k) => k.spec.kind)).toEqual(["ec", "ec", "ec"]);
    expect(new Set(got.map((k) => k.privateKey.export({ format: "jwk" }).d)).size).toBe(3);
  });
});

describe("keys generated ahead", () => {
  it("run at most three at a time, leaving three of libuv's six threads to the phases", async () => {
    let running = 0;
    let most = 0;
    const real = speculativeKeys("ECDSA-P256", Promise.resolve(1));
    const sample = await real.take();
    const gen = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return sample;
    };
    const keys = speculativeKeys("ECDSA-P256", Promise.resolve(6), undefined, gen);
    await Promise.all(Array.from({ length: 6 }, () => keys.take()));
    expect(most).toBe(3);
  });
});
