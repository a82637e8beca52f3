import { describe, expect, it } from "vitest";
import type { Node } from "kubernetes-types/core/v1.js";
import { DryRunClient, createOrUpdate } from "../../../src/client/index.js";
import {
  bootstrapTokenFromSecret,
  bootstrapTokenOutputObject,
  bootstrapTokenToSecret,
  buildClusterInfoKubeconfig,
  buildKubeadmCertsSecret,
  bufferWriter,
  certsOwnerReference,
  configMapHash,
  controlPlaneEndpointURL,
  controlPlaneTaints,
  decodeCertificateKey,
  decryptBytes,
  decryptKubeadmCertsSecret,
  downloadCerts,
  encryptBytes,
  formatTokenListText,
  initSuccessMessage,
  joinCommand,
  joinCommandOneLine,
  markControlPlaneLines,
  markControlPlaneNode,
  uploadCerts,
} from "../../../src/cluster/index.js";
import { shortHumanDuration } from "../../../src/util/duration.js";
import { printJSON } from "../../../src/config/output.js";
import { toKubernetesYaml } from "../../../src/config/yaml.js";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HASH = "sha256:" + "ab".repeat(32);

describe("join command", () => {
  it("multi-line worker and control-plane forms, byte for byte", () => {
    const base = { server: "https://10.0.0.1:6443", token: "abcdef.0123456789abcdef", caCertHashes: [HASH] };
    expect(joinCommand(base)).toBe(`kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef \\\n\t--discovery-token-ca-cert-hash ${HASH} `);
    expect(joinCommand({ ...base, controlPlane: true, certificateKey: "k" })).toBe(
      `kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef \\\n\t--discovery-token-ca-cert-hash ${HASH} \\\n\t--control-plane --certificate-key k`,
    );
    expect(joinCommand({ ...base, controlPlane: true, certificateKey: "k", skipTokenPrint: true, skipCertificateKeyPrint: true })).toBe(
      `kubeadm join 10.0.0.1:6443 --token <value withheld> \\\n\t--discovery-token-ca-cert-hash ${HASH} \\\n\t--control-plane --certificate-key <value withheld>`,
    );
    expect(joinCommand({ ...base, caCertHashes: ["sha256:1", "sha256:2"] })).toContain("--discovery-token-ca-cert-hash sha256:1 --discovery-token-ca-cert-hash sha256:2 ");
  });

  it("one-line form of token create --print-join-command keeps the trailing space", () => {
    expect(joinCommandOneLine({ server: "https://[fd00::1]:6443", token: "t", caCertHashes: [HASH] })).toBe(
      `kubeadm join [fd00::1]:6443 --token t --discovery-token-ca-cert-hash ${HASH} \n`,
    );
  });

  it("success message: blocks separated by one blank line in each variant", () => {
    const w = "WORKER";
    const none = initSuccessMessage({ kubeConfigPath: "/etc/kubernetes/admin.conf", controlPlaneEndpoint: "", uploadCerts: false, joinWorkerCommand: w, joinControlPlaneCommand: "CP" });
    expect(none.startsWith("\nYour Kubernetes control-plane has initialized successfully!\n\n")).toBe(true);
    expect(none).toContain("  https://kubernetes.io/docs/concepts/cluster-administration/addons/\n\nThen you can join any number of worker nodes by running the following on each as root:\n\nWORKER\n");
    expect(none.endsWith("WORKER\n")).toBe(true);
    expect(none).not.toContain("CP");
    const up = initSuccessMessage({ kubeConfigPath: "/x", controlPlaneEndpoint: "cp:6443", uploadCerts: true, joinWorkerCommand: w, joinControlPlaneCommand: "CP" });
    expect(up).toContain("addons/\n\nYou can now join any number of control-plane nodes running the following command on each as root:\n\n  CP\n\nPlease note");
    expect(up).toContain('"kubeadm init phase upload-certs --upload-certs" to reload certs afterward.\n\nThen you can join');
    const copy = initSuccessMessage({ kubeConfigPath: "/x", controlPlaneEndpoint: "cp:6443", uploadCerts: false, joinWorkerCommand: w, joinControlPlaneCommand: "CP" });
    expect(copy).toContain("by copying certificate authorities\nand service account keys on each node and then running the following as root:\n\n  CP\n\nThen you can join");
    expect(copy).toContain("sudo cp -i /x $HOME/.kube/config");
  });
});

describe("token Secret", () => {
  const now = new Date("2026-05-30T13:15:00.123Z");
  it("encodes data keys as upstream (expiration in UTC from now + ttl)", () => {
    const s = bootstrapTokenToSecret(
      { token: { id: "abcdef", secret: "0123456789abcdef" }, description: "d", ttl: 3600_000, usages: ["signing", "authentication"], groups: ["system:bootstrappers:a", "system:bootstrappers:b"] },
      now,
    );
    const data = Object.fromEntries(Object.entries(s.data!).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
    expect(data).toEqual({
      "token-id": "abcdef",
      "token-secret": "0123456789abcdef",
      description: "d",
      expiration: "2026-05-30T14:15:00Z",
      "usage-bootstrap-signing": "true",
      "usage-bootstrap-authentication": "true",
      "auth-extra-groups": "system:bootstrappers:a,system:bootstrappers:b",
    });
    expect(s.type).toBe("bootstrap.kubernetes.io/token");
    expect(s.metadata).toEqual({ name: "bootstrap-token-abcdef", namespace: "kube-system" });
  });

  it("ttl 0 = no expiration; explicit expires wins; round trip sorts usages", () => {
    const t0 = bootstrapTokenToSecret({ token: { id: "abcdef", secret: "0123456789abcdef" }, ttl: 0, usages: [], groups: [] }, now);
    expect(Object.keys(t0.data!)).toEqual(["token-id", "token-secret"]);
    const back = bootstrapTokenFromSecret(
      bootstrapTokenToSecret({ token: { id: "abcdef", secret: "0123456789abcdef" }, expires: new Date("2030-01-02T03:04:05Z"), usages: ["signing", "authentication"], groups: [] }, now),
    );
    expect(back).toEqual({ token: { id: "abcdef", secret: "0123456789abcdef" }, expires: new Date("2030-01-02T03:04:05Z"), usages: ["authentication", "signing"], groups: [] });
  });

  it("reading refuses malformed Secrets with upstream's messages", () => {
    const enc = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
    expect(() => bootstrapTokenFromSecret({ metadata: { name: "x" }, data: {} })).toThrow("bootstrap Token Secret has no token-id data: x");
    expect(() => bootstrapTokenFromSecret({ metadata: { name: "x" }, data: enc({ "token-id": "abcdef" }) })).toThrow(
      `bootstrap token name is not of the form 'bootstrap-token-(token-id)'. Actual: "x". Expected: "bootstrap-token-abcdef"`,
    );
    expect(() => bootstrapTokenFromSecret({ metadata: { name: "bootstrap-token-abcdef" }, data: enc({ "token-id": "abcdef" }) })).toThrow(
      "bootstrap Token Secret has no token-secret data: bootstrap-token-abcdef",
    );
    expect(() => bootstrapTokenFromSecret({ metadata: { name: "bootstrap-token-abcdef" }, data: enc({ "token-id": "abcdef", "token-secret": "short" }) })).toThrow(
      /^bootstrap Token Secret is invalid and couldn't be parsed: the bootstrap token "abcdef.short" was not of the form/,
    );
    expect(() =>
      bootstrapTokenFromSecret({ metadata: { name: "bootstrap-token-abcdef" }, data: enc({ "token-id": "abcdef", "token-secret": "0123456789abcdef", expiration: "tomorrow" }) }),
    ).toThrow(/^can't parse expiration time of bootstrap token "bootstrap-token-abcdef": parsing time "tomorrow"/);
  });
});

describe("token list output", () => {
  it("text table as upstream's unit test", () => {
    const t = { token: { id: "abcdef", secret: "1234567890123456" }, description: "valid bootstrap tooken", usages: ["signing", "authentication"], groups: ["system:bootstrappers:kubeadm:default-node-token"] };
    expect(formatTokenListText([t], new Date())).toBe(
      "TOKEN                     TTL         EXPIRES   USAGES                   DESCRIPTION                                                EXTRA GROUPS\n" +
        "abcdef.1234567890123456   <forever>   <never>   signing,authentication   valid bootstrap tooken                                     system:bootstrappers:kubeadm:default-node-token\n",
    );
  });

  it("rows after the first are aligned on their own; TTL is ShortHumanDuration", () => {
    const now = new Date("2023-11-12T08:32:41Z");
    const a = { token: { id: "4iwa6j", secret: "ejrsfqm26jpcshz2" }, description: "The default bootstrap token generated by 'kubeadm init'.", expires: new Date("2023-11-13T08:32:40Z"), usages: ["authentication", "signing"], groups: ["system:bootstrappers:kubeadm:default-node-token"] };
    const b = { token: { id: "zzzzzz", secret: "ejrsfqm26jpcshz2" }, expires: new Date("2023-11-12T09:00:00Z"), usages: [], groups: [] };
    const text = formatTokenListText([a, b], now);
    expect(text.split("\n")[1]).toBe(
      "4iwa6j.ejrsfqm26jpcshz2   23h         2023-11-13T08:32:40Z   authentication,signing   The default bootstrap token generated by 'kubeadm init'.   system:bootstrappers:kubeadm:default-node-token",
    );
    expect(text.split("\n")[2]).toBe(`zzzzzz.ejrsfqm26jpcshz2   27m         2023-11-12T09:00:00Z   <none>                   <none>${" ".repeat(56 - 6)}   <none>`);
    expect([shortHumanDuration(-2000), shortHumanDuration(-500), shortHumanDuration(59_999), shortHumanDuration(3 * 86400_000), shortHumanDuration(800 * 86400_000)]).toEqual(["<invalid>", "0s", "59s", "3d", "2y"]);
  });

  it("JSON and YAML objects equal upstream's test vectors", () => {
    const o = bootstrapTokenOutputObject({ token: { id: "abcdef", secret: "1234567890123456" }, description: "valid bootstrap tooken", usages: ["signing", "authentication"], groups: ["system:bootstrappers:kubeadm:default-node-token"] });
    expect(printJSON(o)).toBe(`{
    "kind": "BootstrapToken",
    "apiVersion": "output.kubeadm.k8s.io/v1alpha3",
    "token": "abcdef.1234567890123456",
    "description": "valid bootstrap tooken",
    "usages": [
        "signing",
        "authentication"
    ],
    "groups": [
        "system:bootstrappers:kubeadm:default-node-token"
    ]
}
`);
    expect(toKubernetesYaml(o)).toBe(`apiVersion: output.kubeadm.k8s.io/v1alpha3
description: valid bootstrap tooken
groups:
- system:bootstrappers:kubeadm:default-node-token
kind: BootstrapToken
token: abcdef.1234567890123456
usages:
- signing
- authentication
`);
  });
});

describe("kubeadm-certs encryption", () => {
  const key = decodeCertificateKey("0123456789abcdef".repeat(4));
  it("AES-256-GCM: nonce ‖ ciphertext ‖ tag, round trip, tamper detection", () => {
    const sealed = encryptBytes(Buffer.from("secret data"), key);
    expect(sealed.length).toBe(12 + 11 + 16);
    expect(decryptBytes(sealed, key).toString()).toBe("secret data");
    const bad = Buffer.from(sealed);
    bad[13]! ^= 1;
    expect(() => decryptBytes(bad, key)).toThrow("cipher: message authentication failed");
    expect(() => decryptBytes(Buffer.alloc(5), key)).toThrow("size of data is less than the nonce size");
    expect(() => decryptBytes(sealed, decodeCertificateKey("ff".repeat(32)))).toThrow("cipher: message authentication failed");
    expect(() => decodeCertificateKey("zz")).toThrow("encoding/hex: invalid byte: U+007A 'z'");
    expect(() => encryptBytes(Buffer.from("x"), Buffer.alloc(10))).toThrow("crypto/aes: invalid key size 10");
  });

  it("Secret keys, owner reference, empty values for missing files; decrypt gives the files back", () => {
    const files = new Map<string, Buffer | null>([["ca.crt", Buffer.from("CA")], ["etcd/ca.key", Buffer.from("EK")], ["sa.pub", null]]);
    const s = buildKubeadmCertsSecret(files, key, certsOwnerReference("bootstrap-token-abcdef", "uid-1"));
    expect(Object.keys(s.data!)).toEqual(["ca.crt", "etcd-ca.key", "sa.pub"]);
    expect(s.data!["sa.pub"]).toBe("");
    expect(s.metadata!.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Secret", name: "bootstrap-token-abcdef", uid: "uid-1", controller: true, blockOwnerDeletion: true }]);
    const back = decryptKubeadmCertsSecret(s, key);
    expect(back.get("ca.crt")!.toString()).toBe("CA");
    expect(back.get("etcd-ca.key")!.toString()).toBe("EK");
    expect(back.get("sa.pub")!.length).toBe(0);
  });

  it("uploadCerts then downloadCerts through a client", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeadm-ts-certs-"));
    mkdirSync(join(dir, "etcd"));
    for (const f of ["ca.crt", "ca.key", "front-proxy-ca.crt", "sa.key", "etcd/ca.crt", "etcd/ca.key"]) writeFileSync(join(dir, f), `content of ${f}`);
    const out = bufferWriter();
    const client = new DryRunClient({ writer: bufferWriter() });
    const cfg = { certificatesDir: dir, etcd: { local: { dataDir: "", extraArgs: [], extraEnvs: [], serverCertSANs: [], peerCertSANs: [] } } };
    const keyHex = "0123456789abcdef".repeat(4);
    await uploadCerts(client, cfg, keyHex, out);
    expect(out.text()).toBe('[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n');
    const tokenSecret = client.writes().find((a) => a.resource === "secrets" && a.name.startsWith("bootstrap-token-"))!;
    const td = (tokenSecret.object as { data: Record<string, string> }).data;
    expect(Object.keys(td).sort()).toEqual(["description", "expiration", "token-id", "token-secret"]);
    expect(Buffer.from(td.description!, "base64").toString()).toBe("Proxy for managing TTL for the kubeadm-certs secret");
    const written: Record<string, string> = {};
    const dl = bufferWriter();
    await downloadCerts(client, cfg, keyHex, dl, async (name, _path, content) => {
      written[name] = content.toString();
    });
    expect(written).toEqual({
      "ca.crt": "content of ca.crt",
      "ca.key": "content of ca.key",
      "front-proxy-ca.crt": "content of front-proxy-ca.crt",
      "sa.key": "content of sa.key",
      "etcd/ca.crt": "content of etcd/ca.crt",
      "etcd/ca.key": "content of etcd/ca.key",
    });
    await expect(downloadCerts(client, cfg, "ff".repeat(32), bufferWriter(), async () => undefined)).rejects.toThrow(
      "error decoding secret data with provided key: cipher: message authentication failed",
    );
    await createOrUpdate(client, "secrets", { metadata: { name: "unrelated", namespace: "kube-system" } });
  });
});

describe("mark-control-plane", () => {
  it("default taint when unset, none for [], lines as upstream", () => {
    expect(controlPlaneTaints(null)).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(controlPlaneTaints([])).toEqual([]);
    expect(markControlPlaneLines("n1", [])).toBe(
      "[mark-control-plane] Marking the node n1 as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]\n",
    );
    expect(markControlPlaneLines("n1", [{ key: "a", value: "b", effect: "NoExecute" }, { key: "c", effect: "NoSchedule" }])).toContain(
      "by adding the taints [a=b:NoExecute c:NoSchedule]\n",
    );
  });

  it("labels added; configured taints first, existing ones kept after", () => {
    const node: Node = { metadata: { name: "n", labels: { x: "y" } }, spec: { taints: [{ key: "old", effect: "NoSchedule" }, { key: "c", effect: "NoSchedule" }] } };
    markControlPlaneNode(node, [{ key: "c", effect: "NoSchedule" }]);
    expect(node.metadata!.labels).toEqual({ x: "y", "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" });
    expect(node.spec!.taints).toEqual([{ key: "c", effect: "NoSchedule" }, { key: "old", effect: "NoSchedule" }]);
  });
});

describe("small builders", () => {
  it("cluster-info kubeconfig text", () => {
    expect(buildClusterInfoKubeconfig({ server: "https://10.0.0.1:6443", certificateAuthorityData: Buffer.from("CA") })).toBe(`apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: https://10.0.0.1:6443
  name: ""
contexts: null
current-context: ""
kind: Config
users: null
`);
  });

  it("config map hash: values in key order, keys not hashed", () => {
    expect(configMapHash({ data: { b: "2", a: "1" } })).toBe(configMapHash({ data: { x: "1", y: "2" } }));
    expect(configMapHash({ data: { a: "1", b: "2" } })).not.toBe(configMapHash({ data: { a: "2", b: "1" } }));
  });

  it("control-plane endpoint URL", () => {
    const local = { advertiseAddress: "192.0.2.1", bindPort: 6443 };
    expect(controlPlaneEndpointURL("", local)).toBe("https://192.0.2.1:6443");
    expect(controlPlaneEndpointURL("", { advertiseAddress: "fd00::1", bindPort: 7443 })).toBe("https://[fd00::1]:7443");
    expect(controlPlaneEndpointURL("cp.example", local)).toBe("https://cp.example:6443");
    expect(controlPlaneEndpointURL("cp.example:8443", local)).toBe("https://cp.example:8443");
    expect(controlPlaneEndpointURL("[fd00::2]:9443", local)).toBe("https://[fd00::2]:9443");
    expect(controlPlaneEndpointURL("fd00::2", local)).toBe("https://[fd00::2]:6443");
  });
});
