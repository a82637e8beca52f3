// Runs the real client against a real etcd + kube-apiserver (the lab's pinned binaries) on
// loopback, with a throwaway PKI made by openssl (test/support/apiserver.ts). Fails when the lab
// binaries are not built (`npm run lab:build`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpKubeClient } from "../../../src/client/http-client.js";
import { isAlreadyExists, isConflict, isNotFound, isForbidden } from "../../../src/client/api-error.js";
import { createOrUpdate, createOrMutate } from "../../../src/client/idempotency.js";
import type { KubeClient } from "../../../src/client/types.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { KUBERNETES_MINOR } from "../../../src/constants.js";

describe("real kube-apiserver", () => {
  let api: RealApiserver | undefined;
  let admin: KubeClient;
  let anonymous: KubeClient;

  beforeAll(async () => {
    // admin.conf names ca.crt, admin.crt and admin.key next to it: the client resolves them
    api = await startApiserver("kubeadm-ts-apiserver-");
    admin = api.admin;
    anonymous = new HttpKubeClient({ server: api.server, insecureSkipTLSVerify: true, timeoutMs: 10_000 });
  }, 120_000);

  afterAll(async () => {
    anonymous?.close();
    await api?.stop();
  }, 30_000);

  it("serves /version and /livez", async () => {
    expect((await admin.serverVersion()).gitVersion).toMatch(new RegExp(`^v1\\.${KUBERNETES_MINOR}\\.`));
    expect(await admin.getRaw("/livez")).toEqual({ statusCode: 200, body: "ok" });
  });

  it("create/get/update/patch/delete a ConfigMap; AlreadyExists, Conflict, NotFound decode", async () => {
    const cm = { metadata: { name: "kubeadm-ts-test", namespace: "kube-system" }, data: { a: "1" } };
    const created = await admin.create("configmaps", cm);
    expect(created.metadata?.uid).toBeTruthy();
    expect(isAlreadyExists(await admin.create("configmaps", cm).catch((e: unknown) => e))).toBe(true);
    const stale = { ...created, metadata: { ...created.metadata, resourceVersion: "1" }, data: { a: "stale" } };
    expect(isConflict(await admin.update("configmaps", stale).catch((e: unknown) => e))).toBe(true);
    await admin.update("configmaps", { ...cm, data: { a: "2" } });
    await admin.patch("configmaps", cm.metadata.name, "merge", { data: { b: "3" } }, "kube-system");
    await admin.patch("configmaps", cm.metadata.name, "strategic", { metadata: { labels: { x: "y" } } }, "kube-system");
    await admin.patch("configmaps", cm.metadata.name, "json", [{ op: "add", path: "/data/c", value: "4" }], "kube-system");
    const got = await admin.get("configmaps", cm.metadata.name, "kube-system");
    expect(got.data).toEqual({ a: "2", b: "3", c: "4" });
    expect(got.metadata?.labels).toEqual({ x: "y" });
    await createOrMutate(admin, "configmaps", cm, (o) => { o.data = { ...o.data, mutated: "yes" }; });
    expect((await admin.get("configmaps", cm.metadata.name, "kube-system")).data?.mutated).toBe("yes");
    await admin.delete("configmaps", cm.metadata.name, "kube-system");
    expect(isNotFound(await admin.get("configmaps", cm.metadata.name, "kube-system").catch((e: unknown) => e))).toBe(true);
  });

  it("createOrUpdate a ClusterRoleBinding twice, then delete it; anonymous is refused", async () => {
    const crb = {
      metadata: { name: "kubeadm-ts:test" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "Group", name: "kubeadm-ts:testers", apiGroup: "rbac.authorization.k8s.io" }],
    };
    await createOrUpdate(admin, "clusterrolebindings", crb);
    await createOrUpdate(admin, "clusterrolebindings", { ...crb, subjects: [{ kind: "User", name: "someone", apiGroup: "rbac.authorization.k8s.io" }] });
    const got = await admin.get("clusterrolebindings", crb.metadata.name);
    expect(got.subjects).toEqual([{ kind: "User", name: "someone", apiGroup: "rbac.authorization.k8s.io" }]);
    const list = await admin.list("clusterrolebindings");
    expect(list.items.some((i) => i.metadata?.name === crb.metadata.name)).toBe(true);
    expect(isForbidden(await anonymous.get("clusterrolebindings", crb.metadata.name).catch((e: unknown) => e))).toBe(true);
    await admin.delete("clusterrolebindings", crb.metadata.name);
    expect(isNotFound(await admin.get("clusterrolebindings", crb.metadata.name).catch((e: unknown) => e))).toBe(true);
  });
});
