/**
 * Entry points: one loader per command kind (init, join, reset, upgrade),
 * plus `config validate` and `config migrate`. Each loader reads `--config`
 * (or builds the configuration from flags), decodes, converts, applies static
 * and dynamic defaults and validates, exactly in upstream's order.
 */
import { fileExistsSync as existsSync, MAX_CONFIG_FILE_BYTES, readFileBounded } from "../host/files.js";
import { goOpenError } from "../util/go-errno.js";
import { KUBEADM_GROUP } from "../constants.js";
import { type SystemFacts, hostSystemFacts } from "../host/system-facts.js";
import { KubeadmError } from "../util/errors.js";
import { setActiveKubernetesAPICallTimeout } from "../client/active-timeouts.js";
import type { VersionFetcher } from "../util/version.js";
import { fetchComponentConfigsFromDocuments } from "./componentconfigs.js";
import {
  type ConversionContext,
  apiServerTimeoutForControlPlane,
  convertClusterConfiguration,
  convertInitConfiguration,
  convertJoinConfiguration,
  convertResetConfiguration,
  convertUpgradeConfiguration,
  defaultClusterConfiguration,
  discoveryTimeout,
} from "./convert.js";
import { DecodeError, decodeDocument, verifyUnmarshalStrict } from "./decode.js";
import {
  type ConfigDocument,
  type DocumentMap,
  isComponentConfigGroup,
  sortedDocuments,
  splitConfigDocuments,
  validateKnownGVKs,
  validateSupportedVersion,
} from "./documents.js";
import {
  type DynamicDefaultsOptions,
  detectCRISocket,
  setAPIEndpointDynamicDefaults,
  setBootstrapTokensDynamicDefaults,
  setClusterDynamicDefaults,
  setInitDynamicDefaults,
  setNodeRegistrationDynamicDefaults,
} from "./dynamic-defaults.js";
import {
  marshalInitConfiguration,
  marshalJoinConfiguration,
  marshalResetConfiguration,
  marshalUpgradeConfiguration,
} from "./encode.js";
import { type GVK, gvkString } from "./gvk.js";
import { type ConfigLogger, memoryLogger } from "../util/log.js";
import { type ApiVersion, KUBEADM_SCHEMAS, type KubeadmKind } from "./schema.js";
import type { InitConfiguration, JoinConfiguration, ResetConfiguration, UpgradeConfiguration } from "./types.js";
import {
  throwIfErrors,
  validateInitConfiguration,
  validateJoinConfiguration,
  validateResetConfiguration,
  validateUpgradeConfiguration,
} from "./validation.js";
import { decodeYamlBytes, joinYamlDocuments } from "./yaml.js";

export interface LoadOptions {
  /** Path of --config ("" or undefined: no file). */
  configPath?: string;
  /** The file's content (instead of reading configPath; tests). */
  configText?: string;
  /** Host facts (default: the real host). */
  facts?: SystemFacts;
  /** Where warnings go (default: dropped into a memory logger). */
  log?: ConfigLogger;
  /** Use the default CRI socket instead of probing. */
  skipCRIDetect?: boolean;
  versionFetcher?: VersionFetcher;
  kubeadmVersion?: string;
  /** klog's -v (V(1) info lines). */
  verbosity?: number;
  /**
   * Leave the active timeouts alone: a configuration read from the cluster (upstream's
   * BytesToInitConfiguration) does not set them; one loaded for a command (upstream's
   * LoadOrDefault*Configuration) makes its timeouts.kubernetesAPICall the active one.
   */
  keepActiveTimeouts?: boolean;
}

/** upstream's prepareStaticVariables: the loaded configuration's timeouts become the active ones. */
function activate<T extends { timeouts: { kubernetesAPICall: number } }>(cfg: T, o: LoadOptions): T {
  if (!o.keepActiveTimeouts) setActiveKubernetesAPICallTimeout(cfg.timeouts.kubernetesAPICall);
  return cfg;
}

interface PipelineOptions extends LoadOptions {
  allowDeprecated: boolean;
  allowExperimental: boolean;
  strictErrors: boolean;
  /** kubeadm-ts's `config migrate` reads kubeadm.k8s.io/v1beta3 (upstream v1.37 refuses it everywhere). */
  readV1beta3?: boolean;
}

function dynOpts(o: LoadOptions): DynamicDefaultsOptions {
  const d: DynamicDefaultsOptions = { facts: o.facts ?? hostSystemFacts, log: o.log ?? memoryLogger() };
  if (o.skipCRIDetect !== undefined) d.skipCRIDetect = o.skipCRIDetect;
  if (o.versionFetcher) d.versionFetcher = o.versionFetcher;
  if (o.kubeadmVersion) d.kubeadmVersion = o.kubeadmVersion;
  if (o.verbosity !== undefined) d.verbosity = o.verbosity;
  return d;
}

function logOf(o: LoadOptions): ConfigLogger {
  return o.log ?? memoryLogger();
}

async function readConfigText(o: LoadOptions): Promise<string> {
  if (o.configText !== undefined) return o.configText;
  const p = o.configPath ?? "";
  try {
    // bounded: --config /dev/zero or a runaway pipe ends with an error, not with all the memory
    return decodeYamlBytes(await readFileBounded(p, MAX_CONFIG_FILE_BYTES));
  } catch (err) {
    throw new KubeadmError(`unable to read config from "${p}" : ${goOpenError(err, p)}`);
  }
}

const hasKind = (docs: DocumentMap, kind: KubeadmKind): boolean =>
  docs.some((d) => d.gvk.group === KUBEADM_GROUP && d.gvk.kind === kind);

function schemaFor(gvk: GVK) {
  if (gvk.group !== KUBEADM_GROUP) return undefined;
  return (KUBEADM_SCHEMAS[gvk.version] as Record<string, ReturnType<typeof Object>> | undefined)?.[gvk.kind] as
    | import("./schema.js").FieldType
    | undefined;
}

/** Version gate + strict check for one document (warnings or errors as the command wants). */
function checkDocument(doc: ConfigDocument, o: PipelineOptions): void {
  const log = logOf(o);
  validateSupportedVersion(doc.gvk, o.allowDeprecated, o.allowExperimental, (m) => log.warn(m, "common.go:102"), o.readV1beta3 ?? false);
  const schema = schemaFor(doc.gvk);
  let problem: string | null = null;
  if (schema) problem = verifyUnmarshalStrict(doc.gvk, doc.parsed, schema);
  else if (!isComponentConfigGroup(doc.gvk.group)) {
    problem = `unknown configuration schema.GroupVersionKind{Group:"${doc.gvk.group}", Version:"${doc.gvk.version}", Kind:"${doc.gvk.kind}"}`;
  }
  if (problem !== null) {
    if (o.strictErrors) throw new KubeadmError(problem);
    log.warn(problem, "initconfiguration.go:334");
  }
}

/** Decode (lenient) with upstream's errors. */
function decode(doc: ConfigDocument): Record<string, unknown> {
  const schema = schemaFor(doc.gvk);
  if (!schema) {
    // a kind kubeadm knows under a version it does not (kubeadm.k8s.io/v9): the scheme's error
    throw new KubeadmError(
      `no kind "${doc.gvk.kind}" is registered for version "${doc.gvk.group}/${doc.gvk.version}" in scheme "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme/scheme.go:32"`,
    );
  }
  try {
    return decodeDocument(doc.parsed.value, schema, doc.gvk.version);
  } catch (err) {
    if (err instanceof DecodeError) throw new KubeadmError(err.message);
    throw err;
  }
}

function versionOf(gvk: GVK): ApiVersion {
  return gvk.version === "v1beta3" || gvk.version === "v1" ? gvk.version : "v1beta4";
}

function ignored(log: ConfigLogger, gvk: GVK, origin: string): void {
  log.warn(`[config] WARNING: Ignored configuration document with GroupVersionKind ${gvkString(gvk)}\n`, origin);
}

/** A loaded InitConfiguration and the conversion state needed to print it back. */
export interface LoadedInit {
  config: InitConfiguration;
  conversion: ConversionContext;
}

async function documentMapToInitConfiguration(docs: DocumentMap, o: PipelineOptions): Promise<LoadedInit> {
  const ctx: ConversionContext = {};
  const log = logOf(o);
  let initExt: { ext: Record<string, unknown>; v: ApiVersion } | undefined;
  let cluster: InitConfiguration["clusterConfiguration"] | undefined;
  for (const doc of sortedDocuments(docs)) {
    checkDocument(doc, o);
    if (doc.gvk.group === KUBEADM_GROUP && doc.gvk.kind === "InitConfiguration") {
      initExt = { ext: decode(doc), v: versionOf(doc.gvk) };
      continue;
    }
    if (doc.gvk.group === KUBEADM_GROUP && doc.gvk.kind === "ClusterConfiguration") {
      cluster = convertClusterConfiguration(decode(doc), versionOf(doc.gvk), ctx);
      continue;
    }
    if (!isComponentConfigGroup(doc.gvk.group)) ignored(log, doc.gvk, "initconfiguration.go:363");
  }
  if (!initExt && !cluster) {
    throw new KubeadmError("no InitConfiguration or ClusterConfiguration kind was found in the configuration file");
  }
  const clusterCfg = cluster ?? defaultClusterConfiguration(ctx);
  const init = initExt
    ? convertInitConfiguration(initExt.ext, initExt.v, clusterCfg)
    : convertInitConfiguration({}, "v1beta4", clusterCfg);
  if (cluster) {
    const t = apiServerTimeoutForControlPlane.get(cluster) ?? 0;
    if (t !== 0 && t !== 240_000) init.timeouts.controlPlaneComponentHealthCheck = t;
  }
  fetchComponentConfigsFromDocuments(init.clusterConfiguration, docs);
  await setInitDynamicDefaults(init, dynOpts(o));
  throwIfErrors(validateInitConfiguration(init, (m) => log.warn(m, "validation.go:69")));
  return { config: init, conversion: ctx };
}

/**
 * The last document of `kind` converted by `convert`; other kinds are reported as ignored
 * (with upstream's log origin). Throws upstream's "no <kind> found" when there is none.
 */
function singleKindDocument<T>(
  docs: DocumentMap,
  o: PipelineOptions,
  kind: string,
  ignoredOrigin: string,
  convert: (doc: ReturnType<typeof sortedDocuments>[number]) => T,
): T {
  const log = logOf(o);
  let out: T | undefined;
  for (const doc of sortedDocuments(docs)) {
    if (doc.gvk.kind !== kind) {
      ignored(log, doc.gvk, ignoredOrigin);
      continue;
    }
    checkDocument(doc, o);
    out = convert(doc);
  }
  if (out === undefined) throw new KubeadmError(`no ${kind} found in the supplied config`);
  return out;
}

async function documentMapToJoinConfiguration(docs: DocumentMap, o: PipelineOptions): Promise<JoinConfiguration> {
  const join = singleKindDocument(docs, o, "JoinConfiguration", "joinconfiguration.go:112", (doc) =>
    convertJoinConfiguration(decode(doc), versionOf(doc.gvk)),
  );
  await setJoinDynamicDefaults(join, dynOpts(o));
  throwIfErrors(validateJoinConfiguration(join, (p) => existsSync(p)));
  return join;
}

/** SetJoinDynamicDefaults. */
export async function setJoinDynamicDefaults(cfg: JoinConfiguration, opts: DynamicDefaultsOptions): Promise<void> {
  await setNodeRegistrationDynamicDefaults(cfg.nodeRegistration, cfg.controlPlane !== undefined, opts);
  if (cfg.controlPlane) await setAPIEndpointDynamicDefaults(cfg.controlPlane.localAPIEndpoint, opts);
}

async function documentMapToResetConfiguration(docs: DocumentMap, o: PipelineOptions): Promise<ResetConfiguration> {
  const reset = singleKindDocument(docs, o, "ResetConfiguration", "resetconfiguration.go:116", (doc) =>
    convertResetConfiguration(decode(doc)),
  );
  await setResetDynamicDefaults(reset, dynOpts(o));
  throwIfErrors(validateResetConfiguration(reset));
  return reset;
}

export async function setResetDynamicDefaults(cfg: ResetConfiguration, opts: DynamicDefaultsOptions): Promise<void> {
  if (cfg.criSocket === "") {
    cfg.criSocket = opts.skipCRIDetect ? "unix:///var/run/containerd/containerd.sock" : await detectCRISocket(opts.facts);
  } else if (!cfg.criSocket.startsWith("unix")) {
    opts.log.warn(
      `Usage of CRI endpoints without URL scheme is deprecated and can cause kubelet errors in the future. Automatically prepending scheme "unix" to the "criSocket" with value "${cfg.criSocket}". Please update your configuration!`,
      "resetconfiguration.go:53",
    );
    cfg.criSocket = `unix://${cfg.criSocket}`;
  }
}

async function documentMapToUpgradeConfiguration(docs: DocumentMap, o: PipelineOptions): Promise<UpgradeConfiguration> {
  const up = singleKindDocument(docs, o, "UpgradeConfiguration", "upgradeconfiguration.go:42", (doc) =>
    convertUpgradeConfiguration(decode(doc)),
  );
  throwIfErrors(validateUpgradeConfiguration(up));
  return up;
}

// ── public loaders ─────────────────────────────────────────────────────────

/** Input for the flags-only path: external v1beta4 objects built from flags. */
export interface FlagDocuments {
  init?: Record<string, unknown>;
  cluster?: Record<string, unknown>;
  join?: Record<string, unknown>;
  reset?: Record<string, unknown>;
  upgrade?: Record<string, unknown>;
}

/**
 * The InitConfiguration for init, its phases, `config images`, `certs`,
 * `kubeconfig user`, `token create`: from --config when given, else from the
 * flags (as v1beta4 objects, defaulted like a file).
 */
export async function loadInitConfiguration(o: LoadOptions & { fromFlags?: FlagDocuments }): Promise<InitConfiguration> {
  return (await loadInitConfigurationWithContext(o)).config;
}

export async function loadInitConfigurationWithContext(o: LoadOptions & { fromFlags?: FlagDocuments }): Promise<LoadedInit> {
  const p: PipelineOptions = { ...o, allowDeprecated: false, allowExperimental: false, strictErrors: false };
  if (o.configPath || o.configText !== undefined) {
    const docs = await splitConfigDocuments(await readConfigText(o));
    const loaded = await documentMapToInitConfiguration(docs, p);
    activate(loaded.config, o);
    return loaded;
  }
  const ctx: ConversionContext = {};
  const cluster = convertClusterConfiguration(o.fromFlags?.cluster ?? {}, "v1beta4", ctx);
  const init = convertInitConfiguration(o.fromFlags?.init ?? {}, "v1beta4", cluster);
  await setInitDynamicDefaults(init, dynOpts(o));
  throwIfErrors(validateInitConfiguration(init, (m) => logOf(o).warn(m, "validation.go:69")));
  return { config: activate(init, o), conversion: ctx };
}

export async function loadJoinConfiguration(o: LoadOptions & { fromFlags?: FlagDocuments }): Promise<JoinConfiguration> {
  const p: PipelineOptions = { ...o, allowDeprecated: false, allowExperimental: false, strictErrors: false };
  if (o.configPath || o.configText !== undefined) {
    return activate(await documentMapToJoinConfiguration(await splitConfigDocuments(await readConfigText(o)), p), o);
  }
  const join = convertJoinConfiguration(o.fromFlags?.join ?? {}, "v1beta4");
  await setJoinDynamicDefaults(join, dynOpts(o));
  throwIfErrors(validateJoinConfiguration(join, (f) => existsSync(f)));
  return activate(join, o);
}

export async function loadResetConfiguration(o: LoadOptions & { fromFlags?: FlagDocuments }): Promise<ResetConfiguration> {
  // reset always allows experimental APIs (upstream's newResetData(..., true))
  const p: PipelineOptions = { ...o, allowDeprecated: false, allowExperimental: true, strictErrors: false };
  if (o.configPath || o.configText !== undefined) {
    return activate(await documentMapToResetConfiguration(await splitConfigDocuments(await readConfigText(o)), p), o);
  }
  const reset = convertResetConfiguration(o.fromFlags?.reset ?? {});
  await setResetDynamicDefaults(reset, dynOpts(o));
  throwIfErrors(validateResetConfiguration(reset));
  return activate(reset, o);
}

export async function loadUpgradeConfiguration(o: LoadOptions & { fromFlags?: FlagDocuments }): Promise<UpgradeConfiguration> {
  const p: PipelineOptions = { ...o, allowDeprecated: false, allowExperimental: false, strictErrors: false };
  if (o.configPath || o.configText !== undefined) {
    return activate(await documentMapToUpgradeConfiguration(await splitConfigDocuments(await readConfigText(o)), p), o);
  }
  const up = convertUpgradeConfiguration(o.fromFlags?.upgrade ?? {});
  throwIfErrors(validateUpgradeConfiguration(up));
  return activate(up, o);
}

/** `kubeadm config validate` (ValidateConfig). Throws on the first problem. */
export async function validateConfig(
  text: string,
  o: LoadOptions & { allowDeprecated?: boolean; allowExperimental?: boolean },
): Promise<void> {
  const docs = await splitConfigDocuments(text);
  validateKnownGVKs(docs.map((d) => d.gvk));
  const p: PipelineOptions = {
    ...o,
    allowDeprecated: o.allowDeprecated ?? false,
    allowExperimental: o.allowExperimental ?? false,
    strictErrors: true,
    skipCRIDetect: true,
  };
  if (hasKind(docs, "InitConfiguration") || hasKind(docs, "ClusterConfiguration")) await documentMapToInitConfiguration(docs, p);
  if (hasKind(docs, "JoinConfiguration")) await documentMapToJoinConfiguration(docs, p);
  if (hasKind(docs, "ResetConfiguration")) await documentMapToResetConfiguration(docs, p);
  if (hasKind(docs, "UpgradeConfiguration")) await documentMapToUpgradeConfiguration(docs, p);
}

/**
 * `kubeadm config migrate` (MigrateOldConfig): the new documents joined by "---\n", always
 * kubeadm.k8s.io/v1beta4 (also for experimental v1 input, whose mergeMethod v1beta4 cannot hold).
 * Beyond upstream v1.37 (which refuses kubeadm.k8s.io/v1beta3 here too), a file with v1beta3
 * documents is migrated exactly as upstream v1.36 migrated it: its migrate mutators carry
 * apiServer.timeoutForControlPlane and discovery.timeout over into timeouts.
 */
export async function migrateConfig(text: string, o: LoadOptions & { allowExperimental?: boolean }): Promise<string> {
  const docs = await splitConfigDocuments(text);
  validateKnownGVKs(docs.map((d) => d.gvk), true);
  const p: PipelineOptions = {
    ...o,
    allowDeprecated: true,
    allowExperimental: o.allowExperimental ?? false,
    strictErrors: true,
    readV1beta3: true,
  };
  const v1beta3 = docs.some((d) => d.gvk.group === KUBEADM_GROUP && d.gvk.version === "v1beta3");
  const out: string[] = [];
  let timeoutControlPlane: number | undefined;
  if (hasKind(docs, "InitConfiguration") || hasKind(docs, "ClusterConfiguration")) {
    const { config, conversion } = await documentMapToInitConfiguration(docs, p);
    if (v1beta3) {
      // v1.36's migrate mutator: the control-plane timeout comes from apiServer.timeoutForControlPlane
      config.timeouts.controlPlaneComponentHealthCheck = apiServerTimeoutForControlPlane.get(config.clusterConfiguration) ?? 0;
      timeoutControlPlane = conversion.timeoutControlPlane;
    }
    out.push(marshalInitConfiguration(config, timeoutControlPlane !== undefined ? { timeoutControlPlane } : {}));
  }
  if (hasKind(docs, "JoinConfiguration")) {
    const join = await documentMapToJoinConfiguration(docs, p);
    if (v1beta3) join.timeouts.discovery = discoveryTimeout.get(join) ?? join.timeouts.discovery;
    out.push(marshalJoinConfiguration(join, timeoutControlPlane !== undefined ? { timeoutControlPlane } : {}));
  }
  if (hasKind(docs, "ResetConfiguration")) {
    out.push(marshalResetConfiguration(await documentMapToResetConfiguration(docs, p)));
  }
  if (hasKind(docs, "UpgradeConfiguration")) {
    out.push(marshalUpgradeConfiguration(await documentMapToUpgradeConfiguration(docs, p)));
  }
  return joinYamlDocuments(out);
}

// re-exported for callers that build documents themselves
export { setBootstrapTokensDynamicDefaults, setClusterDynamicDefaults };
