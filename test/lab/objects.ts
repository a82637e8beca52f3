// The API objects `kubeadm init` creates on a cluster, dumped, normalised and compared: the lab
// brings a cluster up with upstream kubeadm and with kubeadm-ts on the same configuration, and
// every object kubeadm owns must come out the same, apart from what the API server, controllers
// or random material decide (uid, resourceVersion, timestamps, status, token values, keys, certs,
// JWS signatures).

/** Runs `kubectl <args>` against the lab cluster. */
export type Kubectl = (...args: string[]) => { code: number | null; stdout: string; stderr: string };

// biome-ignore lint: API objects are plain JSON
type Obj = Record<string, any>;

/** Normalised objects by key `Kind namespace/name` (token Secrets: `Secret kube-system/bootstrap-token-* [description]`). */
export type ObjectDump = Record<string, Obj>;

const MASK = "<masked>";
const RBAC_KINDS = ["roles", "rolebindings", "clusterroles", "clusterrolebindings"] as const;
/** What the API server creates itself carries this label; everything else RBAC on a fresh cluster is kubeadm's. */
const RBAC_DEFAULTS_LABEL = "kubernetes.io/bootstrapping";
const KUBEADM_CONFIG_MAPS = [
  ["kube-system", "kubeadm-config"],
  ["kube-system", "kubelet-config"],
  ["kube-system", "kube-proxy"],
  ["kube-system", "coredns"],
  ["kube-public", "cluster-info"],
] as const;
const NAMED = [
  ["deployment", "kube-system", "coredns"],
  ["service", "kube-system", "kube-dns"],
  ["serviceaccount", "kube-system", "coredns"],
  ["serviceaccount", "kube-system", "kube-proxy"],
  ["daemonset", "kube-system", "kube-proxy"],
] as const;

function getJson(kubectl: Kubectl, args: string[]): Obj {
  const r = kubectl("get", ...args, "-o", "json", "--show-managed-fields");
  if (r.code !== 0) throw new Error(`kubectl get ${args.join(" ")}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as Obj;
}

/** Objects kubeadm creates on `init`, fetched from the cluster that admin.conf points at, normalised. */
export function dumpKubeadmObjects(kubectl: Kubectl): ObjectDump {
  const raw: Obj[] = [];
  for (const [ns, name] of KUBEADM_CONFIG_MAPS) raw.push(getJson(kubectl, ["configmap", "-n", ns, name]));
  for (const [kind, ns, name] of NAMED) raw.push(getJson(kubectl, [kind, "-n", ns, name]));
  const secrets = getJson(kubectl, ["secrets", "-n", "kube-system"]).items as Obj[];
  raw.push(...secrets.filter((s) => s.type === "bootstrap.kubernetes.io/token" || s.metadata.name === "kubeadm-certs"));
  for (const kind of RBAC_KINDS) {
    const items = getJson(kubectl, [kind, "--all-namespaces"]).items as Obj[];
    raw.push(...items.filter((o) => o.metadata.labels?.[RBAC_DEFAULTS_LABEL] === undefined));
  }
  const nodes = getJson(kubectl, ["nodes"]).items as Obj[];
  if (nodes.length !== 1) throw new Error(`expected one Node, found ${nodes.length}`);
  raw.push(nodeView(nodes[0]!));

  const dump: ObjectDump = { Inventory: inventory(kubectl) };
  for (const o of raw) {
    const n = normaliseObject(o);
    const key = objectKey(n);
    if (dump[key]) throw new Error(`two objects normalise to the same key ${key}`);
    dump[key] = n;
  }
  return dump;
}

/** Kinds whose object names (all namespaces) must be the same on both clusters: nothing missing, nothing extra. */
const INVENTORY_KINDS = ["namespaces", "configmaps", "secrets", "serviceaccounts", "services", "deployments", "daemonsets", ...RBAC_KINDS] as const;

/**
 * The names of every object of INVENTORY_KINDS, by kind (random token names masked): catches an
 * object one tool creates and the other does not, beyond the ones compared field by field.
 */
function inventory(kubectl: Kubectl): Obj {
  const out: Obj = { kind: "Inventory", metadata: { name: "" } };
  for (const kind of INVENTORY_KINDS) {
    const r = kubectl("get", kind, "--all-namespaces", "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}");
    if (r.code !== 0) throw new Error(`kubectl get ${kind}: ${r.stderr.trim()}`);
    out[kind] = r.stdout
      .split("\n")
      .filter(Boolean)
      .map((n) => n.replace(/\/bootstrap-token-[a-z0-9]{6}$/, "/bootstrap-token-*"))
      .sort();
  }
  return out;
}

/** The parts of the Node kubeadm decides: labels, annotations, taints (not the node lifecycle's), pod CIDRs. */
function nodeView(node: Obj): Obj {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: node.metadata.name, labels: node.metadata.labels ?? {}, annotations: node.metadata.annotations ?? {}, managedFields: node.metadata.managedFields },
    spec: {
      taints: ((node.spec.taints ?? []) as Obj[]).filter((t) => !String(t.key).startsWith("node.kubernetes.io/")),
      podCIDR: node.spec.podCIDR,
      podCIDRs: node.spec.podCIDRs,
    },
  };
}

export function objectKey(o: Obj): string {
  if (o.kind === "Inventory") return "Inventory";
  const ns = o.metadata.namespace ? `${o.metadata.namespace}/` : "";
  const desc = o.kind === "Secret" && o.type === "bootstrap.kubernetes.io/token" ? ` [${o.data?.description ?? ""}]` : "";
  return `${o.kind} ${ns}${o.metadata.name}${desc}`;
}

const TOKEN_NAME = /^bootstrap-token-[a-z0-9]{6}$/;
const decode = (v: string) => Buffer.from(v, "base64").toString("utf8");

/**
 * One object with everything that legitimately differs between two bring-ups masked or dropped:
 * server-set metadata and status, token ids/secrets/expiry, encrypted certs, CA data, JWS
 * signatures. Secret data is decoded so that differences read as text. Field managers are kept
 * as `manager operation` for kubeadm's own entries (who wrote the object is part of parity).
 */
export function normaliseObject(input: Obj): Obj {
  const o = structuredClone(input);
  if (o.kind === "Inventory") return o;
  const md = o.metadata;
  const managers = ((md.managedFields ?? []) as Obj[])
    .filter((m) => String(m.manager).startsWith("kubeadm") && !m.subresource)
    .map((m) => `${m.manager} ${m.operation} ${m.apiVersion}`)
    .sort();
  for (const k of ["uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink"]) delete md[k];
  if (managers.length) md.kubeadmFieldManagers = managers;
  delete o.status;
  for (const ref of (md.ownerReferences ?? []) as Obj[]) {
    ref.uid = MASK;
    if (TOKEN_NAME.test(ref.name)) ref.name = "bootstrap-token-*";
  }

  if (o.kind === "Secret") {
    const data: Obj = {};
    for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) data[k] = decode(v);
    if (o.type === "bootstrap.kubernetes.io/token") {
      md.name = TOKEN_NAME.test(md.name) ? "bootstrap-token-*" : md.name;
      for (const k of ["token-id", "token-secret", "expiration"]) if (k in data) data[k] = MASK;
    } else {
      for (const k of Object.keys(data)) data[k] = MASK;
    }
    o.data = data;
  }
  if (o.kind === "ConfigMap" && md.name === "cluster-info" && md.namespace === "kube-public") {
    const data: Obj = {};
    for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) {
      if (k.startsWith("jws-kubeconfig-")) data["jws-kubeconfig-*"] = MASK;
      else if (k === "kubeconfig") data[k] = v.replace(/(certificate-authority-data:\s*)\S+/g, `$1${MASK}`);
      else data[k] = v;
    }
    o.data = data;
  }
  return sortKeys(o) as Obj;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Obj)[k]);
    return out;
  }
  return v;
}

/** A difference between an expected (upstream) and an actual (kubeadm-ts) dump. */
export interface ObjectDifference {
  key: string;
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Every difference between two dumps: objects missing or extra, and each differing field path. */
export function compareDumps(expected: ObjectDump, actual: ObjectDump): ObjectDifference[] {
  const out: ObjectDifference[] = [];
  for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
    if (!(key in actual)) out.push({ key, path: "", expected: "present", actual: "missing" });
    else if (!(key in expected)) out.push({ key, path: "", expected: "absent", actual: "extra" });
    else diffValue(key, "", expected[key], actual[key], out);
  }
  return out;
}

function diffValue(key: string, path: string, a: unknown, b: unknown, out: ObjectDifference[]) {
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) diffValue(key, `${path}[${i}]`, a[i], b[i], out);
    } else {
      const ka = a as Obj;
      const kb = b as Obj;
      for (const k of [...new Set([...Object.keys(ka), ...Object.keys(kb)])].sort()) diffValue(key, `${path}.${k}`, ka[k], kb[k], out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ key, path, expected: a, actual: b });
}

/** Differences as text; multi-line strings (embedded YAML) as a line diff of the lines that differ. */
export function formatObjectDifferences(diffs: ObjectDifference[]): string {
  return diffs
    .map((d) => {
      if (typeof d.expected === "string" && typeof d.actual === "string" && (d.expected.includes("\n") || d.actual.includes("\n"))) {
        const ea = d.expected.split("\n");
        const aa = d.actual.split("\n");
        const lines: string[] = [];
        for (let i = 0; i < Math.max(ea.length, aa.length); i++) {
          if (ea[i] !== aa[i]) lines.push(`    line ${i + 1}: - ${JSON.stringify(ea[i])}\n             + ${JSON.stringify(aa[i])}`);
        }
        return `${d.key} ${d.path}:\n${lines.join("\n")}`;
      }
      return `${d.key} ${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`;
    })
    .join("\n");
}
