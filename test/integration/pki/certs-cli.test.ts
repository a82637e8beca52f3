// `kubeadm certs check-expiration` and `kubeadm certs renew` through the built CLI (bin/kubeadm,
// `npm run build` first) against golden output recorded from upstream kubeadm
// (test/golden/certs/generate.mjs), and against upstream live when its binary is present.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCertsAll } from "../../../src/pki/phases.js";
// @ts-expect-error: plain JS module shared with the golden generator
import { prepare, run, scenarios } from "../../golden/certs/scenarios.mjs";
import { baseInput, collectingOutput, openssl, tmp } from "./helpers.js";

type Scenario = { name: string };
const repo = path.resolve(__dirname, "../../..");
const ours = path.join(repo, "bin/kubeadm");
const upstream = path.join(homedir(), ".cache/kubeadm-ts/upstream/v1.36.3/bin/kubeadm");
const golden = (name: string) => readFileSync(path.join(repo, "test/golden/certs", `${name}.txt`), "utf8");

let template = "";
beforeAll(async () => {
  expect(existsSync(path.join(repo, "dist/main.js"))).toBe(true);
  template = path.join(tmp("certs-cli"), "pki");
  await runCertsAll(baseInput(template), collectingOutput());
}, 60_000);

describe("kubeadm certs CLI output matches upstream", () => {
  for (const s of scenarios as Scenario[]) {
    it(s.name, { timeout: 60_000 }, () => {
      const where = prepare(s, template);
      const got = run(ours, s, where);
      expect(got).toBe(golden(s.name));
      if (existsSync(upstream)) {
        // upstream on its own copy of the same PKI
        expect(run(upstream, s, prepare(s, template))).toBe(got);
      }
    });
  }

  it("renew all: renewed certificates chain to their CA and keep subject, SANs and usages", { timeout: 60_000 }, () => {
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

