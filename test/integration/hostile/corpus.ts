// The hostile-input corpus (issue 11): flags, configuration files, kubeconfigs, tokens, CA
// hashes and discovery answers that a careless or malicious input could hand kubeadm. Every case
// runs bin/kubeadm (see corpus.test.ts) and must end with a clear "error: …" line naming what is
// wrong — or, where upstream accepts the input, behave as upstream does — within a time bound,
// within bounded memory, without a stack trace and without writing anything.
//
// Placeholders in args and file contents: {in} the case's input directory, {out} an empty
// directory that must stay empty, {server} host:port of the fake API server (discovery cases),
// {ca} its CA certificate (PEM, base64 in {caData}), {pin} the pin of that CA.
import type { IncomingMessage, ServerResponse } from "node:http";
import { computeDetachedSignature } from "../../../src/discovery/jws.js";

export type CaseKind = "flags" | "config" | "kubeconfig" | "token" | "ca-hash" | "discovery";

export interface ServerContext {
  server: string;
  caData: string;
}

/** How the fake API server answers (discovery cases). */
export type Serve = (req: IncomingMessage, res: ServerResponse, ctx: ServerContext) => void;

export interface HostileCase {
  kind: CaseKind;
  name: string;
  args: string[];
  /** Files written into {in}: contents (placeholders expanded in strings) or a generator. */
  files?: Record<string, string | Buffer | ((ctx: ServerContext) => string | Buffer)>;
  /** Symlinks made in {in}: name → target. */
  links?: Record<string, string>;
  serve?: Serve;
  /** Extra environment (placeholders expanded). */
  env?: Record<string, string>;
  /** The error (the text between "error: " and the stack-trace hint), exact or a pattern. */
  error?: string | RegExp;
  /** Upstream accepts the input: exit 0 and this stdout. */
  accept?: string | RegExp;
  /** When upstream kubeadm is built, it must print the same error (or accept the same way). */
  oracle?: boolean;
  /** Run-time bound in ms (default 20 s). */
  timeoutMs?: number;
}

// ── inputs ──────────────────────────────────────────────────────────────────

const TOKEN = "abcdef.0123456789abcdef";
const HEAD = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n";
const INIT = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n";
const bytes = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
const HINT = "\nTo see the stack trace of this error execute with --v=5 or higher";
const GVK_ERR = "could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: ";
const CLUSTER_GVK = 'schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"ClusterConfiguration"}';
const INIT_GVK = 'schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"InitConfiguration"}';
const lol = (): string => {
  const l = ["a: &a [x, x, x, x, x, x, x, x, x]"];
  for (const n of "bcdefghi") l.push(`${n}: &${n} [${Array(9).fill(`*${String.fromCharCode(n.charCodeAt(0) - 1)}`).join(", ")}]`);
  return `${l.join("\n")}\n`;
};
const TOO_LARGE = (file: string) => `read ${file}: file too large: kubeadm-ts reads at most 10 MiB`;
const huge = (): Buffer => Buffer.alloc(11 * 1024 * 1024, "a");

/** A kubeconfig; `cluster` and `user` are YAML mapping bodies (indented 4). */
const kubeconfig = (cluster: string, user = "    token: abc", extra = ""): string =>
  `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n${cluster}\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\nusers:\n- name: u\n  user:\n${user}\n${extra}`;

/** A JoinConfiguration for discovery cases, with a short discovery timeout. */
const joinConfig = (discovery: string, timeout = "2s"): string =>
  `apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n${discovery}\ntimeouts:\n  discovery: ${timeout}\nnodeRegistration:\n  name: hostile-node\n  criSocket: unix:///run/containerd/containerd.sock\n`;
const tokenDiscovery = (extra = "    unsafeSkipCAVerification: true"): string =>
  `  bootstrapToken:\n    apiServerEndpoint: {server}\n    token: ${TOKEN}\n${extra}`;
const JOIN_PREFLIGHT = ["join", "phase", "preflight", "--config", "{in}/join.yaml", "--ignore-preflight-errors=all"];
const IDENTITY = "error execution phase preflight: couldn't validate the identity of the API Server: ";
const CLUSTER_INFO_URL = "https://{server}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s";

/** The kubeconfig cluster-info carries, for the fake server. */
const clusterInfoKubeconfig = (ctx: ServerContext): string =>
  `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${ctx.caData}\n    server: https://${ctx.server}\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n`;

/** A cluster-info ConfigMap whose kubeconfig is `kc`, signed for the corpus token (or not). */
function clusterInfo(kc: string, sign: "token" | "other" | "bad" | "none" = "token"): unknown {
  const data: Record<string, string> = { kubeconfig: kc };
  if (sign === "token") data["jws-kubeconfig-abcdef"] = computeDetachedSignature(kc, "abcdef", "0123456789abcdef");
  if (sign === "other") data["jws-kubeconfig-zzzzzz"] = computeDetachedSignature(kc, "zzzzzz", "0123456789abcdef");
  if (sign === "bad") data["jws-kubeconfig-abcdef"] = computeDetachedSignature(kc, "abcdef", "ffffffffffffffff");
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cluster-info", namespace: "kube-public" }, data };
}
const json = (status: number, body: unknown): Serve => (_q, res) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};
/** An answer with a given Content-Type ("" for none) and body. */
const raw = (status: number, contentType: string, body: string): Serve => (_q, res) => {
  res.writeHead(status, contentType ? { "Content-Type": contentType } : {});
  res.end(body);
};
const signedInfo = (kc?: (ctx: ServerContext) => string, sign: "token" | "other" | "bad" | "none" = "token"): Serve => (_q, res, ctx) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(clusterInfo(kc ? kc(ctx) : clusterInfoKubeconfig(ctx), sign)));
};
const HEX64 = "0123456789abcdef".repeat(4);

// ── the corpus ──────────────────────────────────────────────────────────────

export const hostileCases: HostileCase[] = [
  // flags
  { kind: "flags", name: "an advertise address that is no IP", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--apiserver-advertise-address", "999.1.1.1"], error: "couldn't use \"999.1.1.1\" as \"apiserver-advertise-address\", must be ipv4 or ipv6 address", oracle: true },
  { kind: "flags", name: "a 100 000-character advertise address", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--apiserver-advertise-address", "a".repeat(100_000)], error: /^couldn't use "a{100000}" as "apiserver-advertise-address", must be ipv4 or ipv6 address$/, oracle: true },
  { kind: "flags", name: "a service CIDR with a negative prefix", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--service-cidr", "10.0.0.0/-1"], error: /networking\.serviceSubnet: Invalid value: "10\.0\.0\.0\/-1"/, oracle: true },
  { kind: "flags", name: "a service CIDR of garbage", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--service-cidr", "garbage"], error: /networking\.serviceSubnet: Invalid value: "garbage"/, oracle: true },
  { kind: "flags", name: "a pod CIDR past /32", args: ["init", "phase", "addon", "kube-proxy", "--pod-network-cidr", "10.0.0.0/33", "--kubeconfig", "{in}/none.conf"], error: 'networking.podSubnet: Invalid value: "10.0.0.0/33": couldn\'t parse subnet', oracle: true },
  { kind: "flags", name: "an extra SAN that is no name", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--apiserver-cert-extra-sans", "*.*.example.com"], error: /apiServer\.certSANs: Invalid value: "\*\.\*\.example\.com"/, oracle: true },
  { kind: "flags", name: "a bind port past 65535", args: ["init", "phase", "kubeconfig", "admin", "--kubeconfig-dir", "{out}", "--cert-dir", "{in}", "--apiserver-bind-port", "70000"], error: "localAPIEndpoint.bindPort: Invalid value: 70000: port number is not valid", oracle: true },
  { kind: "flags", name: "a bind port past int32", args: ["init", "phase", "kubeconfig", "admin", "--kubeconfig-dir", "{out}", "--cert-dir", "{in}", "--apiserver-bind-port", "99999999999999999999"], error: 'invalid argument "99999999999999999999" for "--apiserver-bind-port" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range', oracle: true },
  { kind: "flags", name: "a Kubernetes version past any integer", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--kubernetes-version", "v999999999999999999999.0.0"], error: 'couldn\'t parse Kubernetes version "v999999999999999999999.0.0": illegal non-numeric version component "999999999999999999999" in "v999999999999999999999.0.0": strconv.ParseUint: parsing "999999999999999999999": value out of range', oracle: true },
  { kind: "flags", name: "a 10 000-character Kubernetes version", args: ["config", "images", "list", "--kubernetes-version", "x".repeat(10_000)], error: /x{10000}/, oracle: true },
  { kind: "flags", name: "a control-plane endpoint with an open bracket", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--control-plane-endpoint", "[::1"], error: /\[::1/, oracle: true },
  { kind: "flags", name: "a control-plane endpoint with port 99999", args: ["init", "phase", "certs", "all", "--cert-dir", "{out}", "--control-plane-endpoint", "cp.example.com:99999"], error: /99999/, oracle: true },
  { kind: "flags", name: "a node name that is no DNS name", args: ["init", "phase", "kubeconfig", "kubelet", "--kubeconfig-dir", "{out}", "--cert-dir", "{in}", "--node-name", "UPPER_case!"], error: /^nodeRegistration\.name: Invalid value: "upper_case!": a lowercase RFC 1123 subdomain must consist of/, oracle: true },
  { kind: "flags", name: "a feature gate named __proto__", args: ["config", "images", "list", "--feature-gates", "__proto__=true"], error: "unrecognized feature-gate key: __proto__", oracle: true },
  { kind: "flags", name: "a feature gate that is neither true nor false", args: ["config", "images", "list", "--feature-gates", "RootlessControlPlane=maybe"], error: /invalid value maybe for feature-gate key: RootlessControlPlane/, oracle: true },
  { kind: "flags", name: "a feature gate without a value", args: ["config", "images", "list", "--feature-gates", "RootlessControlPlane"], error: "missing bool value for feature-gate key:RootlessControlPlane", oracle: true },
  { kind: "flags", name: "a verbosity past int32", args: ["version", "-v", "99999999999999999999"], error: 'invalid argument "99999999999999999999" for "-v, --v" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range', oracle: true },
  { kind: "flags", name: "all and one named preflight error", args: ["init", "phase", "preflight", "--ignore-preflight-errors", "all,foo"], error: /don't specify individual checks if 'all' is used/, oracle: true },
  { kind: "flags", name: "a token TTL past int64 nanoseconds", args: ["token", "create", "--dry-run", "--ttl", "99999999999h"], error: 'invalid argument "99999999999h" for "--ttl" flag: time: invalid duration "99999999999h"', oracle: true },
  // upstream: "failure loading ca certificate: … open /dev/null/pki/ca.crt: not a directory"; ours names the staging file
  { kind: "flags", name: "a cert dir below a file", args: ["init", "phase", "certs", "ca", "--cert-dir", "/dev/null/pki"], error: /^error execution phase certs\/ca: .*not a directory.*\/dev\/null\/pki\// },
  // upstream reads the kubeconfig before it looks at the flags (ours the other way round): give it one
  { kind: "flags", name: "a token usage that does not exist", args: ["token", "create", "--dry-run", "--usages", "signing,teleport", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1") }, error: '[bootstrapTokens.0.usages: Invalid value: ["signing","teleport"]: invalid bootstrap token usage string: teleport, valid usage options: signing,authentication, bootstrapTokens.0.groups: Invalid value: ["system:bootstrappers:kubeadm:default-node-token"]: token groups cannot be specified unless --usages includes "authentication"]', oracle: true },
  { kind: "flags", name: "a token group outside system:bootstrappers", args: ["token", "create", "--dry-run", "--groups", "system:masters", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1") }, error: 'bootstrapTokens.0.groups: Invalid value: ["system:masters"]: bootstrap group "system:masters" is invalid (must match \\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z)', oracle: true },

  // configuration files
  { kind: "config", name: "config validate --config /dev/zero", args: ["config", "validate", "--config", "/dev/zero"], error: TOO_LARGE("/dev/zero") },
  { kind: "config", name: "init phase certs all --config /dev/zero", args: ["init", "phase", "certs", "all", "--config", "/dev/zero"], error: `unable to read config from "/dev/zero" : ${TOO_LARGE("/dev/zero")}` },
  { kind: "config", name: "kubeconfig user --config /dev/zero", args: ["kubeconfig", "user", "--client-name", "x", "--config", "/dev/zero"], error: `unable to read config from "/dev/zero" : ${TOO_LARGE("/dev/zero")}` },
  { kind: "config", name: "join --config through a symlink to /dev/zero", args: ["join", "--config", "{in}/cfg.yaml"], links: { "cfg.yaml": "/dev/zero" }, error: `unable to read config from "{in}/cfg.yaml" : ${TOO_LARGE("{in}/cfg.yaml")}` },
  { kind: "config", name: "config migrate --old-config /dev/zero", args: ["config", "migrate", "--old-config", "/dev/zero"], error: TOO_LARGE("/dev/zero") },
  { kind: "config", name: "an 11 MiB file", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": huge }, error: TOO_LARGE("{in}/cfg.yaml") },
  { kind: "config", name: "200 000 nested [", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "[".repeat(200_000) }, error: `${GVK_ERR}yaml: line 1: exceeded max depth of 500` },
  { kind: "config", name: "200 000 nested {a:", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}networking: ${"{a: ".repeat(200_000)}\n` }, error: `${GVK_ERR}yaml: line 3: exceeded max depth of 500` },
  { kind: "config", name: "100 000 nested block sequences", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${"- ".repeat(100_000)}x\n` }, error: `${GVK_ERR}yaml: line 1: exceeded max depth of 500` },
  {
    kind: "config",
    name: "100 000 duplicate keys",
    args: ["config", "validate", "--config", "{in}/cfg.yaml"],
    files: { "cfg.yaml": HEAD + "clusterName: x\n".repeat(100_000) },
    error: new RegExp(`^error unmarshaling configuration ${CLUSTER_GVK.replace(/[{}.]/g, "\\$&")}: strict decoding error: yaml: unmarshal errors:\\n  line 4: key "clusterName" already set in map\\n(  line \\d+: key "clusterName" already set in map\\n){99997}  line 100002: key "clusterName" already set in map$`),
    oracle: true,
  },
  { kind: "config", name: "binary garbage", args: ["config", "validate", "--config", "{in}/cfg.bin"], files: { "cfg.bin": () => Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256)) }, error: `${GVK_ERR}yaml: invalid leading UTF-8 octet`, oracle: true },
  { kind: "config", name: "an invalid leading UTF-8 byte", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": bytes(`${HEAD}clusterName: `, [0xff, 0xfe, 0x0a]) }, error: `${GVK_ERR}yaml: invalid leading UTF-8 octet`, oracle: true },
  { kind: "config", name: "a UTF-8 sequence cut at the end of the file", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": bytes(`${HEAD}clusterName: `, [0xe2, 0x82]) }, error: `${GVK_ERR}yaml: invalid trailing UTF-8 octet`, oracle: true },
  { kind: "config", name: "an overlong UTF-8 form", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": bytes(`${HEAD}clusterName: `, [0xc0, 0xaf, 0x0a]) }, error: `${GVK_ERR}yaml: invalid length of a UTF-8 sequence`, oracle: true },
  { kind: "config", name: "a UTF-16 surrogate encoded in UTF-8", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": bytes(`${HEAD}clusterName: `, [0xed, 0xb0, 0x80, 0x0a]) }, error: `${GVK_ERR}yaml: invalid Unicode character`, oracle: true },
  { kind: "config", name: "an ANSI escape in a comment", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}# \x1b[2J\x1b[31mred\n` }, error: `${GVK_ERR}yaml: control characters are not allowed`, oracle: true },
  { kind: "config", name: "a NUL byte", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}clusterName: a\0b\n` }, error: `${GVK_ERR}yaml: control characters are not allowed`, oracle: true },
  { kind: "config", name: "UTF-16 with a byte-order mark", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD, "utf16le")]) }, error: `${GVK_ERR}yaml: invalid leading UTF-8 octet` },
  { kind: "config", name: "a billion laughs", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": HEAD + lol() }, error: `${GVK_ERR}yaml: document contains excessive aliasing`, oracle: true },
  { kind: "config", name: "an alias inside its own anchor", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}a: &a [*a]\n` }, error: `${GVK_ERR}yaml: anchor 'a' value contains itself`, oracle: true },
  { kind: "config", name: "an alias of no anchor", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}a: *nope\n` }, error: `${GVK_ERR}yaml: unknown anchor 'nope' referenced`, oracle: true },
  { kind: "config", name: "a sequence as a map key", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}[a, b]: c\n` }, error: `${GVK_ERR}yaml: invalid map key: []interface {}{"a", "b"}`, oracle: true },
  { kind: "config", name: "a Pod instead of a kubeadm kind", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n" }, error: "invalid configuration for GroupVersionKind /v1, Kind=Pod: kind and apiVersion is mandatory information that must be specified", oracle: true },
  { kind: "config", name: "a removed API version", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "apiVersion: kubeadm.k8s.io/v1beta1\nkind: ClusterConfiguration\n" }, error: /^your configuration file uses an old API spec: "kubeadm\.k8s\.io\/v1beta1"/, oracle: true },
  { kind: "config", name: "an API version that never existed", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "apiVersion: kubeadm.k8s.io/v9\nkind: InitConfiguration\n" }, error: 'unknown configuration APIs: []schema.GroupVersionKind{schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v9", Kind:"InitConfiguration"}}', oracle: true },
  { kind: "config", name: "a kind named constructor", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "apiVersion: kubeadm.k8s.io/v1beta4\nkind: constructor\n" }, error: 'unknown configuration APIs: []schema.GroupVersionKind{schema.GroupVersionKind{Group:"kubeadm.k8s.io", Version:"v1beta4", Kind:"constructor"}}', oracle: true },
  { kind: "config", name: "__proto__, constructor and prototype fields", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}__proto__:\n  clusterName: evil\nconstructor: 1\nnetworking:\n  prototype: x\n` }, error: `error unmarshaling configuration ${CLUSTER_GVK}: strict decoding error: unknown field "__proto__", unknown field "constructor", unknown field "networking.prototype"`, oracle: true },
  { kind: "config", name: "a number as apiVersion", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "apiVersion: 5\nkind: X\n" }, error: "invalid configuration for GroupVersionKind /5, Kind=X: kind and apiVersion is mandatory information that must be specified", oracle: true },
  { kind: "config", name: "a list as the document", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "- a\n- b\n" }, error: "could not interpret GroupVersionKind; unmarshal error: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type runtime.TypeMeta", oracle: true },
  { kind: "config", name: "a document separator followed by text", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}---x\n` }, error: "invalid Yaml document separator: x", oracle: true },
  { kind: "config", name: "the same kind twice", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}---\n${HEAD}` }, error: 'invalid configuration: kind "ClusterConfiguration" is specified twice in YAML file', oracle: true },
  { kind: "config", name: "a bind port of 1e23", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${INIT}localAPIEndpoint:\n  bindPort: 99999999999999999999999\n` }, error: `error unmarshaling configuration ${INIT_GVK}: json: cannot unmarshal number 1e+23 into Go struct field APIEndpoint.localAPIEndpoint.bindPort of type int32`, oracle: true },
  { kind: "config", name: "a bind port of -1", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${INIT}localAPIEndpoint:\n  bindPort: -1\n` }, error: /^localAPIEndpoint\.bindPort: Invalid value: -1: port number/, oracle: true },
  { kind: "config", name: "an infinite bind port", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${INIT}localAPIEndpoint:\n  bindPort: .inf\n` }, error: `${GVK_ERR}json: unsupported value: +Inf`, oracle: true },
  { kind: "config", name: "NaN anywhere", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}foo: .nan\n` }, error: `${GVK_ERR}json: unsupported value: NaN`, oracle: true },
  { kind: "config", name: "a token TTL past int64 nanoseconds", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${INIT}bootstrapTokens:\n- token: ${TOKEN}\n  ttl: 99999999999h\n` }, error: `error unmarshaling configuration ${INIT_GVK}: time: invalid duration "99999999999h"`, oracle: true },
  { kind: "config", name: "a type error deep inside", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}networking: 5\n` }, error: `error unmarshaling configuration ${CLUSTER_GVK}: json: cannot unmarshal number into Go struct field ClusterConfiguration.networking of type v1beta4.Networking`, oracle: true },
  { kind: "config", name: "an empty file (upstream: ok)", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "" }, accept: "ok\n", oracle: true },
  { kind: "config", name: "10 000 documents of comments only", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": "---\n# nothing\n".repeat(10_000) }, error: "invalid configuration for GroupVersionKind /, Kind=: kind and apiVersion is mandatory information that must be specified", oracle: true },
  { kind: "config", name: "a 5 MB cluster name (upstream: ok)", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}clusterName: ${"a".repeat(5_000_000)}\n` }, accept: "ok\n", oracle: true },
  { kind: "config", name: "CRLF line ends and a BOM (upstream: ok)", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `\ufeff${HEAD}clusterName: x\n`.replace(/\n/g, "\r\n") }, accept: "ok\n", oracle: true },
  { kind: "config", name: "tabs as indentation", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}networking:\n\tpodSubnet: x\n` }, error: /^could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: yaml: line 4: / },

  // kubeconfigs (token list, discovery files, the CA of kubeconfig user)
  { kind: "kubeconfig", name: "no such file", args: ["token", "list", "--kubeconfig", "{in}/none.conf"], error: "failed to load admin kubeconfig: open {in}/none.conf: no such file or directory", oracle: true },
  { kind: "kubeconfig", name: "a symlink to /dev/zero", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], links: { "kc.conf": "/dev/zero" }, error: `failed to load admin kubeconfig: ${TOO_LARGE("{in}/kc.conf")}` },
  { kind: "kubeconfig", name: "an 11 MiB file", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": huge }, error: `failed to load admin kubeconfig: ${TOO_LARGE("{in}/kc.conf")}` },
  { kind: "kubeconfig", name: "an empty file", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": "" }, error: "failed to create API client configuration from kubeconfig: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable", oracle: true },
  { kind: "kubeconfig", name: "YAML garbage", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": "clusters: [\n  - {\n" }, error: /^failed to load admin kubeconfig: yaml: line \d+: / },
  { kind: "kubeconfig", name: "binary garbage", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) % 256)) }, error: "failed to load admin kubeconfig: yaml: control characters are not allowed" },
  { kind: "kubeconfig", name: "invalid UTF-8", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": bytes("apiVersion: v1\nkind: Config\ncurrent-context: ", [0xc3, 0x28, 0x0a]) }, error: "failed to load admin kubeconfig: yaml: invalid trailing UTF-8 octet" },
  { kind: "kubeconfig", name: "200 000 nested [", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": "[".repeat(200_000) }, error: "failed to load admin kubeconfig: yaml: line 1: exceeded max depth of 500" },
  { kind: "kubeconfig", name: "a billion laughs", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": lol() }, error: "failed to load admin kubeconfig: yaml: document contains excessive aliasing" },
  { kind: "kubeconfig", name: "no current context", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1").replace("current-context: x\n", "") }, error: "failed to create API client configuration from kubeconfig: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable", oracle: true },
  { kind: "kubeconfig", name: "a current context that does not exist", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1").replace("current-context: x", "current-context: nope") }, error: /context was not found for specified context: nope/ },
  { kind: "kubeconfig", name: "a context naming a missing cluster", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1").replace("cluster: c", "cluster: gone") }, error: "failed to create API client configuration from kubeconfig: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable", oracle: true },
  { kind: "kubeconfig", name: "a cluster without a server", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    insecure-skip-tls-verify: true") }, error: 'failed to create API client configuration from kubeconfig: invalid configuration: no server found for cluster "c"', oracle: true },
  { kind: "kubeconfig", name: "a server with a made-up scheme", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: htp://127.0.0.1:6443") }, error: /htp/ },
  { kind: "kubeconfig", name: "a server nobody listens on", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true") }, error: /dial tcp 127\.0\.0\.1:1: connect: connection refused/ },
  { kind: "kubeconfig", name: "CA data that is not base64", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1\n    certificate-authority-data: '!!!not base64!!!'") }, error: "failed to load admin kubeconfig: illegal base64 data at input byte 0", oracle: true },
  { kind: "kubeconfig", name: "CA data that is base64 of garbage", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig(`    server: https://127.0.0.1:1\n    certificate-authority-data: ${Buffer.from("garbage garbage garbage").toString("base64")}`) }, error: /./ },
  { kind: "kubeconfig", name: "a client certificate and key of garbage", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true", `    client-certificate-data: ${Buffer.from("cert").toString("base64")}\n    client-key-data: ${Buffer.from("key").toString("base64")}`) }, error: /./ },
  { kind: "kubeconfig", name: "a CA file that is /dev/zero", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1\n    certificate-authority: {in}/ca.crt") }, links: { "ca.crt": "/dev/zero" }, error: /read \{in\}\/ca\.crt: file too large: kubeadm-ts reads at most 10 MiB/ },
  { kind: "kubeconfig", name: "a token file that is /dev/zero", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1", "    tokenFile: {in}/token") }, links: { token: "/dev/zero" }, error: /read \{in\}\/token: file too large: kubeadm-ts reads at most 10 MiB/ },
  { kind: "kubeconfig", name: "a client key file that does not exist", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1", "    client-certificate: {in}/c.crt\n    client-key: {in}/none.key"), "c.crt": "x" }, error: /none\.key/ },
  { kind: "kubeconfig", name: "an exec plugin", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1", "    exec:\n      command: /bin/sh\n      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Never") }, error: /exec or auth-provider plugin, which kubeadm-ts does not support/ },
  { kind: "kubeconfig", name: "a proxy-url with an ftp scheme", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1\n    proxy-url: ftp://proxy:21") }, error: `failed to create API client configuration from kubeconfig: invalid configuration: invalid 'proxy-url' "ftp://proxy:21" for cluster "c": unsupported scheme "ftp", must be http, https, or socks5`, oracle: true },
  { kind: "kubeconfig", name: "a socks5 proxy-url", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1\n    proxy-url: socks5://127.0.0.1:1080") }, error: /proxy scheme "socks5" is not supported by kubeadm-ts/ },
  { kind: "kubeconfig", name: "clusters that are not a list", args: ["token", "list", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": "apiVersion: v1\nkind: Config\nclusters: 5\n" }, error: "failed to load admin kubeconfig: json: cannot unmarshal number into Go struct field Config.clusters of type []v1.NamedCluster", oracle: true },
  { kind: "kubeconfig", name: "a discovery file without clusters", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: {in}/d.conf"), "d.conf": "apiVersion: v1\nkind: Config\nclusters: []\n" }, error: `${IDENTITY}the provided kubeconfig file must have at least one Cluster defined`, oracle: true },
  { kind: "kubeconfig", name: "a discovery file of 11 MiB", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: {in}/d.conf"), "d.conf": huge }, error: `${IDENTITY}${TOO_LARGE("{in}/d.conf")}` },
  { kind: "kubeconfig", name: "a discovery file whose CA file is /dev/zero", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: {in}/d.conf"), "d.conf": kubeconfig("    server: https://127.0.0.1:1\n    certificate-authority: {in}/ca.crt") }, links: { "ca.crt": "/dev/zero" }, error: /read \{in\}\/ca\.crt: file too large/ },
  { kind: "kubeconfig", name: "a discovery file naming a dead server", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: {in}/d.conf", "1s"), "d.conf": kubeconfig("    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true") }, error: /^error execution phase preflight: couldn't validate the identity of the API Server: Abort reading the cluster-info ConfigMap after timeout of 1s: Get "https:\/\/127\.0\.0\.1:1\/api\/v1\/namespaces\/kube-public\/configmaps\/cluster-info\?timeout=10s": dial tcp 127\.0\.0\.1:1: connect: connection refused$/, oracle: true },
  { kind: "kubeconfig", name: "kubeconfig user with a CA of garbage", args: ["kubeconfig", "user", "--client-name", "x", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}certificatesDir: {in}\n`, "ca.crt": "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n", "ca.key": "garbage" }, error: /^couldn't create a kubeconfig; the CA files couldn't be loaded: / },
  { kind: "kubeconfig", name: "kubeconfig user with a CA that is /dev/zero", args: ["kubeconfig", "user", "--client-name", "x", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}certificatesDir: {in}\n` }, links: { "ca.crt": "/dev/zero", "ca.key": "/dev/zero" }, error: /read \{in\}\/ca\.crt: file too large/ },
  { kind: "kubeconfig", name: "kubeconfig user without a CA", args: ["kubeconfig", "user", "--client-name", "x", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${HEAD}certificatesDir: {in}\n` }, error: /^couldn't create a kubeconfig; the CA files couldn't be loaded: .*\{in\}\/ca\.crt: no such file or directory/, oracle: true },

  // bootstrap tokens
  ...["abc", "ABCDEF.0123456789abcdef", "abcdef.0123456789abcde", "abcdef-0123456789abcdef", "abcdef.0123456789abcdef.x", "ébcdef.0123456789abcdef", `abcdef.${"0".repeat(100_000)}`].map(
    (t): HostileCase => ({
      kind: "token",
      name: `token create ${t.length > 40 ? `${t.slice(0, 20)}… (${t.length} chars)` : JSON.stringify(t)}`,
      args: ["token", "create", t, "--dry-run"],
      error: `the bootstrap token ${JSON.stringify(t)} was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"`,
      oracle: true,
    }),
  ),
  { kind: "token", name: "token delete of garbage", args: ["token", "delete", "not a token", "--dry-run", "--kubeconfig", "{in}/kc.conf"], files: { "kc.conf": kubeconfig("    server: https://127.0.0.1:1") }, error: 'given token didn\'t match pattern "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z" or "\\\\A([a-z0-9]{6})\\\\z"', oracle: true },
  { kind: "token", name: "join --token abc", args: ["join", "192.0.2.10:6443", "--token", "abc", "--discovery-token-unsafe-skip-ca-verification"], error: '[discovery.bootstrapToken.token: Invalid value: "abc": the bootstrap token is invalid, discovery.tlsBootstrapToken: Invalid value: "abc": the bootstrap token is invalid]', oracle: true },
  { kind: "token", name: "join --discovery-token of garbage", args: ["join", "192.0.2.10:6443", "--discovery-token", "x".repeat(5000), "--tls-bootstrap-token", TOKEN, "--discovery-token-unsafe-skip-ca-verification"], error: /^discovery\.bootstrapToken\.token: Invalid value: "x{5000}": the bootstrap token is invalid$/, oracle: true },
  { kind: "token", name: "a config token of the wrong form", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${INIT}bootstrapTokens:\n- token: Abcdef.0123456789abcdef\n` }, error: `error unmarshaling configuration ${INIT_GVK}: the bootstrap token "Abcdef.0123456789abcdef" was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"`, oracle: true },
  { kind: "token", name: "a token that is a number", args: ["config", "validate", "--config", "{in}/cfg.yaml"], files: { "cfg.yaml": `${INIT}bootstrapTokens:\n- token: 123456\n` }, error: `error unmarshaling configuration ${INIT_GVK}: the bootstrap token "123456" was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"`, oracle: true },

  // CA certificate hashes (the fake server serves a signed cluster-info, so the pins are read)
  ...[
    ["short", "sha256:0123"],
    ["of another algorithm", `md5:${HEX64.slice(0, 32)}`],
    ["without a colon", HEX64],
    ["of non-hex digits", `sha256:${"zz".repeat(32)}`],
    ["one byte too long", `sha256:${HEX64}00`],
    ["empty after the colon", "sha256:"],
    ["of 100 000 characters", `sha256:${"0".repeat(100_000)}`],
  ].map(
    ([what, hash]): HostileCase => ({
      kind: "ca-hash",
      name: `a CA hash ${what}`,
      args: ["join", "phase", "preflight", "{server}", "--token", TOKEN, "--discovery-token-ca-cert-hash", hash!, "--ignore-preflight-errors=all"],
      serve: signedInfo(),
      error: new RegExp(`^${IDENTITY.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}invalid discovery token CA certificate hash: `),
      oracle: true,
    }),
  ),
  { kind: "ca-hash", name: "a CA hash that pins another key", args: ["join", "phase", "preflight", "{server}", "--token", TOKEN, "--discovery-token-ca-cert-hash", `sha256:${HEX64}`, "--ignore-preflight-errors=all"], serve: signedInfo(), error: new RegExp(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "sha256:[0-9a-f]{64}" are pinned$`), oracle: true },

  // discovery answers
  { kind: "discovery", name: "cluster-info that is not JSON", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: json(200, "garbage{{{"), error: /^error execution phase preflight: couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap: / },
  { kind: "discovery", name: "cluster-info of 3 MiB", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: json(200, JSON.stringify({ kind: "ConfigMap", data: { kubeconfig: "x".repeat(3 * 1024 * 1024) } })), error: `${IDENTITY}failed to request the cluster-info ConfigMap: Get "${CLUSTER_INFO_URL}": the response body is larger than 2 MiB, the most kubeadm-ts reads for this request` },
  {
    kind: "discovery",
    name: "cluster-info without an end",
    args: JOIN_PREFLIGHT,
    files: { "join.yaml": joinConfig(tokenDiscovery()) },
    serve: (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    },
    error: `${IDENTITY}failed to request the cluster-info ConfigMap: Get "${CLUSTER_INFO_URL}": the response body is larger than 2 MiB, the most kubeadm-ts reads for this request`,
  },
  {
    kind: "discovery",
    name: "cluster-info one byte a second",
    args: JOIN_PREFLIGHT,
    files: { "join.yaml": joinConfig(tokenDiscovery(), "1s") },
    serve: (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const t = setInterval(() => res.write(" "), 1000);
      res.on("close", () => clearInterval(t));
    },
    error: `${IDENTITY}failed to request the cluster-info ConfigMap: Get "${CLUSTER_INFO_URL}": net/http: request canceled (Client.Timeout or context cancellation while reading body)`,
    timeoutMs: 30_000,
  },
  { kind: "discovery", name: "cluster-info 404", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: json(404, { kind: "Status", apiVersion: "v1", status: "Failure", message: 'configmaps "cluster-info" not found', reason: "NotFound", code: 404 }), error: `${IDENTITY}failed to request the cluster-info ConfigMap: configmaps "cluster-info" not found`, oracle: true },
  { kind: "discovery", name: "cluster-info forbidden", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: json(403, { kind: "Status", apiVersion: "v1", status: "Failure", message: 'configmaps "cluster-info" is forbidden: User "system:anonymous" cannot get resource', reason: "Forbidden", code: 403 }), error: `${IDENTITY}failed to request the cluster-info ConfigMap: configmaps "cluster-info" is forbidden: User "system:anonymous" cannot get resource`, oracle: true },
  // answers that are no failed Status (a proxy's error page, another server): client-go's generic
  // errors, by code, with the request's verb, resource and name; a text body is kept (quoted) for 5xx
  { kind: "discovery", name: "cluster-info 500 with a text body", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: raw(500, "text/plain; charset=utf-8", "boom \"here\"\n"), error: `${IDENTITY}failed to request the cluster-info ConfigMap: an error on the server ("boom \\"here\\"") has prevented the request from succeeding (get configmaps cluster-info)`, oracle: true },
  { kind: "discovery", name: "cluster-info 503 with JSON that is no Status", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: json(503, { a: 1 }), error: `${IDENTITY}failed to request the cluster-info ConfigMap: the server is currently unable to handle the request (get configmaps cluster-info)`, oracle: true },
  { kind: "discovery", name: "cluster-info 418 without a body", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: raw(418, "", ""), error: `${IDENTITY}failed to request the cluster-info ConfigMap: the server responded with the status code 418 but did not return more information (get configmaps cluster-info)`, oracle: true },
  { kind: "discovery", name: "cluster-info 404 with a Status that is no Failure", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: json(404, { kind: "Status", apiVersion: "v1", status: "Success", message: "x", reason: "NotFound", code: 404 }), error: `${IDENTITY}failed to request the cluster-info ConfigMap: the server could not find the requested resource (get configmaps cluster-info)`, oracle: true },
  { kind: "discovery", name: "cluster-info 403 with a text body", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: raw(403, "text/plain", "go away\n"), error: `${IDENTITY}failed to request the cluster-info ConfigMap: go away (get configmaps cluster-info)`, oracle: true },
  { kind: "discovery", name: "cluster-info without a signature", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(undefined, "none"), error: `${IDENTITY}could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"`, oracle: true },
  { kind: "discovery", name: "cluster-info signed for another token", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(undefined, "other"), error: `${IDENTITY}could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"`, oracle: true },
  { kind: "discovery", name: "cluster-info with a forged signature", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(undefined, "bad"), error: `${IDENTITY}failed to verify JWS signature of received cluster info object, can't trust this API Server`, oracle: true },
  { kind: "discovery", name: "cluster-info whose kubeconfig is garbage", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(() => "{{{{ not yaml"), error: new RegExp(`^${IDENTITY.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}couldn't parse the kubeconfig file in the cluster-info ConfigMap: `) },
  { kind: "discovery", name: "cluster-info whose kubeconfig nests 100 000 deep", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(() => "[".repeat(100_000)), error: `${IDENTITY}couldn't parse the kubeconfig file in the cluster-info ConfigMap: failed to load kubeconfig: yaml: line 1: exceeded max depth of 500` },
  { kind: "discovery", name: "cluster-info whose kubeconfig is a billion laughs", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(() => lol()), error: `${IDENTITY}couldn't parse the kubeconfig file in the cluster-info ConfigMap: failed to load kubeconfig: yaml: document contains excessive aliasing` },
  { kind: "discovery", name: "cluster-info whose kubeconfig has no cluster", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: signedInfo(() => "apiVersion: v1\nkind: Config\n"), error: /^error execution phase preflight: couldn't validate the identity of the API Server: malformed kubeconfig in the cluster-info ConfigMap: / },
  {
    kind: "discovery",
    name: "a body shorter than its Content-Length",
    args: JOIN_PREFLIGHT,
    files: { "join.yaml": joinConfig(tokenDiscovery()) },
    serve: (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
      res.write('{"kind":');
      setTimeout(() => res.destroy(), 50);
    },
    error: /^error execution phase preflight: couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap: /,
  },
  { kind: "discovery", name: "a connection closed before any answer", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig(tokenDiscovery()) }, serve: (req) => req.socket.destroy(), error: /^error execution phase preflight: couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap: Get "https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/kube-public\/configmaps\/cluster-info\?timeout=10s": / },
  { kind: "discovery", name: "a discovery URL serving garbage", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: https://{server}/discovery.conf") }, env: { SSL_CERT_FILE: "{in}/ca.pem" }, serve: json(200, "{{{{ not yaml"), error: /^error execution phase preflight: couldn't validate the identity of the API Server: yaml: / },
  { kind: "discovery", name: "a discovery URL serving 11 MiB", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: https://{server}/discovery.conf") }, env: { SSL_CERT_FILE: "{in}/ca.pem" }, serve: (_q, res) => res.end(Buffer.alloc(11 * 1024 * 1024, "a")), error: `${IDENTITY}Get "https://{server}/discovery.conf": the response body is larger than 10 MiB, the most kubeadm-ts reads for this request` },
  {
    kind: "discovery",
    name: "a discovery URL that never answers",
    args: JOIN_PREFLIGHT,
    files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: https://{server}/discovery.conf", "2s") },
    env: { SSL_CERT_FILE: "{in}/ca.pem" },
    serve: () => undefined,
    error: `${IDENTITY}Get "https://{server}/discovery.conf": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
  },
  { kind: "discovery", name: "a discovery URL with an untrusted certificate", args: JOIN_PREFLIGHT, files: { "join.yaml": joinConfig("  file:\n    kubeConfigPath: https://{server}/discovery.conf") }, serve: json(200, "x"), env: { SSL_CERT_FILE: "{in}/none.pem" }, error: /^error execution phase preflight: couldn't validate the identity of the API Server: Get "https:\/\/127\.0\.0\.1:\d+\/discovery\.conf": tls: failed to verify certificate: x509: / },
];
