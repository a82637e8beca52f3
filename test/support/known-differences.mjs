// Every accepted difference between kubeadm-ts's output and upstream kubeadm's (the pinned
// release) that the test suite knows of: the one list, printed with its count by
// test/unit/known-differences.test.ts and read by test/lab/scripts/upstream-diff.mjs.
//
// A parity test compares upstream's live text with ours (test/support/parity.ts). Where an entry
// names the case, upstream must still say exactly `upstream` and kubeadm-ts exactly `ours`: a fix
// on either side fails the test, and the entry is then removed. Any other difference fails. Each
// test file that holds entries ends with a test failing when one of them was never met.
//
// Fields: id (unique, kebab-case); test (the file that checks it); case (the exact case, as that
// test names it); view (what the texts are: "output", the text the test renders for the case, or
// "changed lines", only the lines that differ, upstream's and ours, in order, when both outputs have
// as many lines); upstream and ours (exact texts); reason; upstreamDiff (the item of
// upstream-diff.mjs's report it explains, if any).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
const golden = (rel) => readFileSync(join(REPO, "test/golden", rel), "utf8");
const HINT = "To see the stack trace of this error execute with --v=5 or higher\n";
const GVK_YAML = "error: could not interpret GroupVersionKind; unmarshal error: error converting YAML to JSON: yaml: ";

/** The certificate key of test/integration/init/redaction.test.ts's configuration. */
export const REDACTION_TEST_KEY = "5f1c0c6e2a3b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6";

const BOOTSTRAP_TOKEN_SECRET = {
  upstream: [
    "  auth-extra-groups: c3lzdGVtOmJvb3RzdHJhcHBlcnM6a3ViZWFkbTpkZWZhdWx0LW5vZGUtdG9rZW4=",
    "  token-id: YWJjZGVm",
    "  token-secret: MDEyMzQ1Njc4OWFiY2RlZg==",
    "  usage-bootstrap-authentication: dHJ1ZQ==",
    "  usage-bootstrap-signing: dHJ1ZQ==",
  ],
  // REDACTED token-id and token-secret read "<random>" once normalizeDryRun masked them
  ours: [
    "  auth-extra-groups: REDACTED",
    "  token-id: <random>",
    "  token-secret: <random>",
    "  usage-bootstrap-authentication: REDACTED",
    "  usage-bootstrap-signing: REDACTED",
  ],
};
const REDACT_REASON =
  "dry-run and verbose prints never show a Secret's data or the certificate key (src/util/redact.ts): upstream prints the bootstrap token and the encrypted control-plane keys next to the key that decrypts them";


/** How the join oracle tests show upstream's error (and hint) at the end of a failed join's stderr: ours must end with exactly upstream's. */
export const UPSTREAM_ERROR = "(upstream's error and hint, unchanged)";
const JOIN_LEFTOVERS_REASON =
  "beyond upstream, which leaves an operator to guess: a join that fails after it changed the node lists, before upstream's unchanged error, what it left there (paths added or changed under /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd, a new folder once; the kubelet it started) for `kubeadm reset` (src/commands/join.ts, host/node-changes.ts)";

/** @type {import("./known-differences.d.mts").KnownDifference[]} */
export const KNOWN_DIFFERENCES = [
  {
    id: "config-validate-yaml-syntax-wording",
    test: "test/unit/config/bad-input.test.ts",
    case: "kubeadm config validate --config test/golden/config/bad-input/bad-yaml.yaml",
    view: "output",
    upstream: `${GVK_YAML}line 3: did not find expected ',' or ']'\n${HINT}exit code: 1\n`,
    ours: `${GVK_YAML}line 4: Flow sequence in block collection must be sufficiently indented and end with a ]\n${HINT}exit code: 1\n`,
    reason: "a YAML syntax error is worded by the parser: upstream's go-yaml (a port of libyaml) and the `yaml` package kubeadm-ts parses with word and place the same error differently",
    upstreamDiff: "config validate --config bad-input/bad-yaml.yaml",
  },
  {
    id: "config-migrate-v1beta3",
    test: "test/unit/config/golden.test.ts",
    case: "kubeadm config migrate --old-config test/golden/config/migrate/v1beta3-all-fields.yaml",
    view: "output",
    upstream: `error: your configuration file uses an old API spec: "kubeadm.k8s.io/v1beta3" (kind: "ClusterConfiguration"). Please use kubeadm v1.36 instead and run 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.\n${HINT}exit code: 1\n`,
    ours: `${golden("config/migrate/v1beta3-all-fields.expected.yaml")}exit code: 0\n`,
    reason: "kubeadm-ts still migrates kubeadm.k8s.io/v1beta3 (removed in v1.37) to v1beta4, as upstream v1.36 did: ours is the committed golden, which the same test checks against upstream v1.36 live",
    upstreamDiff: "config migrate --old-config migrate/v1beta3-all-fields.yaml",
  },
  {
    id: "upload-certs-phase-redacts-certificate-key",
    test: "test/integration/init/redaction.test.ts",
    case: "kubeadm init phase upload-certs --upload-certs --dry-run -v=10: the certificate key line",
    view: "output",
    upstream: `[upload-certs] Using certificate key:\n${REDACTION_TEST_KEY}\n`,
    ours: "[upload-certs] Using certificate key:\nREDACTED\n",
    reason: REDACT_REASON,
  },
  {
    id: "init-dry-run-redacts-bootstrap-token",
    test: "test/integration/init/dry-run.test.ts",
    case: "kubeadm init --dry-run --ignore-preflight-errors=all (dryRunCases default), stdout after normalizeDryRun",
    view: "changed lines",
    upstream: BOOTSTRAP_TOKEN_SECRET.upstream.join("\n"),
    ours: BOOTSTRAP_TOKEN_SECRET.ours.join("\n"),
    reason: REDACT_REASON,
  },
  {
    id: "init-dry-run-redacts-upload-certs",
    test: "test/integration/init/dry-run.test.ts",
    case: "kubeadm init --dry-run --ignore-preflight-errors=all --upload-certs (dryRunCases upload-certs-endpoint), stdout after normalizeDryRun",
    view: "changed lines",
    upstream: [
      "  description: UHJveHkgZm9yIG1hbmFnaW5nIFRUTCBmb3IgdGhlIGt1YmVhZG0tY2VydHMgc2VjcmV0",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      ...BOOTSTRAP_TOKEN_SECRET.upstream,
    ].join("\n"),
    ours: ["  description: REDACTED", "REDACTED", ...BOOTSTRAP_TOKEN_SECRET.ours].join("\n"),
    reason: REDACT_REASON,
  },
  {
    id: "join-failed-lists-leftovers",
    test: "test/integration/join/worker-oracle.test.ts",
    case: "kubeadm join, no kubelet answering its health check (kubelet-wait-bootstrap fails): stderr from the error on",
    view: "output",
    upstream: UPSTREAM_ERROR,
    ours: [
      '[join] The join failed after changing this node. "kubeadm reset" removes what it left:',
      "\t/etc/kubernetes/pki",
      "\t/var/lib/kubelet/config.yaml",
      "\t/var/lib/kubelet/instance-config.yaml",
      "\t/var/lib/kubelet/kubeadm-flags.env",
      "\tthe kubelet service, which this join started, and the containers of its Pods",
      UPSTREAM_ERROR,
    ].join("\n"),
    reason: JOIN_LEFTOVERS_REASON,
  },
  {
    id: "join-control-plane-failed-lists-leftovers",
    test: "test/integration/join/control-plane-dry-run-oracle.test.ts",
    case: "kubeadm join --control-plane, check-etcd fails after control-plane-prepare: stderr from the error on",
    view: "output",
    upstream: UPSTREAM_ERROR,
    ours: [
      '[join] The join failed after changing this node. "kubeadm reset" removes what it left:',
      "\t/etc/kubernetes/admin.conf",
      "\t/etc/kubernetes/controller-manager.conf",
      "\t/etc/kubernetes/manifests",
      "\t/etc/kubernetes/pki",
      "\t/etc/kubernetes/scheduler.conf",
      UPSTREAM_ERROR,
    ].join("\n"),
    reason: JOIN_LEFTOVERS_REASON,
  },
];

/**
 * The lines that differ, upstream's and ours, in order; undefined when the outputs do not have
 * as many lines (then the difference is no line-for-line change and no entry can describe it).
 */
export function changedLines(upstream, ours) {
  const a = upstream.split("\n");
  const b = ours.split("\n");
  if (a.length !== b.length) return undefined;
  const u = [];
  const o = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    u.push(a[i]);
    o.push(b[i]);
  }
  return { upstream: u.join("\n"), ours: o.join("\n") };
}

/** The list as text: a count, then each entry (the first lines of each text). */
export function formatKnownDifferences(version, entries = KNOWN_DIFFERENCES) {
  const clip = (s) => {
    const lines = s.replace(/\n$/, "").split("\n");
    const head = lines.slice(0, 8).map((l) => (l.length > 150 ? `${l.slice(0, 147)}...` : l));
    return [...head, ...(lines.length > 8 ? [`(${lines.length - 8} more lines)`] : [])].map((l) => `      | ${l}`).join("\n");
  };
  const out = [`${entries.length} known differences from upstream kubeadm ${version} (test/support/known-differences.mjs):`];
  entries.forEach((e, i) => {
    out.push(`${i + 1}. ${e.id} — checked by ${e.test}`);
    out.push(`   case: ${e.case} [${e.view}]`);
    out.push(`   reason: ${e.reason}`);
    out.push(`   upstream:\n${clip(e.upstream)}`);
    out.push(`   ours:\n${clip(e.ours)}`);
  });
  return out.join("\n");
}
