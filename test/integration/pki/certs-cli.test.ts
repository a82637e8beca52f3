// `kubeadm certs check-expiration` and `kubeadm certs renew` through the built CLI (bin/kubeadm,
// `npm run build` first) against upstream kubeadm run live on its own copy of the same PKI
// (required: `npm run lab:build`), and against the golden output recorded from it
// (test/golden/certs/generate.mjs).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCertsAll } from "../../../src/phases/certificates.js";
// @ts-expect-error: plain JS module shared with the golden generator
import { prepare, run, scenarios } from "../../golden/certs/scenarios.mjs";
import { requireUpstream } from "../../support/upstream.js";
import { baseInput, collectingOutput, openssl, tmp } from "./helpers.js";

type Scenario = { name: string };
const repo = path.resolve(__dirname, "../../..");
const ours = path.join(repo, "bin/kubeadm");
const golden = (name: string) => readFileSync(path.join(repo, "test/golden/certs", `${name}.txt`), "utf8");

// a bound on a hang, not a speed target: RSA keys and two CLIs on a loaded 2-core machine
const HANG = 300_000;
let template = "";
beforeAll(async () => {
  expect(existsSync(path.join(repo, "dist/main.js"))).toBe(true);
  template = path.join(tmp("certs-cli"), "pki");
  await runCertsAll(baseInput(template), collectingOutput());
}, 60_000);

describe("kubeadm certs CLI output matches upstream", () => {
  for (const s of scenarios as Scenario[]) {
    it(s.name, { timeout: HANG }, () => {
      // upstream on its own copy of the same PKI
      const theirs = run(requireUpstream("kubeadm"), s, prepare(s, template));
      expect(theirs, "upstream's live output is its committed golden (generate.mjs rewrites it)").toBe(golden(s.name));
      expect(run(ours, s, prepare(s, template))).toBe(theirs);
    });
  }

  it("generate-csr: the same files, modes, CSR subjects/SANs and partial kubeconfigs as upstream", { timeout: HANG }, () => {
    const upstream = requireUpstream("kubeadm");
    const s = { name: "generate-csr-files", empty: true, args: ["certs", "generate-csr", "--config", "{cfg}", "--kubeconfig-dir", "{root}/kc"] };
    const a = prepare(s, template);
    run(ours, s, a);
    const describe = (root: string) => {
      const out: string[] = [];
      const walk = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
          const p = path.join(d, e.name);
          const rel = path.relative(root, p);
          out.push(`${rel} ${(statSync(p).mode & 0o777).toString(8)}`);
          if (e.isDirectory()) walk(p);
          else if (e.name.endsWith(".csr")) {
            expect(openssl("req", "-verify", "-noout", "-in", p)).toBe("");
            out.push(openssl("req", "-noout", "-subject", "-in", p).trim());
            out.push(openssl("req", "-noout", "-text", "-in", p).split("\n").filter((l) => /DNS:|IP Address:|Attributes|Requested/.test(l)).join("|"));
          } else if (e.name.endsWith(".conf")) out.push(readFileSync(p, "utf8").replace(/client-key-data: .*/, "client-key-data: <KEY>"));
        }
      };
      walk(root);
      return out.join("\n");
    };
    const got = describe(a.root);
    expect(got).toContain("kc/admin.conf 600");
    expect(got).toContain("pki/etcd/peer.csr 600");
    expect(got).not.toContain("certificate-authority-data");
    const b = prepare(s, template);
    run(upstream, s, b);
    expect(got).toBe(describe(b.root));
  });

  it("renew all: renewed certificates chain to their CA and keep subject, SANs and usages", { timeout: HANG }, () => {
    const s = { name: "renew-all-check", args: ["certs", "renew", "all", "--config", "{cfg}"] };
    const where = prepare(s, template);
    const text = (f: string) => openssl("x509", "-noout", "-subject", "-ext", "subjectAltName,extendedKeyUsage,keyUsage", "-in", path.join(where.dir, f));
    const before = Object.fromEntries(["apiserver.crt", "etcd/peer.crt", "front-proxy-client.crt"].map((f) => [f, text(f)]));
    const endBefore = openssl("x509", "-noout", "-enddate", "-serial", "-in", path.join(where.dir, "apiserver.crt"));
    run(ours, s, where);
    for (const [f, t] of Object.entries(before)) expect(text(f)).toBe(t);
    expect(openssl("x509", "-noout", "-enddate", "-serial", "-in", path.join(where.dir, "apiserver.crt"))).not.toBe(endBefore);
    expect(openssl("verify", "-CAfile", path.join(where.dir, "ca.crt"), path.join(where.dir, "apiserver.crt")).trim()).toMatch(/: OK$/);
    expect(openssl("verify", "-CAfile", path.join(where.dir, "etcd/ca.crt"), path.join(where.dir, "etcd/peer.crt")).trim()).toMatch(/: OK$/);
    // the new key matches the new certificate
    const pub = (args: string[]) => openssl(...args);
    expect(pub(["pkey", "-pubout", "-in", path.join(where.dir, "apiserver.key")])).toBe(pub(["x509", "-noout", "-pubkey", "-in", path.join(where.dir, "apiserver.crt")]));
  });
});

