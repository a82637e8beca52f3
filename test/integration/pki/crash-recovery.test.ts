// The crash-safety rule of src/pki/store.ts on the states a killed write can leave, and on the
// states an operator creates on purpose (which keep upstream's behaviour).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCertSubPhase, runCertsAll } from "../../../src/phases/certificates.js";
import { generatePrivateKey, encodePrivateKeyPem } from "../../../src/pki/keys.js";
import { pairMarkerPath, recoverInterruptedPair } from "../../../src/pki/store.js";
import { currentProcess, ownerToken, processIdentity, tempPathFor, type ProcessIdentity } from "../../../src/host/temp-files.js";
import { baseInput, CERT_CHAINS, collectingOutput, modeOf, openssl, tmp } from "./helpers.js";

const ALG = { encryptionAlgorithm: "ECDSA-P256" as const };

async function deadProcess(): Promise<ProcessIdentity> {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  await new Promise((r) => child.once("spawn", r));
  const id = processIdentity(child.pid!)!;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  return id;
}

const marker = (owner: ProcessIdentity): string => `kubeadm-ts ${ownerToken(owner)}\n`;

/** Every dotfile (temporary file or marker) under dir. */
function dotfiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) out.push(path.relative(dir, path.join(d, e.name)));
      if (e.isDirectory()) walk(path.join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** openssl agrees that the tree is one consistent PKI. */
function expectConsistent(dir: string): void {
  for (const [leaf, ca] of CERT_CHAINS) {
    const crt = path.join(dir, `${leaf}.crt`);
    expect(openssl("verify", "-CAfile", path.join(dir, `${ca}.crt`), crt).trim()).toBe(`${crt}: OK`);
    expect(openssl("x509", "-in", crt, "-noout", "-pubkey")).toBe(openssl("pkey", "-in", path.join(dir, `${leaf}.key`), "-pubout"));
  }
  expect(openssl("pkey", "-in", path.join(dir, "sa.key"), "-pubout")).toBe(readFileSync(path.join(dir, "sa.pub"), "utf8"));
  expect(dotfiles(dir)).toEqual([]);
}

async function keyPem(): Promise<string> {
  return encodePrivateKeyPem(await generatePrivateKey("ECDSA-P256"));
}

describe("a pair an interrupted kubeadm-ts write left (marker of a gone process)", () => {
  it("ca.key without ca.crt: removed, the whole PKI generated, stale temporary files swept", async () => {
    const dir = tmp("crash-ca");
    const dead = await deadProcess();
    writeFileSync(path.join(dir, "ca.key"), await keyPem(), { mode: 0o600 });
    writeFileSync(pairMarkerPath(dir, "ca"), marker(dead));
    writeFileSync(tempPathFor(path.join(dir, "ca.crt"), dead), "-----BEGIN CERTIFICATE-----\n");
    const out = collectingOutput();
    await runCertsAll(baseInput(dir, ALG), out);
    expect(out.warnings).toEqual([`[certs] an interrupted kubeadm-ts run (pid ${dead.pid}) left "ca" incomplete: removed its key and certificate to generate them again`]);
    expect(out.lines).toContain('[certs] Generating "ca" certificate and key');
    expectConsistent(dir);
    expect(modeOf(path.join(dir, "ca.key"))).toBe("600");
    expect(modeOf(path.join(dir, "ca.crt"))).toBe("644");
  });

  it("the marker alone, or a marker naming no process: generated as usual", async () => {
    for (const content of ["", "garbage\n"]) {
      const dir = tmp("crash-marker");
      mkdirSync(path.join(dir, "etcd"));
      writeFileSync(pairMarkerPath(dir, "etcd/ca"), content);
      const out = collectingOutput();
      await runCertsAll(baseInput(dir, ALG), out);
      expect(out.lines).toContain('[certs] Generating "etcd/ca" certificate and key');
      expectConsistent(dir);
    }
  });

  it("a complete, matching pair with the marker: kept as it is", async () => {
    const dir = tmp("crash-complete");
    await runCertSubPhase("ca", baseInput(dir, ALG), collectingOutput());
    const before = readFileSync(path.join(dir, "ca.crt"));
    writeFileSync(pairMarkerPath(dir, "ca"), marker(await deadProcess()));
    const out = collectingOutput();
    await runCertsAll(baseInput(dir, ALG), out);
    expect(out.warnings).toEqual([]);
    expect(out.lines).toContain("[certs] Using existing ca certificate authority");
    expect(readFileSync(path.join(dir, "ca.crt")).equals(before)).toBe(true);
    expectConsistent(dir);
  });

  it("a pair whose key does not match its certificate (a renewal cut between the renames): replaced", async () => {
    const dir = tmp("crash-mismatch");
    await runCertsAll(baseInput(dir, ALG), collectingOutput());
    const oldCert = readFileSync(path.join(dir, "apiserver.crt"));
    writeFileSync(path.join(dir, "apiserver.key"), await keyPem(), { mode: 0o600 });
    writeFileSync(pairMarkerPath(dir, "apiserver"), marker(await deadProcess()));
    const out = collectingOutput();
    await runCertsAll(baseInput(dir, ALG), out);
    expect(out.warnings).toHaveLength(1);
    expect(out.lines).toContain('[certs] Generating "apiserver" certificate and key');
    expect(readFileSync(path.join(dir, "apiserver.crt")).equals(oldCert)).toBe(false);
    expectConsistent(dir);
  });

  it("a leaf key without its certificate, and sa.key without sa.pub: generated again", async () => {
    const dir = tmp("crash-leaf");
    await runCertsAll(baseInput(dir, ALG), collectingOutput());
    const dead = await deadProcess();
    for (const f of ["etcd/peer.crt", "sa.pub", "sa.key"]) rmSync(path.join(dir, f));
    writeFileSync(pairMarkerPath(dir, "etcd/peer"), marker(dead));
    writeFileSync(path.join(dir, "sa.key"), await keyPem(), { mode: 0o600 });
    writeFileSync(pairMarkerPath(dir, "sa"), marker(dead));
    const out = collectingOutput();
    await runCertsAll(baseInput(dir, ALG), out);
    expect(out.warnings).toEqual([
      `[certs] an interrupted kubeadm-ts run (pid ${dead.pid}) left "etcd/peer" incomplete: removed its key and certificate to generate them again`,
      `[certs] an interrupted kubeadm-ts run (pid ${dead.pid}) left "sa" incomplete: removed its key and public key to generate them again`,
    ]);
    expect(out.lines).toContain('[certs] Generating "etcd/peer" certificate and key');
    expect(out.lines).toContain('[certs] Generating "sa" key and public key');
    expectConsistent(dir);
  });
});

describe("states without a marker keep upstream's behaviour", () => {
  it("ca.key without ca.crt (placed by an operator) fails as upstream fails", async () => {
    const dir = tmp("op-ca-key");
    writeFileSync(path.join(dir, "ca.key"), await keyPem(), { mode: 0o600 });
    await expect(runCertsAll(baseInput(dir, ALG), collectingOutput())).rejects.toThrow(/^failure loading ca certificate: failed to load certificate: couldn't load the certificate file/);
    expect(existsSync(path.join(dir, "ca.key"))).toBe(true);
  });

  it("a leaf key without its certificate fails as upstream fails", async () => {
    const dir = tmp("op-leaf-key");
    await runCertSubPhase("ca", baseInput(dir, ALG), collectingOutput());
    writeFileSync(path.join(dir, "apiserver.key"), await keyPem(), { mode: 0o600 });
    await expect(runCertSubPhase("apiserver", baseInput(dir, ALG), collectingOutput())).rejects.toThrow(/failure loading apiserver certificate/);
  });

  it("sa.key without sa.pub is used as it is (upstream reads only sa.key)", async () => {
    const dir = tmp("op-sa");
    const pem = await keyPem();
    writeFileSync(path.join(dir, "sa.key"), pem, { mode: 0o600 });
    const out = collectingOutput();
    await runCertSubPhase("sa", baseInput(dir, ALG), out);
    expect(out.lines).toEqual(['[certs] Using the existing "sa" key']);
    expect(readFileSync(path.join(dir, "sa.key"), "utf8")).toBe(pem);
    expect(existsSync(path.join(dir, "sa.pub"))).toBe(false);
  });

  it("ca.crt without ca.key is a keyless (external) CA", async () => {
    const dir = tmp("op-external");
    await runCertSubPhase("ca", baseInput(dir, ALG), collectingOutput());
    rmSync(path.join(dir, "ca.key"));
    const out = collectingOutput();
    await runCertSubPhase("ca", baseInput(dir, ALG), out);
    expect(out.lines).toEqual(["[certs] Using existing ca keyless certificate authority"]);
  });

  it("a marker of a running writer is left alone (and the half pair fails as upstream)", async () => {
    const dir = tmp("live-marker");
    writeFileSync(path.join(dir, "ca.key"), await keyPem(), { mode: 0o600 });
    writeFileSync(pairMarkerPath(dir, "ca"), marker(currentProcess()));
    expect(await recoverInterruptedPair(dir, "ca", "crt")).toBe("in-progress");
    await expect(runCertSubPhase("ca", baseInput(dir, ALG), collectingOutput())).rejects.toThrow(/failure loading ca certificate/);
    expect(existsSync(pairMarkerPath(dir, "ca"))).toBe(true);
    expect(existsSync(path.join(dir, "ca.key"))).toBe(true);
  });

  it("a dry run changes nothing in the certificates directory", async () => {
    const dir = tmp("dry-src");
    const writeDir = tmp("dry-out");
    const dead = await deadProcess();
    writeFileSync(path.join(dir, "ca.key"), await keyPem(), { mode: 0o600 });
    writeFileSync(pairMarkerPath(dir, "ca"), marker(dead));
    // as upstream's dry run: the CA is generated in the dry-run directory
    const out = collectingOutput();
    await runCertSubPhase("ca", baseInput(dir, { ...ALG, certificateWriteDir: writeDir }), out);
    expect(out.lines).toEqual(['[certs] Generating "ca" certificate and key']);
    expect(out.warnings).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual([".ca.kubeadm-writing", "ca.key"]);
    expect(readdirSync(writeDir).sort()).toEqual(["ca.crt", "ca.key"]);
  });
});
