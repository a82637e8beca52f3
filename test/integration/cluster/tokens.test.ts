// `kubeadm token create|list|delete` through our CLI and through upstream kubeadm against the
// same real etcd + kube-apiserver (lab binaries) on loopback: tokens made by one are listed and
// deleted by the other, and both print the same things. Also applies our init API phases for real.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeClient } from "../../../src/client/types.js";
import { bufferWriter, clusterInfoClusterFromKubeconfig, runBootstrapTokenPhase } from "../../../src/cluster/index.js";
import { computeDetachedSignature, detachedTokenIsValid } from "../../../src/discovery/jws.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { requireUpstream, requireUpstreams } from "../../support/upstream.js";

describe("lab binaries for the token interoperability test", () => {
  it("are built", () => {
    expect(requireUpstreams("kube-apiserver", "etcd", "kubeadm")).toHaveLength(3);
  });
});

describe("token commands: ours and upstream on one apiserver", () => {
  let api: RealApiserver | undefined;
  let dir = "";
  let admin: KubeClient;
  let kubeconfig = "";

  const runOursInProcess = async (args: string[]): Promise<{ stdout: string; stderr: string; code: number }> => {
    const { runCli } = await import("../../../src/commands/index.js");
    const { Writable } = await import("node:stream");
    const sink = () => {
      const chunks: string[] = [];
      const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
      return { w, text: () => chunks.join("") };
    };
    const out = sink();
    const err = sink();
    const code = await runCli([...args, "--kubeconfig", kubeconfig], { stdout: out.w, stderr: err.w, env: { PATH: process.env.PATH ?? "", HOME: dir } });
    return { stdout: out.text(), stderr: err.text(), code };
  };

  const runAsync = async (which: "ours" | "upstream", args: string[]): Promise<{ stdout: string; stderr: string; code: number }> =>
    which === "ours" ? runOursInProcess(args) : run(which, args);

  // Ours runs in-process (runCli): the shared dist/ may be mid-rebuild by others.
  const run = (which: "ours" | "upstream", args: string[]): { stdout: string; stderr: string; code: number } => {
    const bin = which === "ours" ? "" : requireUpstream("kubeadm");
    try {
      const stdout = execFileSync(bin, [...args, "--kubeconfig", kubeconfig], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "", HOME: dir, TZ: "UTC" } });
      return { stdout, stderr: "", code: 0 };
    } catch (err) {
      const e = err as { stdout: string; stderr: string; status: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.status };
    }
  };

  beforeAll(async () => {
    requireUpstream("kubeadm");
    api = await startApiserver("kubeadm-ts-tokens-", { embedCerts: true });
    ({ dir, admin, kubeconfig } = api);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  }, 30_000);

  it("create by each, list by both (identical text and JSON), delete across", async () => {
    const a = await runAsync("ours", ["token", "create", "aaaaaa.0123456789abcdef", "--description", "made by kubeadm-ts"]);
    expect(a.stderr).toBe("");
    expect(a).toMatchObject({ code: 0, stdout: "aaaaaa.0123456789abcdef\n" });
    const b = await runAsync("upstream", ["token", "create", "bbbbbb.0123456789abcdef", "--ttl", "0", "--usages", "authentication"]);
    expect(b).toMatchObject({ code: 0, stdout: "bbbbbb.0123456789abcdef\n" });
    const c = await runAsync("upstream", ["token", "create", "cccccc.0123456789abcdef", "--ttl", "2h", "--groups", "system:bootstrappers:kubeadm:default-node-token,system:bootstrappers:x"]);
    expect(c.code).toBe(0);

    for (const args of [["token", "list"], ["token", "list", "-o", "json"], ["token", "list", "-o", "yaml"]]) {
      const up = await runAsync("upstream", args);
      const ours = await runAsync("ours", args);
      expect(up.code).toBe(0);
      expect(ours).toEqual(up);
    }
    expect((await runAsync("ours", ["token", "list"])).stdout).toContain("aaaaaa.0123456789abcdef");

    // existing id refused by both
    for (const who of ["ours", "upstream"] as const) {
      const again = await runAsync(who, ["token", "create", "aaaaaa.0123456789abcdef"]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('a token with id "aaaaaa" already exists');
    }

    expect(await runAsync("ours", ["token", "delete", "bbbbbb"])).toMatchObject({ code: 0, stdout: 'bootstrap token "bbbbbb" deleted\n' });
    expect(await runAsync("upstream", ["token", "delete", "aaaaaa.0123456789abcdef"])).toMatchObject({ code: 0, stdout: 'bootstrap token "aaaaaa" deleted\n' });
    const gone = await runAsync("ours", ["token", "delete", "aaaaaa"]);
    const goneUp = await runAsync("upstream", ["token", "delete", "aaaaaa"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr.split("\n")[0]).toBe(goneUp.stderr.split("\n")[0]);
    expect((await runAsync("ours", ["token", "delete", "cccccc"])).code).toBe(0);
    expect(await runAsync("ours", ["token", "list"])).toEqual(await runAsync("upstream", ["token", "list"]));
    expect((await runAsync("ours", ["token", "list"])).stdout).toBe("");
  });

  it("--print-join-command and --certificate-key print what upstream prints", async () => {
    const key = "0".repeat(64);
    const ours = await runAsync("ours", ["token", "create", "dddddd.0123456789abcdef", "--print-join-command", "--certificate-key", key]);
    const up = await runAsync("upstream", ["token", "create", "eeeeee.0123456789abcdef", "--print-join-command", "--certificate-key", key]);
    expect(ours.code).toBe(0);
    expect(ours.stdout.replace("dddddd", "eeeeee")).toBe(up.stdout);
    const w = await runAsync("ours", ["token", "create", "ffffff.0123456789abcdef", "--print-join-command"]);
    const wu = await runAsync("upstream", ["token", "create", "gggggg.0123456789abcdef", "--print-join-command"]);
    expect(w.stdout.replace("ffffff", "gggggg")).toBe(wu.stdout);
    expect(w.stdout).toMatch(/^kubeadm join 127\.0\.0\.1:\d+ --token ffffff\.0123456789abcdef --discovery-token-ca-cert-hash sha256:[0-9a-f]{64} \n$/);
    const bad = await runAsync("ours", ["token", "create", "hhhhhh.0123456789abcdef", "--certificate-key", key]);
    expect(bad.stderr).toContain("cannot use --certificate-key without --print-join-command");
  });

  it("our bootstrap-token phase writes tokens, RBAC and cluster-info that upstream lists and that sign/verify", async () => {
    const out = bufferWriter();
    const cluster = await clusterInfoClusterFromKubeconfig(readFileSync(kubeconfig, "utf8"), kubeconfig);
    await runBootstrapTokenPhase(admin, {
      tokens: [{ token: { id: "iiiiii", secret: "0123456789abcdef" }, description: "phase token", ttl: 3600_000, usages: ["signing", "authentication"], groups: ["system:bootstrappers:kubeadm:default-node-token"] }],
      skipTokenPrint: false,
      cluster,
    }, out);
    expect(out.text()).toContain("[bootstrap-token] Using token: iiiiii.0123456789abcdef\n");
    const docs = (await runAsync("upstream", ["token", "list", "-o", "json"])).stdout.split(/(?<=^\})\n/m).filter((d) => d.trim() !== "");
    const listed = docs.map((d) => JSON.parse(d) as { token: string }).find((d) => d.token === "iiiiii.0123456789abcdef");
    expect(listed).toMatchObject({ token: "iiiiii.0123456789abcdef", description: "phase token", usages: ["authentication", "signing"] });
    for (const crb of ["kubeadm:get-nodes", "kubeadm:kubelet-bootstrap", "kubeadm:node-autoapprove-bootstrap", "kubeadm:node-autoapprove-certificate-rotation", "kubeadm:apiserver-kubelet-client"]) {
      expect((await admin.get("clusterrolebindings", crb)).metadata?.name).toBe(crb);
    }
    const ci = await admin.get("configmaps", "cluster-info", "kube-public");
    const content = ci.data!.kubeconfig!;
    expect(content).toContain("certificate-authority-data:");
    const sig = computeDetachedSignature(content, "iiiiii", "0123456789abcdef");
    expect(detachedTokenIsValid(sig, content, "iiiiii", "0123456789abcdef")).toBe(true);
    // the anonymous Role/RoleBinding exist
    expect((await admin.get("rolebindings", "kubeadm:bootstrap-signer-clusterinfo", "kube-public")).subjects).toEqual([
      { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "system:anonymous" },
    ]);
  });
});
