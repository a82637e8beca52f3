// join control-plane-prepare's certs, kubeconfig and control-plane sub-phases on a temp dir: the
// certificates a new control plane needs, admin.conf / controller-manager.conf / scheduler.conf
// (and nothing of the kind in external CA mode), and the static Pod manifests, which must equal
// what upstream's init wrote for the same cluster and node (upstream's GetStaticPodSpecs serves
// both; the goldens are upstream's files). Nothing for a worker.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInitConfiguration } from "../../../src/config/load.js";
import { KUBERNETES_VERSION } from "../../../src/constants.js";
import { bufferWriter } from "../../../src/cluster/index.js";
import { controlPlanePreparePhase } from "../../../src/phases/join/control-plane-prepare.js";
import type { JoinData } from "../../../src/phases/join/data.js";
import type { InitConfiguration } from "../../../src/config/types.js";

const golden = (p: string): string => readFileSync(join(__dirname, "../../golden", p), "utf8");
const sub = (name: string) => controlPlanePreparePhase.phases!.find((p) => p.name.split(" ")[0] === name)!.run!;

async function setup(over: { worker?: boolean; dryRun?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "join-cpp-"));
  const text = golden("manifests/defaults/config.yaml").replace("${KUBERNETES_VERSION}", KUBERNETES_VERSION) + "encryptionAlgorithm: ECDSA-P256\n";
  const init: InitConfiguration = await loadInitConfiguration({ configText: text, skipCRIDetect: true });
  init.clusterConfiguration.certificatesDir = join(dir, "pki");
  const out = bufferWriter();
  const data = {
    cfg: { controlPlane: over.worker ? undefined : { localAPIEndpoint: init.localAPIEndpoint, certificateKey: "" } },
    dryRun: over.dryRun ?? false,
    out,
    patchesDir: "",
    verbosity: 0,
    log: { info: () => undefined, warn: () => undefined },
    env: {},
    startTime: new Date(),
    kubeConfigDir: join(dir, "etc"),
    manifestDir: join(dir, "etc", "manifests"),
    initCfg: async () => init,
    certificateWriteDir: async () => join(dir, "pki"),
  } as unknown as JoinData;
  return { dir, data, out };
}

describe("control-plane-prepare certs, kubeconfig, control-plane", () => {
  it("certificates, then the three kubeconfig files with upstream's lines", async () => {
    const { dir, data, out } = await setup();
    await sub("certs")(data, {} as never);
    expect(out.text().split("\n")[0]).toBe(`[certs] Using certificateDir folder "${join(dir, "pki")}"`);
    for (const f of ["ca.crt", "apiserver.crt", "apiserver-kubelet-client.crt", "front-proxy-client.crt", "etcd/server.crt", "etcd/peer.crt", "sa.key", "sa.pub"]) {
      expect(existsSync(join(dir, "pki", f)), f).toBe(true);
    }
    const before = out.text().length;
    await sub("kubeconfig")(data, {} as never);
    expect(out.text().slice(before)).toBe(
      [
        "[kubeconfig] Generating kubeconfig files",
        `[kubeconfig] Using kubeconfig folder "${join(dir, "etc")}"`,
        '[kubeconfig] Writing "admin.conf" kubeconfig file',
        '[kubeconfig] Writing "controller-manager.conf" kubeconfig file',
        '[kubeconfig] Writing "scheduler.conf" kubeconfig file',
        "",
      ].join("\n"),
    );
    expect(existsSync(join(dir, "etc", "super-admin.conf"))).toBe(false);
    expect(existsSync(join(dir, "etc", "kubelet.conf"))).toBe(false);
    // again: the files are valid for this CA and are kept
    const again = out.text().length;
    await sub("kubeconfig")(data, {} as never);
    expect(out.text().slice(again)).toContain(`[kubeconfig] Using existing kubeconfig file: "${join(dir, "etc", "admin.conf")}"`);
  });

  it("external CA mode (no ca.key): the user's kubeconfig files", async () => {
    const { dir, data, out } = await setup();
    await sub("certs")(data, {} as never);
    rmSync(join(dir, "pki", "ca.key"));
    const before = out.text().length;
    await sub("kubeconfig")(data, {} as never);
    expect(out.text().slice(before)).toBe(
      [
        "[kubeconfig] Generating kubeconfig files",
        `[kubeconfig] Using kubeconfig folder "${join(dir, "etc")}"`,
        "[kubeconfig] External CA mode: Using user provided admin.conf",
        "[kubeconfig] External CA mode: Using user provided controller-manager.conf",
        "[kubeconfig] External CA mode: Using user provided scheduler.conf",
        "",
      ].join("\n"),
    );
  });

  it("the static Pod manifests equal upstream's for the same cluster and node (dry-run: /etc/kubernetes/pki paths)", async () => {
    const { dir, data, out } = await setup({ dryRun: true });
    await sub("control-plane")(data, {} as never);
    expect(out.text()).toBe(
      [
        `[control-plane] Using manifest folder "${join(dir, "etc", "manifests")}"`,
        '[control-plane] Creating static Pod manifest for "kube-apiserver"',
        '[control-plane] Creating static Pod manifest for "kube-controller-manager"',
        '[control-plane] Creating static Pod manifest for "kube-scheduler"',
        "",
      ].join("\n"),
    );
    // the CA directories mounted into the Pods are the host's; compare where this host has those of the golden's
    const hostDirs = ["/etc/ca-certificates", "/usr/share/ca-certificates", "/usr/local/share/ca-certificates", "/etc/pki"].filter((d) => existsSync(d)).sort();
    const goldenDirs = golden("manifests/defaults/expected/host-ca-dirs.txt").trim().split("\n").sort();
    if (JSON.stringify(hostDirs) !== JSON.stringify(goldenDirs)) return;
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      expect(readFileSync(join(dir, "etc", "manifests", `${c}.yaml`), "utf8"), c).toBe(golden(`manifests/defaults/expected/etc/kubernetes/manifests/${c}.yaml`));
    }
  });

  it("a worker: nothing", async () => {
    const { dir, data, out } = await setup({ worker: true });
    for (const s of ["certs", "kubeconfig", "control-plane", "download-certs"]) await sub(s)(data, {} as never);
    expect(out.text()).toBe("");
    expect(existsSync(join(dir, "pki"))).toBe(false);
  });
});
