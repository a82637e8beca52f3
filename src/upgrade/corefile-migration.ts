/**
 * CoreDNS Corefile migration between CoreDNS releases, with the facts kubeadm v1.37 uses
 * (github.com/coredns/corefile-migration v1.0.34, the version upstream kubeadm v1.37.2 builds
 * with): which plugins and options each release knows, which are deprecated, ignored or
 * removed (and how a migration rewrites them), which become new defaults, and the default
 * Corefiles kubeadm shipped. Pure: strings in, strings out.
 *
 * Parsing follows the Caddyfile lexer CoreDNS uses (github.com/coredns/caddy v1.1.1):
 * whitespace-separated tokens, `"…"` quoting with `\"` escapes, `#` comments to the end of the
 * line, and `{` / `}` only as tokens of their own. Printing re-indents with 4 spaces.
 */

export interface CorefileOption {
  name: string;
  args: string[];
}

export interface CorefilePlugin {
  name: string;
  args: string[];
  options: CorefileOption[];
}

export interface CorefileServer {
  domPorts: string[];
  plugins: CorefilePlugin[];
}

export interface Corefile {
  servers: CorefileServer[];
}

// ---------------------------------------------------------------- lexer and parser

interface Token {
  text: string;
  line: number;
}

/** Go's unicode.IsSpace. */
function isSpace(ch: string): boolean {
  switch (ch) {
    case "\t": case "\n": case "\v": case "\f": case "\r": case " ": case "\u0085": case "\u00a0":
    case "\u1680": case "\u2028": case "\u2029": case "\u202f": case "\u205f": case "\u3000":
      return true;
  }
  const c = ch.codePointAt(0)!;
  return c >= 0x2000 && c <= 0x200a;
}

function tokenize(input: string): Token[] {
  const chars = Array.from(input);
  let i = chars[0] === "\ufeff" ? 1 : 0;
  let line = 1;
  const tokens: Token[] = [];
  for (;;) {
    let val = "";
    let hasVal = false;
    let comment = false;
    let quoted = false;
    let escaped = false;
    let tokLine = line;
    let produced = false;
    while (i < chars.length) {
      const ch = chars[i++]!;
      if (quoted) {
        if (!escaped) {
          if (ch === "\\") {
            escaped = true;
            continue;
          } else if (ch === '"') {
            produced = true;
            break;
          }
        }
        if (ch === "\n") line++;
        if (escaped && ch !== '"') val += "\\";
        val += ch;
        hasVal = true;
        escaped = false;
        continue;
      }
      if (isSpace(ch)) {
        if (ch === "\r") continue;
        if (ch === "\n") {
          line++;
          comment = false;
        }
        if (hasVal) {
          produced = true;
          break;
        }
        continue;
      }
      if (ch === "#") comment = true;
      if (comment) continue;
      if (!hasVal) {
        tokLine = line;
        if (ch === '"') {
          quoted = true;
          continue;
        }
      }
      val += ch;
      hasVal = true;
    }
    if (!produced && !hasVal) return tokens;
    tokens.push({ text: val, line: tokLine });
  }
}

const lineBreaks = (t: Token): number => t.text.split("\n").length - 1;

/** Parses a Corefile the way corefile-migration does (never fails on odd input, as upstream). */
export function parseCorefile(s: string): Corefile {
  const tokens = tokenize(s);
  const cf: Corefile = { servers: [] };
  let cursor = -1;
  const val = (): string => tokens[cursor]?.text ?? "";
  const nextArg = (): boolean => {
    if (cursor < 0) {
      cursor++;
      return true;
    }
    if (cursor >= tokens.length) return false;
    const cur = tokens[cursor]!;
    const nxt = tokens[cursor + 1];
    if (nxt && cur.line + lineBreaks(cur) === nxt.line) {
      cursor++;
      return true;
    }
    return false;
  };
  const remainingArgs = (): string[] => {
    const args: string[] = [];
    while (nextArg()) {
      if (val() === "{") {
        cursor--;
        break;
      }
      args.push(val());
    }
    return args;
  };
  let depth = 0;
  let server: CorefileServer | undefined;
  let plugin: CorefilePlugin | undefined;
  while (cursor < tokens.length - 1) {
    cursor++;
    const v = val();
    if (v === "{") {
      depth++;
      continue;
    } else if (v === "}") {
      depth--;
      continue;
    }
    const args = remainingArgs();
    if (depth === 0) {
      server = { domPorts: [v, ...args], plugins: [] };
      cf.servers.push(server);
    } else if (depth === 1) {
      if (!server) throw new Error(`invalid Corefile: plugin ${JSON.stringify(v)} outside a server block`);
      plugin = { name: v, args, options: [] };
      server.plugins.push(plugin);
    } else if (depth === 2) {
      if (!plugin) throw new Error(`invalid Corefile: option ${JSON.stringify(v)} outside a plugin block`);
      plugin.options.push({ name: v, args });
    }
  }
  return cf;
}

const INDENT = "    ";

/** Arguments holding whitespace are quoted (inner quotes escaped). */
function escapeArgs(args: readonly string[]): string[] {
  return args.map((a) => (a.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter((f) => f !== "").length > 1 ? `"${a.replaceAll('"', '\\"')}"` : a));
}

const optionString = (o: CorefileOption): string => [o.name, ...escapeArgs(o.args)].join(" ");

function pluginString(p: CorefilePlugin): string {
  let s = [p.name, ...escapeArgs(p.args)].join(" ");
  if (p.options.length > 0) s += ` {\n${p.options.map((o) => INDENT + INDENT + optionString(o)).join("\n")}\n${INDENT}}`;
  return s;
}

function serverString(s: CorefileServer): string {
  let str = escapeArgs(s.domPorts).join(" ");
  if (s.plugins.length > 0) str += ` {\n${s.plugins.map((p) => INDENT + pluginString(p)).join("\n")}\n}\n`;
  return str;
}

/** The Corefile as corefile-migration prints it. */
export function corefileString(cf: Corefile): string {
  return cf.servers.map(serverString).join("\n");
}

/** Matching against a default Corefile: "*" matches one token, "***" the rest of the line. */
function argsMatch(def: readonly string[], actual: readonly string[]): boolean {
  for (let i = 0; i < def.length; i++) {
    const a = def[i]!;
    if (a === "*") continue;
    if (a === "***") return true;
    if (i >= actual.length || a !== actual[i]) return false;
  }
  return def.length === actual.length;
}

// ---------------------------------------------------------------- the release facts

export type Severity = "deprecated" | "ignored" | "removed" | "newdefault" | "unsupported";

interface OptionRule {
  status?: Severity;
  /** Rewrites the option (null removes it). */
  action?: (o: CorefileOption) => CorefileOption | null;
  /** Adds the option to a plugin (new defaults). */
  add?: (p: CorefilePlugin) => CorefilePlugin;
}

interface PluginRule {
  status?: Severity;
  replacedBy?: string;
  additional?: string;
  namedOptions?: Readonly<Record<string, OptionRule>>;
  /** Options matched by a regular expression (hosts entries). */
  patternOptions?: readonly (readonly [RegExp, OptionRule])[];
  action?: (p: CorefilePlugin) => CorefilePlugin | null;
  /** Adds the plugin to a server block (new defaults). */
  add?: (s: CorefileServer) => CorefileServer;
}

type Plugins = Readonly<Record<string, PluginRule>>;

const removeOption = (): null => null;
const useFirstArgumentOnly = (o: CorefileOption): CorefileOption => {
  if (o.args.length >= 1) o.args = o.args.slice(0, 1);
  return o;
};
const known = (...names: string[]): Record<string, OptionRule> => Object.fromEntries(names.map((n) => [n, {}]));

function addToServerBlockWithPlugins(sb: CorefileServer, plugin: CorefilePlugin, withPlugins: readonly string[]): CorefileServer {
  if (withPlugins.length === 0 || sb.plugins.some((p) => withPlugins.includes(p.name))) sb.plugins.push(plugin);
  return sb;
}

// kubernetes plugin options through the releases
const K8S_BASE = ["resyncperiod", "endpoint", "tls", "namespaces", "labels", "pods", "endpoint_pod_names", "upstream", "ttl", "noendpoints", "transfer", "fallthrough", "ignore"];
const kubernetesV1: PluginRule = { namedOptions: known(...K8S_BASE) };
const kubernetesV2: PluginRule = { namedOptions: known(...K8S_BASE, "kubeconfig") };
const kubernetesV3: PluginRule = { namedOptions: { ...known(...K8S_BASE, "kubeconfig"), endpoint: { status: "deprecated", action: useFirstArgumentOnly } } };
const endpointIgnored: OptionRule = { status: "ignored", action: useFirstArgumentOnly };
/** The kubernetes plugin while resyncperiod and upstream are on their way out (endpoint ignored since v4). */
const kubernetesRetiring = (resyncperiod: Severity | undefined, upstream: Severity): PluginRule => ({
  namedOptions: {
    ...known(...K8S_BASE, "kubeconfig"),
    ...(resyncperiod ? { resyncperiod: { status: resyncperiod, action: removeOption } } : {}),
    endpoint: endpointIgnored,
    upstream: { status: upstream, action: removeOption },
  },
});
const kubernetesV4 = kubernetesRetiring(undefined, "deprecated");
const kubernetesV5 = kubernetesRetiring("deprecated", "ignored");
const kubernetesV6 = kubernetesRetiring("ignored", "ignored");
const kubernetesV7 = kubernetesRetiring("removed", "removed");
const K8S_V8 = ["tls", "kubeconfig", "namespaces", "labels", "pods", "endpoint_pod_names", "ttl", "noendpoints", "fallthrough", "ignore"];
const kubernetesV8RemoveTransfer: PluginRule = {
  namedOptions: { ...known(...K8S_V8), endpoint: endpointIgnored, transfer: { status: "removed", action: removeOption } },
};
const kubernetesV8: PluginRule = { namedOptions: { ...known(...K8S_V8), endpoint: endpointIgnored } };

const errorsV1: PluginRule = {};
const errorsV2: PluginRule = { namedOptions: known("consolidate") };
const errorsV3: PluginRule = { namedOptions: known("consolidate", "stacktrace") };

const healthV1: PluginRule = { namedOptions: known("lameduck") };
const healthV1AddLameduck: PluginRule = {
  namedOptions: { lameduck: { status: "newdefault", add: (p) => (p.options.push({ name: "lameduck 5s", args: [] }), p) } },
};

const hostsV1: PluginRule = {
  namedOptions: known("ttl", "no_reverse", "reload", "fallthrough"),
  patternOptions: [
    [/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/, {}],
    [/[0-9A-Fa-f]{1,4}:[:0-9A-Fa-f]+:[0-9A-Fa-f]{1,4}/, {}],
  ],
};

const REWRITE_V1 = ["type", "class", "name", "answer name", "edns0"];
const rewriteV1: PluginRule = { namedOptions: known(...REWRITE_V1) };
const rewriteV2: PluginRule = { namedOptions: known(...REWRITE_V1, "ttl") };
const rewriteV3: PluginRule = { namedOptions: known(...REWRITE_V1, "ttl", "cname_target") };

const logV1: PluginRule = { namedOptions: known("class") };

const cacheV1: PluginRule = { namedOptions: known("success", "denial", "prefetch") };
const cacheV2: PluginRule = { namedOptions: known("success", "denial", "prefetch", "serve_stale") };
const cacheV3: PluginRule = { namedOptions: known("success", "denial", "prefetch", "serve_stale", "disable", "servfail") };
const cacheV4: PluginRule = { namedOptions: known("success", "denial", "prefetch", "serve_stale", "disable", "servfail", "keepttl") };

const FORWARD_V1 = ["except", "force_tcp", "expire", "max_fails", "tls", "tls_servername", "policy", "health_check"];
const forwardV1: PluginRule = { namedOptions: known(...FORWARD_V1) };
const forwardV2: PluginRule = { namedOptions: known(...FORWARD_V1, "prefer_udp") };
const forwardV3: PluginRule = { namedOptions: known(...FORWARD_V1, "prefer_udp", "max_concurrent") };
const forwardV3AddMaxConcurrent: PluginRule = {
  namedOptions: {
    ...known(...FORWARD_V1, "prefer_udp"),
    max_concurrent: { status: "newdefault", add: (p) => (p.options.push({ name: "max_concurrent 1000", args: [] }), p) },
  },
};
const forwardV4: PluginRule = { namedOptions: known(...FORWARD_V1, "prefer_udp", "max_concurrent", "next", "fail_fast") };
const forwardV5: PluginRule = { namedOptions: known(...FORWARD_V1, "prefer_udp", "max_concurrent", "next", "failfast_all_unhealthy_upstreams") };

const k8sExternalV1: PluginRule = { namedOptions: known("apex", "ttl") };
const k8sExternalV2: PluginRule = { namedOptions: known("apex", "ttl", "fallthrough") };

const proxyRemoveHttpsGoogleProtocol = (o: CorefileOption): CorefileOption | null => (o.args.length > 0 && o.args[0] === "https_google" ? null : o);
const PROXY_V1 = ["policy", "fail_timeout", "max_fails", "health_check", "except", "spray"];
const proxyV1: PluginRule = { namedOptions: { ...known(...PROXY_V1), protocol: { status: "ignored", action: proxyRemoveHttpsGoogleProtocol } } };
const proxyV2: PluginRule = { namedOptions: { ...known(...PROXY_V1), protocol: { status: "removed", action: proxyRemoveHttpsGoogleProtocol } } };
const proxyToForwardOptions: Record<string, OptionRule> = {
  policy: {
    action: (o) => {
      if (o.args.length === 1 && o.args[0] === "least_conn") {
        o.name = "force_tcp";
        o.args = [];
      }
      return o;
    },
  },
  except: {},
  fail_timeout: { action: removeOption },
  max_fails: { action: removeOption },
  health_check: { action: removeOption },
  spray: { action: removeOption },
  protocol: {
    action: (o) => {
      if (o.args.length >= 2 && o.args[0] === "force_tcp") {
        o.name = "force_tcp";
        o.args = [];
        return o;
      }
      return null;
    },
  },
};
const proxyToForward = (p: CorefilePlugin): CorefilePlugin => ((p.name = "forward"), p);
const proxyDeprecation: PluginRule = { status: "deprecated", replacedBy: "forward", action: proxyToForward, namedOptions: proxyToForwardOptions };
const proxyRemoval: PluginRule = { status: "removed", replacedBy: "forward", action: proxyToForward, namedOptions: proxyToForwardOptions };

const transferV1: PluginRule = { namedOptions: known("to") };

const plain: PluginRule = {};

/** The plugin set of releases without a migration of their own (the common case since 1.6). */
function pluginSet(p: {
  errors: PluginRule; health?: PluginRule; kubernetes: PluginRule; k8sExternal?: PluginRule; forward: PluginRule; cache: PluginRule;
  rewrite: PluginRule; ready?: PluginRule | null; transfer?: boolean; loop?: PluginRule | null; proxy?: PluginRule;
}): Plugins {
  const out: Record<string, PluginRule> = { errors: p.errors, log: logV1, health: p.health ?? healthV1 };
  if (p.ready !== null) out.ready = p.ready ?? plain;
  out.autopath = plain;
  out.kubernetes = p.kubernetes;
  if (p.k8sExternal) out.k8s_external = p.k8sExternal;
  out.prometheus = plain;
  if (p.proxy) out.proxy = p.proxy;
  out.forward = p.forward;
  out.cache = p.cache;
  if (p.loop !== null) out.loop = p.loop ?? plain;
  out.reload = plain;
  out.loadbalance = plain;
  out.hosts = hostsV1;
  out.rewrite = p.rewrite;
  if (p.transfer) out.transfer = transferV1;
  return out;
}

const plugins_1_14_0 = pluginSet({ errors: errorsV3, kubernetes: kubernetesV8, k8sExternal: k8sExternalV2, forward: forwardV5, cache: cacheV4, rewrite: rewriteV3, transfer: true });
const plugins_1_11_4 = pluginSet({ errors: errorsV3, kubernetes: kubernetesV8, k8sExternal: k8sExternalV2, forward: forwardV4, cache: cacheV4, rewrite: rewriteV3, transfer: true });
const plugins_1_11_0 = pluginSet({ errors: errorsV3, kubernetes: kubernetesV8, k8sExternal: k8sExternalV2, forward: forwardV3, cache: cacheV4, rewrite: rewriteV3, transfer: true });
const plugins_1_10_1 = pluginSet({ errors: errorsV3, kubernetes: kubernetesV8, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV4, rewrite: rewriteV2, transfer: true });
const plugins_1_9_4 = pluginSet({ errors: errorsV3, kubernetes: kubernetesV8, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV3, rewrite: rewriteV2, transfer: true });
const plugins_1_9_3 = pluginSet({ errors: errorsV3, kubernetes: kubernetesV8, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV1, rewrite: rewriteV2, transfer: true });
const plugins_1_8_3 = pluginSet({ errors: errorsV2, kubernetes: kubernetesV8, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV1, rewrite: rewriteV2, transfer: true });
const plugins_1_6_0 = pluginSet({ errors: errorsV2, kubernetes: kubernetesV6, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2 });
const plugins_1_2 = (errors: PluginRule, kubernetes: PluginRule, rewrite: PluginRule, loop: PluginRule | null = plain): Plugins =>
  pluginSet({ errors, kubernetes, forward: forwardV2, cache: cacheV1, rewrite, ready: null, proxy: proxyV2, loop });

type CorefileAction = (cf: Corefile) => Corefile;

interface Release {
  next?: string;
  plugins: Plugins;
  preProcess?: CorefileAction;
  postProcess?: CorefileAction;
  /** The default Corefile kubeadm shipped with this release (wildcards "*" and "***"). */
  defaultConf?: string;
}

/** Moves kubernetes' `transfer to …` option to a transfer plugin of the zone (CoreDNS 1.8.0). */
function copyKubernetesTransferOptToPlugin(cf: Corefile): Corefile {
  for (const s of cf.servers) {
    let to: string[] = [];
    let zone = "";
    for (const p of s.plugins) {
      if (p.name !== "kubernetes") continue;
      if (p.args.length === 0) throw new Error("invalid Corefile: kubernetes plugin without a zone");
      zone = p.args[0]!;
      for (const o of p.options) if (o.name === "transfer") to = o.args;
    }
    if (to.length < 2) continue;
    s.plugins.push({ name: "transfer", args: [zone], options: [{ name: "to", args: to.slice(1) }] });
  }
  return cf;
}

/**
 * Moves each non-root `forward` of the default server block into a server block of its own
 * (CoreDNS 1.4.0/1.5.0), walking the plugin list exactly as upstream's in-place loop does.
 */
function breakForwardStubDomainsIntoServerBlocks(cf: Corefile): Corefile {
  for (const sb of cf.servers) {
    const backing = sb.plugins.slice();
    const rangeLen = backing.length;
    let len = backing.length;
    for (let j = 0; j < rangeLen; j++) {
      const fwd = backing[j]!;
      if (fwd.name !== "forward") continue;
      if (fwd.args.length === 0) throw new Error("found invalid forward plugin declaration");
      if (fwd.args[0] === ".") continue;
      if (sb.domPorts.length !== 1) throw new Error("unhandled migration of multi-domain/port server block");
      if (sb.domPorts[0] !== "." && sb.domPorts[0] !== ".:53") throw new Error("unhandled migration of non-default domain/port server block");
      const newSb: CorefileServer = { domPorts: [fwd.args[0]!], plugins: [] };
      fwd.args[0] = ".";
      newSb.plugins.push(fwd, { name: "loop", args: [], options: [] }, { name: "errors", args: [], options: [] }, { name: "cache", args: ["30"], options: [] });
      cf.servers.push(newSb);
      for (let k = j; k < len - 1; k++) backing[k] = backing[k + 1]!;
      len--;
    }
    sb.plugins = backing.slice(0, len);
  }
  return cf;
}

/**
 * A default Corefile kubeadm shipped (wildcards: "*" one token, "***" the rest of the line): what
 * changed between releases is whether health has lameduck, ready is there, kubernetes has upstream
 * and ttl, the upstream resolver is proxy or forward (with max_concurrent), and loop/loadbalance.
 */
function defaultCorefile(o: { lameduck?: boolean; ready?: boolean; upstream?: boolean; ttl?: boolean; proxy?: boolean; maxConcurrent?: boolean; loop?: boolean }): string {
  return [
    ".:53 {",
    "    errors",
    ...(o.lameduck ? ["    health {", "        lameduck 5s", "    }"] : ["    health"]),
    ...(o.ready ? ["    ready"] : []),
    "    kubernetes * *** {",
    "        pods insecure",
    ...(o.upstream ? ["        upstream"] : []),
    "        fallthrough in-addr.arpa ip6.arpa",
    ...(o.ttl ? ["        ttl 30"] : []),
    "    }",
    "    prometheus :9153",
    ...(o.proxy ? ["    proxy . *"] : o.maxConcurrent ? ["    forward . * {", "        max_concurrent 1000", "    }"] : ["    forward . *"]),
    "    cache 30",
    ...(o.loop ? ["    loop", "    reload", "    loadbalance"] : ["    reload"]),
    "}",
  ].join("\n");
}

const DEFAULT_1_7 = defaultCorefile({ lameduck: true, ready: true, ttl: true, maxConcurrent: true, loop: true });
const DEFAULT_1_6_5 = defaultCorefile({ lameduck: true, ready: true, ttl: true, loop: true });
const DEFAULT_1_6_2 = defaultCorefile({ ready: true, ttl: true, loop: true });
const DEFAULT_1_3_1 = defaultCorefile({ upstream: true, ttl: true, loop: true });
const DEFAULT_1_2 = defaultCorefile({ upstream: true, proxy: true, loop: true });
const DEFAULT_1_1_3 = defaultCorefile({ upstream: true, proxy: true });

const readyNewDefault: PluginRule = {
  status: "newdefault",
  add: (s) => addToServerBlockWithPlugins(s, { name: "ready", args: [], options: [] }, ["kubernetes"]),
};
const loopNewDefault: PluginRule = {
  status: "newdefault",
  add: (s) => addToServerBlockWithPlugins(s, { name: "loop", args: [], options: [] }, ["forward", "proxy"]),
};

/** The CoreDNS releases corefile-migration v1.0.34 knows (since 1.1.3), each with its next release. */
const RELEASES: Readonly<Record<string, Release>> = (() => {
  const chain: [string, Omit<Release, "next">][] = [
    ["1.1.3", { plugins: {}, defaultConf: DEFAULT_1_1_3 }],
    ["1.1.4", { plugins: pluginSet({ errors: errorsV1, kubernetes: kubernetesV1, forward: forwardV1, cache: cacheV1, rewrite: rewriteV1, ready: null, proxy: proxyV1, loop: null }) }],
    ["1.2.0", { plugins: plugins_1_2(errorsV1, kubernetesV1, rewriteV1, null) }],
    ["1.2.1", { plugins: plugins_1_2(errorsV1, kubernetesV1, rewriteV1, loopNewDefault) }],
    ["1.2.2", { plugins: plugins_1_2(errorsV1, kubernetesV1, rewriteV1), defaultConf: DEFAULT_1_2 }],
    ["1.2.3", { plugins: plugins_1_2(errorsV1, kubernetesV2, rewriteV2) }],
    ["1.2.4", { plugins: plugins_1_2(errorsV1, kubernetesV2, rewriteV2) }],
    ["1.2.5", { plugins: plugins_1_2(errorsV1, kubernetesV2, rewriteV2) }],
    ["1.2.6", { plugins: plugins_1_2(errorsV2, kubernetesV2, rewriteV2), defaultConf: DEFAULT_1_2 }],
    ["1.3.0", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV2, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2, ready: null, proxy: proxyV2 }) }],
    ["1.3.1", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV3, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2, ready: null, proxy: proxyV2 }), defaultConf: DEFAULT_1_3_1 }],
    ["1.4.0", {
      plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV4, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2, ready: null, proxy: proxyDeprecation }),
      postProcess: breakForwardStubDomainsIntoServerBlocks,
    }],
    ["1.5.0", {
      plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV5, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2, ready: readyNewDefault, proxy: proxyRemoval }),
      postProcess: breakForwardStubDomainsIntoServerBlocks,
    }],
    ["1.5.1", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV5, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2 }) }],
    ["1.5.2", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV5, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2 }) }],
    ["1.6.0", { plugins: plugins_1_6_0 }],
    ["1.6.1", { plugins: plugins_1_6_0 }],
    ["1.6.2", { plugins: plugins_1_6_0, defaultConf: DEFAULT_1_6_2 }],
    ["1.6.3", { plugins: plugins_1_6_0 }],
    ["1.6.4", { plugins: plugins_1_6_0 }],
    ["1.6.5", { plugins: pluginSet({ errors: errorsV2, health: healthV1AddLameduck, kubernetes: kubernetesV6, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV1, rewrite: rewriteV2 }), defaultConf: DEFAULT_1_6_5 }],
    ["1.6.6", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV6, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV2, rewrite: rewriteV2 }) }],
    ["1.6.7", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV6, k8sExternal: k8sExternalV1, forward: forwardV2, cache: cacheV2, rewrite: rewriteV2 }), defaultConf: DEFAULT_1_6_5 }],
    ["1.6.9", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV6, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV2, rewrite: rewriteV2 }) }],
    ["1.7.0", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV7, k8sExternal: k8sExternalV1, forward: forwardV3AddMaxConcurrent, cache: cacheV1, rewrite: rewriteV2 }), defaultConf: DEFAULT_1_7 }],
    ["1.7.1", { plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV7, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV1, rewrite: rewriteV2 }) }],
    ["1.8.0", {
      plugins: pluginSet({ errors: errorsV2, kubernetes: kubernetesV8RemoveTransfer, k8sExternal: k8sExternalV1, forward: forwardV3, cache: cacheV1, rewrite: rewriteV2, transfer: true }),
      preProcess: copyKubernetesTransferOptToPlugin,
    }],
    // 1.8.1 and 1.8.2 were never released as images
    ["1.8.3", { plugins: plugins_1_8_3 }],
    ["1.8.4", { plugins: plugins_1_8_3 }],
    ["1.8.5", { plugins: plugins_1_8_3 }],
    ["1.8.6", { plugins: plugins_1_8_3 }],
    ["1.8.7", { plugins: plugins_1_8_3 }],
    ["1.9.0", { plugins: plugins_1_8_3 }],
    ["1.9.1", { plugins: plugins_1_8_3 }],
    ["1.9.2", { plugins: plugins_1_8_3 }],
    ["1.9.3", { plugins: plugins_1_9_3 }],
    ["1.9.4", { plugins: plugins_1_9_4 }],
    ["1.10.0", { plugins: plugins_1_9_4 }],
    ["1.10.1", { plugins: plugins_1_10_1 }],
    ["1.11.0", { plugins: plugins_1_11_0 }],
    ["1.11.1", { plugins: plugins_1_11_0 }],
    ["1.11.3", { plugins: plugins_1_11_0 }],
    ["1.11.4", { plugins: plugins_1_11_4 }],
    ["1.12.0", { plugins: plugins_1_14_0 }],
    ["1.12.1", { plugins: plugins_1_14_0 }],
    ["1.12.2", { plugins: plugins_1_14_0 }],
    ["1.12.3", { plugins: plugins_1_14_0 }],
    ["1.12.4", { plugins: plugins_1_14_0 }],
    ["1.13.0", { plugins: plugins_1_14_0 }],
    ["1.13.1", { plugins: plugins_1_14_0 }],
    ["1.13.2", { plugins: plugins_1_14_0 }],
    ["1.14.0", { plugins: plugins_1_14_0 }],
    ["1.14.1", { plugins: plugins_1_14_0 }],
    ["1.14.2", { plugins: plugins_1_14_0 }],
    ["1.14.3", { plugins: plugins_1_14_0 }],
    ["1.14.4", { plugins: plugins_1_14_0 }],
    ["1.14.6", { plugins: plugins_1_14_0 }],
  ];
  const out: Record<string, Release> = {};
  chain.forEach(([v, r], i) => {
    const next = chain[i + 1]?.[0];
    out[v] = next ? { ...r, next } : r;
  });
  return out;
})();

/** Every CoreDNS version the migration knows. */
export const KNOWN_COREDNS_VERSIONS: readonly string[] = Object.keys(RELEASES);

// ---------------------------------------------------------------- notices and migration

export interface Notice {
  plugin: string;
  option?: string;
  severity: Severity;
  replacedBy?: string;
  additional?: string;
  version: string;
}

/** A notice as corefile-migration words it. */
export function noticeString(n: Notice): string {
  let s = n.option ? `Option "${n.option}" in plugin "${n.plugin}" ` : `Plugin "${n.plugin}" `;
  if (n.severity === "unsupported") s += `is unsupported by this migration tool in ${n.version}.`;
  else if (n.severity === "newdefault") s += `is added as a default in ${n.version}.`;
  else s += `is ${n.severity} in ${n.version}.`;
  if (n.replacedBy) s += ` It is replaced by "${n.replacedBy}".`;
  if (n.additional) s += ` ${n.additional}`;
  return s;
}

const release = (v: string): Release => RELEASES[v] ?? { plugins: {} };

/** The upward migration is possible: `from` is known and `to` follows it. */
export function validUpMigration(from: string, to: string): void {
  if (!Object.hasOwn(RELEASES, from)) throw new Error(`start version '${from}' not supported`);
  if (from === to) return;
  for (let next = RELEASES[from]!.next; next !== undefined; next = RELEASES[next]?.next) if (next === to) return;
  throw new Error(`cannot migrate up to '${to}' from '${from}'`);
}

function matchOption(name: string, p: PluginRule | undefined): OptionRule | undefined {
  if (!p) return undefined;
  if (p.namedOptions && Object.hasOwn(p.namedOptions, name)) return p.namedOptions[name];
  for (const [re, rule] of p.patternOptions ?? []) if (re.test(name)) return rule;
  return undefined;
}

function getStatus(from: string, to: string, corefileText: string, unsupportedOnly: boolean): Notice[] {
  validUpMigration(from, to);
  const cf = parseCorefile(corefileText);
  const notices: Notice[] = [];
  let v = from;
  for (;;) {
    if (from !== to) v = release(v).next ?? "";
    const plugins = release(v).plugins;
    for (const s of cf.servers) {
      for (const p of s.plugins) {
        const vp = Object.hasOwn(plugins, p.name) ? plugins[p.name] : undefined;
        if (unsupportedOnly && !vp) {
          notices.push({ plugin: p.name, severity: "unsupported", version: v });
          continue;
        }
        if (!vp) continue;
        if (vp.status && vp.status !== "newdefault" && !unsupportedOnly) {
          notices.push({ plugin: p.name, severity: vp.status, version: v, ...(vp.replacedBy ? { replacedBy: vp.replacedBy } : {}), ...(vp.additional ? { additional: vp.additional } : {}) });
          continue;
        }
        for (const o of p.options) {
          const vo = matchOption(o.name, vp);
          if (unsupportedOnly) {
            if (!vo) notices.push({ plugin: p.name, option: o.name, severity: "unsupported", version: v });
            continue;
          }
          if (vo?.status && vo.status !== "newdefault") notices.push({ plugin: p.name, option: o.name, severity: vo.status, version: v });
        }
        if (!unsupportedOnly) {
          for (const [name, vo] of Object.entries(vp.namedOptions ?? {})) {
            if (vo.status !== "newdefault" || p.options.some((o) => o.name === name)) continue;
            notices.push({ plugin: p.name, option: name, severity: "newdefault", version: v });
          }
        }
      }
      if (!unsupportedOnly) {
        for (const [name, vp] of Object.entries(plugins)) {
          if (vp.status !== "newdefault" || s.plugins.some((p) => p.name === name)) continue;
          notices.push({ plugin: name, severity: "newdefault", version: v });
        }
      }
    }
    if (v === to) break;
  }
  return notices;
}

/** Deprecated, ignored and removed plugins/options met on the way, and new defaults a migration would add. */
export function deprecated(from: string, to: string, corefileText: string): Notice[] {
  return from === to ? [] : getStatus(from, to, corefileText, false);
}

/** Plugins/options of the Corefile the migration does not know (they may still be valid CoreDNS). */
export function unsupported(from: string, to: string, corefileText: string): Notice[] {
  return from === to ? [] : getStatus(from, to, corefileText, true);
}

/**
 * The Corefile migrated release by release from `from` to `to`. With `deprecations` false (as
 * kubeadm calls it) deprecated plugins/options are kept until they are ignored or removed.
 */
export function migrate(from: string, to: string, corefileText: string, deprecations: boolean): string {
  if (from === to) return corefileText;
  validUpMigration(from, to);
  let cf = parseCorefile(corefileText);
  let v = from;
  for (;;) {
    v = release(v).next ?? "";
    const rel = release(v);
    if (rel.preProcess) cf = rel.preProcess(cf);
    const servers: CorefileServer[] = [];
    for (const s of cf.servers) {
      const plugs: CorefilePlugin[] = [];
      for (const p0 of s.plugins) {
        const vp = Object.hasOwn(rel.plugins, p0.name) ? rel.plugins[p0.name] : undefined;
        if (!vp || (!deprecations && vp.status === "deprecated")) {
          plugs.push(p0);
          continue;
        }
        const opts: CorefileOption[] = [];
        for (const o of p0.options) {
          const vo = matchOption(o.name, vp);
          if (!vo || (!deprecations && vo.status === "deprecated") || !vo.action) {
            opts.push(o);
            continue;
          }
          const no = vo.action(o);
          if (no) opts.push(no);
        }
        let p = p0;
        if (vp.action) {
          const np = vp.action(p0);
          if (!np) continue;
          p = np;
        }
        let plug: CorefilePlugin = { name: p.name, args: p.args, options: opts };
        // new default options, judged by the plugin's rules of this release (after a rename, the new name's)
        const rules = Object.hasOwn(rel.plugins, p.name) ? rel.plugins[p.name] : undefined;
        for (const [name, vo] of Object.entries(rules?.namedOptions ?? {})) {
          if (vo.status !== "newdefault" || p.options.some((o) => o.name === name)) continue;
          plug = vo.add!(plug);
        }
        plugs.push(plug);
      }
      let srv: CorefileServer = { domPorts: s.domPorts, plugins: plugs };
      for (const [name, vp] of Object.entries(rel.plugins)) {
        if (vp.status !== "newdefault" || s.plugins.some((p) => p.name === name)) continue;
        srv = vp.add!(srv);
      }
      servers.push(srv);
    }
    cf = { servers };
    if (rel.postProcess) cf = rel.postProcess(cf);
    if (v === to) break;
  }
  return corefileString(cf);
}

/** True when the Corefile is a default Corefile kubeadm shipped with some Kubernetes release. */
export function isDefaultCorefile(corefileText: string): boolean {
  const cf = parseCorefile(corefileText);
  next: for (const rel of Object.values(RELEASES)) {
    const def = parseCorefile(rel.defaultConf ?? "");
    if (cf.servers.length !== def.servers.length) continue;
    for (const s of cf.servers) {
      const ds = def.servers.find((d) => argsMatch(d.domPorts, s.domPorts));
      if (!ds || s.plugins.length !== ds.plugins.length) continue next;
      for (const p of s.plugins) {
        const dp = ds.plugins.find((d) => d.name === p.name && argsMatch(d.args, p.args));
        if (!dp || p.options.length !== dp.options.length) continue next;
        for (const o of p.options) if (!dp.options.some((d) => d.name === o.name && argsMatch(d.args, o.args))) continue next;
      }
    }
    return true;
  }
  return false;
}

/** The migration as the CoreDNS preflight checks ask it (common.ts's CorefileMigrator). */
export const corefileMigrator = {
  async unsupported(from: string, to: string, corefileText: string): Promise<string[]> {
    return unsupported(from, to, corefileText).map(noticeString);
  },
  async migrate(from: string, to: string, corefileText: string): Promise<void> {
    migrate(from, to, corefileText, false);
  },
};
