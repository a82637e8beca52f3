// `kubeadm certs` CLI scenarios shared by the golden generator (generate.mjs, runs upstream
// kubeadm) and test/integration/pki/certs-cli.test.ts (runs bin/kubeadm, and upstream live when
// present). Each scenario gets its own copy of a freshly generated PKI directory.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { KUBERNETES_VERSION } from "../versions.mjs";

export const scenarios = [
  { name: "check-expiration", args: ["certs", "check-expiration", "--config", "{cfg}"] },
  { name: "check-expiration-json", args: ["certs", "check-expiration", "--config", "{cfg}", "-o", "json"] },
  { name: "check-expiration-yaml", args: ["certs", "check-expiration", "--config", "{cfg}", "-o", "yaml"] },
  { name: "check-expiration-external-ca", remove: ["ca.key"], args: ["certs", "check-expiration", "--config", "{cfg}"] },
  { name: "check-expiration-external-etcd", externalEtcd: true, args: ["certs", "check-expiration", "--config", "{cfg}"] },
  { name: "check-expiration-empty-dir", empty: true, args: ["certs", "check-expiration", "--config", "{cfg}", "-o", "json"] },
  { name: "check-expiration-bad-output", args: ["certs", "check-expiration", "--config", "{cfg}", "-o", "bogus"] },
  { name: "check-expiration-flags", args: ["certs", "check-expiration", "--cert-dir", "{dir}", "--kubeconfig", "{dir}/no-such-admin.conf"] },
  { name: "renew-all", args: ["certs", "renew", "all", "--config", "{cfg}"], after: ["certs", "check-expiration", "--config", "{cfg}"] },
  { name: "renew-apiserver", args: ["certs", "renew", "apiserver", "--config", "{cfg}"] },
  { name: "renew-etcd-peer-flags", args: ["certs", "renew", "etcd-peer", "--cert-dir", "{dir}", "--kubeconfig", "{dir}/no-such-admin.conf"] },
  { name: "renew-external-ca", remove: ["ca.key"], args: ["certs", "renew", "apiserver", "--config", "{cfg}"] },
  { name: "renew-missing", remove: ["apiserver.crt"], args: ["certs", "renew", "apiserver", "--config", "{cfg}"] },
  // upstream walks a Go map for the kubeconfig part: its lines are compared sorted
  { name: "generate-csr", empty: true, sort: true, args: ["certs", "generate-csr", "--config", "{cfg}", "--kubeconfig-dir", "{root}/kc"] },
  { name: "renew-all-external-front-proxy-ca", remove: ["front-proxy-ca.key"], args: ["certs", "renew", "all", "--config", "{cfg}"] },
];

export function configText(dir, externalEtcd = false) {
  const etcd = externalEtcd
    ? "etcd:\n  external:\n    endpoints:\n    - https://192.0.2.20:2379\n    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/client.crt\n    keyFile: /etc/etcd/client.key\n"
    : "";
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.0.2.10
nodeRegistration:
  name: node1
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
certificatesDir: ${dir}
${etcd}`;
}

/** Dates, residual times and the scenario's directory replaced by placeholders; klog headers cut. */
export function normalize(text, dir) {
  return text
    .split(dir).join("<DIR>")
    .replace(/[A-Z][a-z]{2} \d{2}, \d{4} \d{2}:\d{2} UTC/g, "<DATE>     ")
    .replace(/"expirationDate": "[^"]+"/g, '"expirationDate": "<DATE>"')
    .replace(/expirationDate: "?[0-9T:Z-]+"?/g, "expirationDate: <DATE>")
    .replace(/"residualTime": \d+/g, '"residualTime": <N>')
    .replace(/residualTime: \d+/g, "residualTime: <N>")
    .replace(/^[IWE]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ [^\]]+\] /gm, "<KLOG> ");
}

/** A fresh scenario directory: PKI copied from `template` (a certs-all output) and its config. */
export function prepare(s, template) {
  const root = mkdtempSync(path.join(tmpdir(), `certs-cli-${s.name}-`));
  const dir = path.join(root, "pki");
  if (!s.empty) cpSync(template, dir, { recursive: true });
  for (const f of s.remove ?? []) rmSync(path.join(dir, f));
  const cfg = path.join(root, "config.yaml");
  writeFileSync(cfg, configText(dir, s.externalEtcd));
  return { root, dir, cfg };
}

/**
 * Runs kubeadm in a private mount namespace with an empty /etc/kubernetes: `certs renew`
 * always looks for the kubeconfig files there, and must never touch a real node's (or a lab
 * cluster's) files. Needs root.
 */
function spawnIsolated(binary, args, where) {
  const empty = path.join(where.root, "etc-kubernetes");
  mkdirSync(empty, { recursive: true });
  mkdirSync("/etc/kubernetes", { recursive: true });
  const script = 'mount --bind "$1" /etc/kubernetes && shift && exec "$@"';
  return spawnSync("unshare", ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "sh", empty, binary, ...args], { encoding: "utf8" });
}

export function run(binary, s, where) {
  const sub = (a) => a.replace("{cfg}", where.cfg).replace("{dir}", where.dir).replace("{root}", where.root);
  const r = spawnIsolated(binary, s.args.map(sub), where);
  const stdout = s.sort ? r.stdout.split("\n").filter((l) => l !== "").sort().map((l) => `${l}\n`).join("") : r.stdout;
  let out = `$ kubeadm ${s.args.join(" ")}\n${stdout}--- stderr\n${r.stderr}--- exit code ${r.status}\n`;
  if (s.after) {
    const a = spawnIsolated(binary, s.after.map(sub), where);
    out += `$ kubeadm ${s.after.join(" ")}\n${a.stdout}--- exit code ${a.status}\n`;
  }
  return normalize(out.split(where.root).join("<ROOT>"), where.dir);
}

/** `init phase certs all` into a new directory with upstream kubeadm (generator) . */
export function upstreamPki(binary) {
  const root = mkdtempSync(path.join(tmpdir(), "certs-cli-template-"));
  const dir = path.join(root, "pki");
  writeFileSync(path.join(root, "config.yaml"), configText(dir));
  execFileSync(binary, ["init", "phase", "certs", "all", "--config", path.join(root, "config.yaml")], { stdio: "ignore" });
  return dir;
}
