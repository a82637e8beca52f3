// Comparison helpers for parity between upstream kubeadm and kubeadm-ts runs: byte equality for
// manifests, kubelet files and printed YAML; structure for certificates, keys and kubeconfigs
// (everything but key material); mode and owner of every file.
import "reflect-metadata";
import { createPrivateKey, createPublicKey, X509Certificate as NodeX509 } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { parse as parseYaml } from "yaml";
import type { FileEntry, RunResult } from "./run.js";

// ---------------------------------------------------------------- certificates

export interface CertSummary {
  subject: string;
  issuer: string;
  /** SANs as "dns:name" / "ip:1.2.3.4" / ..., in certificate order. */
  sans: string[];
  keyUsages: string[];
  /** Extended key usages by name where known (serverAuth, clientAuth), else OID. */
  extKeyUsages: string[];
  /** "rsa" | "ec" | "ed25519" | ... */
  keyType: string;
  /** RSA modulus bits, or the EC curve name. */
  keySize: number | string;
  signatureAlgorithm: string;
  /** notAfter - notBefore, in seconds. */
  validitySeconds: number;
  isCA: boolean;
  pathLength: number | null;
  /** Extension OIDs present, with "!" appended when critical, in certificate order. */
  extensions: string[];
}

const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
};

const KU_NAMES: Array<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, "digitalSignature"],
  [x509.KeyUsageFlags.nonRepudiation, "nonRepudiation"],
  [x509.KeyUsageFlags.keyEncipherment, "keyEncipherment"],
  [x509.KeyUsageFlags.dataEncipherment, "dataEncipherment"],
  [x509.KeyUsageFlags.keyAgreement, "keyAgreement"],
  [x509.KeyUsageFlags.keyCertSign, "keyCertSign"],
  [x509.KeyUsageFlags.cRLSign, "cRLSign"],
  [x509.KeyUsageFlags.encipherOnly, "encipherOnly"],
  [x509.KeyUsageFlags.decipherOnly, "decipherOnly"],
];

function keyDetails(key: import("node:crypto").KeyObject): { keyType: string; keySize: number | string } {
  const d = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? "unknown";
  return { keyType, keySize: d.modulusLength ?? d.namedCurve ?? 0 };
}

/** Structural summary of one PEM (or DER) certificate. */
export function certSummary(pemOrDer: string | Buffer): CertSummary {
  const cert = new x509.X509Certificate(typeof pemOrDer === "string" ? pemOrDer : new Uint8Array(pemOrDer));
  const nodeCert = new NodeX509(typeof pemOrDer === "string" ? pemOrDer : pemOrDer);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const alg = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    sans: san ? san.names.items.map((n) => `${n.type}:${n.value}`) : [],
    keyUsages: ku ? KU_NAMES.filter(([bit]) => (ku.usages & bit) !== 0).map(([, n]) => n) : [],
    extKeyUsages: eku ? Array.from(eku.usages, (u) => EKU_NAMES[String(u)] ?? String(u)) : [],
    ...keyDetails(nodeCert.publicKey),
    signatureAlgorithm: alg.hash ? `${alg.name}/${alg.hash.name}` : alg.name,
    validitySeconds: Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / 1000),
    isCA: bc?.ca ?? false,
    pathLength: bc?.pathLength ?? null,
    extensions: Array.from(cert.extensions, (e) => e.type + (e.critical ? "!" : "")),
  };
}

/** Summaries of every certificate in a PEM bundle. */
export function certBundleSummary(pem: string): CertSummary[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => certSummary(b));
}

// ---------------------------------------------------------------- keys

export interface KeySummary {
  /** PEM labels in order, e.g. ["RSA PRIVATE KEY"], ["PUBLIC KEY"], ["EC PRIVATE KEY"]. */
  pemLabels: string[];
  keyType: string;
  keySize: number | string;
  private: boolean;
}

/** Structural summary of a PEM private or public key (type, size, encoding), never the key itself. */
export function keySummary(pem: string): KeySummary {
  const pemLabels = [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]!);
  const isPrivate = pemLabels.some((l) => l.includes("PRIVATE"));
  const key = isPrivate ? createPrivateKey(pem) : createPublicKey(pem);
  return { pemLabels, ...keyDetails(key), private: isPrivate };
}

// ---------------------------------------------------------------- kubeconfigs

export interface KubeconfigSummary {
  /**
   * The file's text with every certificate/key/token value replaced by a placeholder, so that
   * layout, field order, names, server URLs and the like compare byte for byte.
   */
  maskedText: string;
  /** Structural summaries of the masked values, by YAML path (e.g. "users[0].user.client-key-data"). */
  material: Record<string, CertSummary[] | KeySummary | string>;
}

const MATERIAL_FIELDS = new Set(["certificate-authority-data", "client-certificate-data", "client-key-data", "token"]);

/** Summary of a kubeconfig: text with key material masked, plus a structural summary of that material. */
export function kubeconfigSummary(text: string): KubeconfigSummary {
  const maskedText = text.replace(
    /^(\s*(?:- )?)(certificate-authority-data|client-certificate-data|client-key-data|token):\s*\S+$/gm,
    (_all, pre: string, field: string) => `${pre}${field}: <${field}>`,
  );
  const material: KubeconfigSummary["material"] = {};
  const doc = parseYaml(text) as Record<string, unknown> | null;
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => visit(n, `${path}[${i}]`));
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        if (MATERIAL_FIELDS.has(k) && typeof v === "string") {
          if (k === "token") material[p] = `<token of ${v.length} chars>`;
          else {
            const decoded = Buffer.from(v, "base64").toString("utf8");
            material[p] = k === "client-key-data" ? keySummary(decoded) : certBundleSummary(decoded);
          }
        } else visit(v, p);
      }
    }
  };
  visit(doc, "");
  return { maskedText, material };
}

// ---------------------------------------------------------------- file trees

export type CompareKind = "bytes" | "cert" | "key" | "kubeconfig" | "skip";

/** How a file's content is compared by default, from its path. */
export function defaultCompareKind(path: string): CompareKind {
  if (/\.crt$/.test(path)) return "cert";
  if (/\.(key|pub)$/.test(path)) return "key";
  if (/^\/etc\/kubernetes\/[^/]+\.conf$/.test(path)) return "kubeconfig";
  // written by the kubelet, not kubeadm; contents (and names) carry timestamps
  if (/^\/var\/lib\/kubelet\/pki\/kubelet-(client|server)-/.test(path)) return "skip";
  return "bytes";
}

export interface Difference {
  path: string;
  kind: "missing" | "extra" | "type" | "mode" | "owner" | "content" | "target";
  detail: string;
}

export interface DiffOptions {
  /** Paths (exact, or RegExp) to leave out entirely. */
  ignore?: Array<string | RegExp>;
  /** Override how a path's content is compared. */
  compareKind?: (path: string) => CompareKind | undefined;
  /** Don't compare uid/gid (e.g. when one side ran rootless). */
  ignoreOwner?: boolean;
}

function stable(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

/** A short unified-ish diff of two texts: the first differing lines with a little context. */
export function textDiff(expected: string, actual: string, maxLines = 12): string {
  if (expected === actual) return "";
  const a = expected.split("\n");
  const b = actual.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const out: string[] = [`first difference at line ${i + 1}:`];
  for (let k = Math.max(0, i - 2); k < i; k++) out.push(`  ${a[k]}`);
  for (let k = i; k < Math.min(a.length, i + maxLines / 2); k++) out.push(`- ${a[k]}`);
  for (let k = i; k < Math.min(b.length, i + maxLines / 2); k++) out.push(`+ ${b[k]}`);
  return out.join("\n");
}

/** Compare two file contents by kind; returns a description of the difference or "" when equal. */
export function compareContent(kind: CompareKind, expected: Buffer, actual: Buffer): string {
  switch (kind) {
    case "skip":
      return "";
    case "bytes": {
      if (expected.equals(actual)) return "";
      return textDiff(expected.toString("utf8"), actual.toString("utf8"));
    }
    case "cert": {
      const e = stable(certBundleSummary(expected.toString("utf8")));
      const a = stable(certBundleSummary(actual.toString("utf8")));
      return e === a ? "" : textDiff(e, a);
    }
    case "key": {
      const e = stable(keySummary(expected.toString("utf8")));
      const a = stable(keySummary(actual.toString("utf8")));
      return e === a ? "" : textDiff(e, a);
    }
    case "kubeconfig": {
      const e = kubeconfigSummary(expected.toString("utf8"));
      const a = kubeconfigSummary(actual.toString("utf8"));
      const t = textDiff(e.maskedText, a.maskedText);
      if (t) return t;
      const es = stable(e.material);
      const as = stable(a.material);
      return es === as ? "" : textDiff(es, as);
    }
  }
}

/**
 * Differences between the files of two runs (expected = upstream, actual = ours): presence, type,
 * mode, owner, symlink target, and content compared per defaultCompareKind.
 */
export function diffFiles(expected: Record<string, FileEntry>, actual: Record<string, FileEntry>, opts: DiffOptions = {}): Difference[] {
  const ignored = (p: string) => (opts.ignore ?? []).some((i) => (typeof i === "string" ? i === p : i.test(p)));
  const diffs: Difference[] = [];
  const paths = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  for (const path of paths) {
    if (ignored(path)) continue;
    const e = expected[path];
    const a = actual[path];
    if (!a) { diffs.push({ path, kind: "missing", detail: `${e!.type} not written` }); continue; }
    if (!e) { diffs.push({ path, kind: "extra", detail: `${a.type} written but upstream does not write it` }); continue; }
    if (e.type !== a.type) { diffs.push({ path, kind: "type", detail: `${e.type} expected, got ${a.type}` }); continue; }
    if (e.mode !== a.mode) diffs.push({ path, kind: "mode", detail: `0${e.mode.toString(8)} expected, got 0${a.mode.toString(8)}` });
    if (!opts.ignoreOwner && (e.uid !== a.uid || e.gid !== a.gid)) diffs.push({ path, kind: "owner", detail: `${e.uid}:${e.gid} expected, got ${a.uid}:${a.gid}` });
    if (e.type === "symlink" && e.target !== a.target) diffs.push({ path, kind: "target", detail: `${e.target} expected, got ${a.target}` });
    if (e.type === "file") {
      const kind = opts.compareKind?.(path) ?? defaultCompareKind(path);
      let d: string;
      try {
        d = compareContent(kind, e.content, a.content);
      } catch (err) {
        d = `cannot compare as ${kind}: ${(err as Error).message}`;
      }
      if (d) diffs.push({ path, kind: "content", detail: `(${kind}) ${d}` });
    }
  }
  return diffs;
}

/** Human-readable list of differences, for assertion messages. */
export function formatDifferences(diffs: Difference[]): string {
  return diffs.map((d) => `${d.path}: ${d.kind}: ${d.detail}`).join("\n");
}

// ---------------------------------------------------------------- printed output

/**
 * Masks what legitimately differs between two runs in printed output: bootstrap tokens, CA pin
 * hashes, certificate keys, klog header timestamps/pids/source lines, fractional durations, and the temp
 * paths of the oracle. Add your own replacements with `extra`.
 */
export function normalizeOutput(s: string, extra: Array<[RegExp, string]> = []): string {
  let out = s
    .replace(/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, "<token>")
    .replace(/sha256:[0-9a-f]{64}/g, "sha256:<hash>")
    .replace(/--certificate-key [0-9a-f]{64}/g, "--certificate-key <key>")
    .replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ [^\]]+\]/gm, "$1<klog>]")
    .replace(/\b\d+\.\d+(ms|µs|s)\b/g, "<duration>")
    .replace(/\bafter \d+(ms|µs|s)\b/g, "after <duration>")
    .replace(/\/tmp\/kubeadm-oracle-[A-Za-z0-9]+/g, "<tmp>");
  for (const [re, rep] of extra) out = out.replace(re, rep);
  return out;
}

export interface OutputDiffOptions {
  /** Normalize with normalizeOutput before comparing (default true). */
  normalize?: boolean;
  extra?: Array<[RegExp, string]>;
  /** Compare stderr too (default true). */
  stderr?: boolean;
}

/** Differences in exit code, stdout and stderr between two runs ("" entries omitted). */
export function diffOutput(expected: RunResult, actual: RunResult, opts: OutputDiffOptions = {}): string[] {
  const n = (s: string) => (opts.normalize === false ? s : normalizeOutput(s, opts.extra));
  const out: string[] = [];
  if (expected.code !== actual.code) out.push(`exit code: ${expected.code} expected, got ${actual.code}`);
  const so = textDiff(n(expected.stdout), n(actual.stdout));
  if (so) out.push(`stdout: ${so}`);
  if (opts.stderr !== false) {
    const se = textDiff(n(expected.stderr), n(actual.stderr));
    if (se) out.push(`stderr: ${se}`);
  }
  return out;
}
