// The object comparison used by the smoke (objects.ts): what it masks, and that it reports the
// differences that matter. The real comparison of upstream's and kubeadm-ts's clusters is in
// smoke.test.ts ("every API object kubeadm-ts created equals upstream kubeadm's").
import { describe, expect, it } from "vitest";
import { compareDumps, formatObjectDifferences, normaliseObject, objectKey, type ObjectDump } from "./objects.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const tokenSecret = (id: string, secret: string, uid: string) => ({
  apiVersion: "v1",
  kind: "Secret",
  type: "bootstrap.kubernetes.io/token",
  metadata: { name: `bootstrap-token-${id}`, namespace: "kube-system", uid, resourceVersion: "12", creationTimestamp: "2026-01-01T00:00:00Z", managedFields: [{ manager: "kubeadm", operation: "Update", apiVersion: "v1", time: "x" }, { manager: "kube-controller-manager", operation: "Update", apiVersion: "v1" }] },
  data: { "token-id": b64(id), "token-secret": b64(secret), expiration: b64("2026-01-02T00:00:00Z"), "usage-bootstrap-signing": b64("true"), "auth-extra-groups": b64("system:bootstrappers:kubeadm:default-node-token") },
});
const clusterInfo = (id: string, ca: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cluster-info", namespace: "kube-public", uid: "u" },
  data: { [`jws-kubeconfig-${id}`]: "eyJhbGciOiJIUzI1NiIsImtpZCI6..sig", kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${ca}\n    server: https://192.0.2.2:6443\n` },
});
const dump = (...objs: object[]): ObjectDump => Object.fromEntries(objs.map((o) => normaliseObject(o)).map((o) => [objectKey(o), o]));

describe("objects.ts", () => {
  it("masks token ids, secrets, expiry, JWS signatures, CA data and server-set metadata", () => {
    const a = dump(tokenSecret("abcdef", "0123456789abcdef", "u1"), clusterInfo("abcdef", "QUFB"));
    const b = dump(tokenSecret("zyxwvu", "fedcba9876543210", "u2"), clusterInfo("zyxwvu", "QkJC"));
    expect(compareDumps(a, b)).toEqual([]);
    const s = a["Secret kube-system/bootstrap-token-* []"]!;
    expect(s.data).toMatchObject({ "token-secret": "<masked>", "usage-bootstrap-signing": "true" });
    expect(s.metadata.kubeadmFieldManagers).toEqual(["kubeadm Update v1"]);
    expect(s.metadata.uid).toBeUndefined();
  });

  it("reports changed fields, changed field managers, missing and extra objects", () => {
    const changed = tokenSecret("zyxwvu", "fedcba9876543210", "u2");
    changed.data["auth-extra-groups"] = b64("system:bootstrappers:other");
    changed.metadata.managedFields[0]!.operation = "Apply";
    const ci = clusterInfo("zyxwvu", "QkJC");
    ci.data.kubeconfig = ci.data.kubeconfig.replace("6443", "6444");
    const extra = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "kubeadm:extra" }, rules: [] };
    const diffs = compareDumps(dump(tokenSecret("abcdef", "0123456789abcdef", "u1"), clusterInfo("abcdef", "QUFB")), dump(changed, extra));
    expect(diffs.map((d) => `${d.key} ${d.path}`)).toEqual([
      "ClusterRole kubeadm:extra ",
      "ConfigMap kube-public/cluster-info ",
      'Secret kube-system/bootstrap-token-* [] .data.auth-extra-groups',
      "Secret kube-system/bootstrap-token-* [] .metadata.kubeadmFieldManagers[0]",
    ]);
    const text = formatObjectDifferences(compareDumps(dump(clusterInfo("a", "x")), dump(ci)));
    expect(text).toContain('line 5: - "    server: https://192.0.2.2:6443"');
    expect(text).toContain('+ "    server: https://192.0.2.2:6444"');
  });
});
