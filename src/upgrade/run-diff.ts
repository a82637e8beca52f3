/**
 * The body of `kubeadm upgrade diff [version]` (upstream cmd/upgrade/diff.go): the three
 * control-plane manifests must be files; the cluster's configuration with the target version
 * (the cluster's, diff.kubernetesVersion of --config, or the argument; used as given, so "1.37.2"
 * makes image tags without "v") gives the new Pods, unpatched and without proxy variables, and
 * each existing manifest is compared with its new YAML as go-difflib writes a unified diff.
 * Context lines: --context-lines when set, else diff.contextLines of the UpgradeConfiguration
 * (0 unless a file sets it).
 */
import * as path from "node:path";
import type { Writable } from "node:stream";
import { DEFAULT_MANIFESTS_DIR, KUBELET_KUBECONFIG, KUBERNETES_DIR } from "../constants.js";
import { KubeadmError } from "../util/errors.js";
import { streamLogger } from "../util/log.js";
import { DEFAULT_ADMIN_KUBECONFIG, valueFromFlagsOrConfig } from "./common.js";

export interface RunDiffOptions {
  args: string[];
  changedFlags: string[];
  changed(name: string): boolean;
  cfgPath: string;
  kubeConfigPath: string;
  contextLines: number;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  /** Default /etc/kubernetes/manifests (tests). */
  manifestsDir?: string;
}

const COMPONENTS = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;

export async function runDiff(o: RunDiffOptions): Promise<void> {
  const dir = o.manifestsDir ?? DEFAULT_MANIFESTS_DIR;
  const paths = COMPONENTS.map((c) => path.join(dir, `${c}.yaml`));
  const files = await import("../host/files.js");
  const { goPathError } = await import("../util/go-errno.js");
  for (const p of paths) {
    const err = await files.statError(p);
    if (err) {
      if (err.code === "ENOENT") throw new KubeadmError(`the manifest file "${p}" does not exist: ${goPathError("stat", p, err)}`);
      throw new KubeadmError(`error obtaining stats for manifest file "${p}": ${goPathError("stat", p, err)}`);
    }
    if (await files.isDirectory(p)) throw new KubeadmError(`"${p}" is a directory`);
  }
  const { validateMixedArguments } = await import("../config/flags.js");
  validateMixedArguments(o.changedFlags);

  const log = streamLogger(o.stderr);
  const { loadUpgradeConfiguration } = await import("../config/load.js");
  const upgradeCfg = await loadUpgradeConfiguration({ configPath: o.cfgPath, log, skipCRIDetect: true });
  const kubeConfigPath = o.kubeConfigPath || DEFAULT_ADMIN_KUBECONFIG;
  const { clientFromKubeconfigFile } = await import("../client/from-kubeconfig.js");
  let client;
  try {
    client = await clientFromKubeconfigFile(kubeConfigPath);
  } catch (err) {
    throw new KubeadmError(`couldn't create a Kubernetes client from file "${kubeConfigPath}": ${(err as Error).message}`);
  }
  let initCfg;
  try {
    const { fetchInitConfigurationFromCluster } = await import("../cluster/fetch-init-config.js");
    initCfg = await fetchInitConfigurationFromCluster(client, {
      logPrefix: "upgrade/diff",
      printf: (t) => o.stdout.write(t),
      kubeletKubeconfig: path.join(KUBERNETES_DIR, KUBELET_KUBECONFIG),
      getAPIEndpoint: files.fileExistsSync(path.join(dir, "kube-apiserver.yaml")),
      apiCallTimeoutMs: upgradeCfg.timeouts.kubernetesAPICall,
      log,
    });
  } finally {
    client.close();
  }

  let version = "";
  if (initCfg.clusterConfiguration.kubernetesVersion !== "") version = initCfg.clusterConfiguration.kubernetesVersion;
  if (upgradeCfg.diff.kubernetesVersion !== "") version = upgradeCfg.diff.kubernetesVersion;
  if (version === "") {
    const { validateExactArgNumber } = await import("./common.js");
    validateExactArgNumber(o.args, ["version"]);
  }
  if (o.args.length === 1) version = o.args[0]!;
  const { parseSemantic } = await import("../util/version.js");
  try {
    parseSemantic(version);
  } catch (err) {
    throw new KubeadmError((err as Error).message);
  }
  const cluster = initCfg.clusterConfiguration;
  cluster.kubernetesVersion = version;

  const m = await import("../manifests/index.js");
  const { existingCADirs } = await import("../phases/init/control-plane.js");
  const { usingExternalCA } = await import("../phases/init/external-ca.js");
  const pods = m.controlPlanePods({
    cluster,
    localAPIEndpoint: initCfg.localAPIEndpoint,
    controlPlaneComponentHealthCheckMs: initCfg.timeouts.controlPlaneComponentHealthCheck,
    existingCADirs: await existingCADirs(),
    proxyEnv: [],
    externalCA: (await usingExternalCA(cluster)).external,
    warn: (w, site) => log.warn(w, site),
  });
  const context = valueFromFlagsOrConfig(o.changed("context-lines"), o.contextLines, upgradeCfg.diff.contextLines);
  const { splitLines, unifiedDiff } = await import("../util/unified-diff.js");
  for (const [i, component] of COMPONENTS.entries()) {
    const file = paths[i]!;
    const next = m.staticPodYaml(pods[component]!);
    let existing: string;
    try {
      existing = await files.readTextFile(file);
    } catch (err) {
      throw new KubeadmError(goPathError("open", file, err));
    }
    o.stdout.write(unifiedDiff({ a: splitLines(existing), b: splitLines(next), fromFile: file, toFile: "new manifest", context }));
  }
}
