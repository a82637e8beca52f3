// Runs the real client against a real etcd + kube-apiserver (the lab's pinned binaries) on
// loopback, with a throwaway PKI made by openssl (test/support/apiserver.ts): requests, the
// idempotent write helpers, and the errors the server really answers (NotFound, AlreadyExists,
// Conflict, Invalid, Forbidden through RBAC for a user without bindings, Unauthorized for an
// unknown token, a non-Status 404) — decoded as client-go decodes them, i.e. into the very Status
// the server sent, and printed by kubeadm commands exactly as the pinned upstream kubeadm prints
// them against the same server. (Only the request timeout is tested against a hand-written
// server, test/unit/client/http-client.test.ts: a real server cannot be made to stay silent.)
// Fails when the lab binaries are not built (`npm run lab:build`); needs `npm run build` and root
// (the kubeadm runs use the lab oracle's private mount namespace).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpKubeClient } from "../../../src/client/http-client.js";
import { ApiError, isAlreadyExists, isConflict, isForbidden, isInvalid, isNotFound, isUnauthorized } from "../../../src/client/api-error.js";
import { createOrUpdate, createOrMutate, rootCause } from "../../../src/client/idempotency.js";
import type { KubeClient } from "../../../src/client/types.js";
import { runKubeadm, TS_KUBEADM, type RunResult } from "../../lab/oracle/index.js";
import { startApiserver, type RealApiserver } from "../../support/apiserver.js";
import { maskKlog } from "../../support/klog.js";
import { requireUpstream } from "../../support/upstream.js";
import { KUBERNETES_MINOR, KUBERNETES_VERSION } from "../../../src/constants.js";

/** One kube-apiserver for the whole file (starting one takes most of its time). */
let api: RealApiserver | undefined;

beforeAll(async () => {
  // admin.conf names ca.crt, admin.crt and admin.key next to it: the client resolves them
  api = await startApiserver("kubeadm-ts-apiserver-");
}, 120_000);

afterAll(async () => {
  await api?.stop();
}, 30_000);

describe("real kube-apiserver", () => {
  let admin: KubeClient;
  let anonymous: KubeClient;

  beforeAll(() => {
    admin = api!.admin;
    anonymous = new HttpKubeClient({ server: api!.server, insecureSkipTLSVerify: true, timeoutMs: 10_000 });
  });

  afterAll(() => anonymous?.close());

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

describe("errors the real kube-apiserver answers", () => {
  /** Clients and kubeconfigs by identity: admin (system:masters), limited (a user no RBAC rule names), bad (an unknown bearer token), nopath (the server URL under /nope: the server answers 404 with text, not a Status). */
  const clients: Record<string, HttpKubeClient> = {};
  const kubeconfigs: Record<string, string> = {};

  beforeAll(async () => {
    requireUpstream("kubeadm");
    if (!existsSync(new URL("../../../dist/main.js", import.meta.url))) throw new Error(`${TS_KUBEADM} is not built: run \`npm run build\``);
    const d = api!.dir;
    const server = api!.server;
    const ossl = (...a: string[]) => execFileSync("openssl", a, { cwd: d, stdio: "pipe" });
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "limited.key", "-out", "limited.csr", "-subj", "/CN=limited-user");
    writeFileSync(join(d, "limited.ext"), "extendedKeyUsage=clientAuth\n");
    ossl("x509", "-req", "-in", "limited.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "limited.crt", "-days", "2", "-extfile", "limited.ext");
    // certificates embedded: upstream reads relative file names from its working directory, not the kubeconfig's
    const b64 = (f: string) => readFileSync(join(d, f)).toString("base64");
    const kubeconfig = (server: string, user: string[]) =>
      [
        "apiVersion: v1", "kind: Config",
        "clusters:", "- name: k", "  cluster:", `    server: ${server}`, `    certificate-authority-data: ${b64("ca.crt")}`,
        "users:", "- name: u", "  user:", ...user.map((l) => `    ${l}`),
        "contexts:", "- name: c", "  context: {cluster: k, user: u}", "current-context: c", "",
      ].join("\n");
    const certUser = (name: string) => [`client-certificate-data: ${b64(`${name}.crt`)}`, `client-key-data: ${b64(`${name}.key`)}`];
    const variants: Record<string, string> = {
      admin: kubeconfig(server, certUser("admin")),
      limited: kubeconfig(server, certUser("limited")),
      bad: kubeconfig(server, ["token: abcdef.0123456789abcdef"]),
      nopath: kubeconfig(`${server}/nope`, certUser("admin")),
    };
    const ca = readFileSync(join(d, "ca.crt"));
    for (const [who, text] of Object.entries(variants)) {
      kubeconfigs[who] = join(d, `${who}.conf`);
      writeFileSync(kubeconfigs[who]!, text);
      const creds =
        who === "bad" ? { bearerToken: "abcdef.0123456789abcdef" } : { certData: readFileSync(join(d, `${who === "limited" ? "limited" : "admin"}.crt`)), keyData: readFileSync(join(d, `${who === "limited" ? "limited" : "admin"}.key`)) };
      clients[who] = new HttpKubeClient({ server: who === "nopath" ? `${server}/nope` : server, caData: ca, timeoutMs: 10_000, ...creds });
    }
  });

  afterAll(() => {
    for (const c of Object.values(clients)) c.close();
  });

  describe("decoded into the Status the server sent (client-go's StatusError)", () => {
    const predicates = { AlreadyExists: isAlreadyExists, Conflict: isConflict, NotFound: isNotFound, Forbidden: isForbidden, Unauthorized: isUnauthorized, Invalid: isInvalid };
    /**
     * Makes the failing request with our client, and the same raw request (which the server
     * answers the same way: nothing changes in between); expects our error to be that Status, and
     * only the predicate of its reason to hold.
     */
    async function decodes(who: string, ours: (c: HttpKubeClient) => Promise<unknown>, method: string, path: string, body?: unknown): Promise<ApiError> {
      const err = await ours(clients[who]!).then(
        () => expect.unreachable("the request succeeded"),
        (e: unknown) => e,
      );
      const raw = await clients[who]!.request(method, path, body === undefined ? undefined : JSON.stringify(body));
      const status = JSON.parse(raw.body);
      expect(status.kind).toBe("Status");
      expect(err).toBeInstanceOf(ApiError);
      const e = err as ApiError;
      expect({ code: e.code, reason: e.reason, message: e.message, status: e.status }).toEqual({ code: raw.statusCode, reason: status.reason, message: status.message, status });
      expect(Object.entries(predicates).filter(([, is]) => is(e)).map(([r]) => r)).toEqual([status.reason]);
      return e;
    }
    const CM = "/api/v1/namespaces/kube-system/configmaps";

    it("NotFound", async () => {
      await decodes("admin", (c) => c.get("configmaps", "kubeadm-ts-none", "kube-system"), "GET", `${CM}/kubeadm-ts-none`);
    });

    it("AlreadyExists and Conflict (both 409)", async () => {
      const cm = { apiVersion: "v1" as const, kind: "ConfigMap" as const, metadata: { name: "kubeadm-ts-errors", namespace: "kube-system" }, data: { a: "1" } };
      const created = await clients.admin!.create("configmaps", cm);
      try {
        await decodes("admin", (c) => c.create("configmaps", cm), "POST", CM, cm);
        const stale = { ...cm, metadata: { ...cm.metadata, resourceVersion: "1" } };
        await decodes("admin", (c) => c.update("configmaps", stale), "PUT", `${CM}/kubeadm-ts-errors`, stale);
        expect(created.metadata?.resourceVersion).not.toBe("1");
      } finally {
        await clients.admin!.delete("configmaps", "kubeadm-ts-errors", "kube-system");
      }
    });

    it("Invalid (with its causes in details)", async () => {
      const bad = { apiVersion: "v1" as const, kind: "ConfigMap" as const, metadata: { name: "Not_A_Name", namespace: "kube-system" }, data: { "bad key!": "x" } };
      const e = await decodes("admin", (c) => c.create("configmaps", bad), "POST", CM, bad);
      expect(e.status.details?.causes?.length).toBeGreaterThan(0);
    });

    it("Forbidden: a user RBAC grants nothing", async () => {
      await decodes("limited", (c) => c.list("secrets", { namespace: "kube-system" }), "GET", "/api/v1/namespaces/kube-system/secrets");
      await decodes("limited", (c) => c.delete("secrets", "bootstrap-token-abcdef", "kube-system"), "DELETE", "/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef");
    });

    it("Unauthorized: an unknown bearer token", async () => {
      await decodes("bad", (c) => c.get("configmaps", "x", "kube-system"), "GET", `${CM}/x`);
    });

    it("a 404 whose body is no Status: client-go's generic text, reason NotFound", async () => {
      const err = await clients.nopath!.get("configmaps", "x", "kube-system").catch((e: unknown) => e);
      const raw = await clients.nopath!.request("GET", `${CM}/x`);
      expect(raw.statusCode).toBe(404);
      expect(() => JSON.parse(raw.body)).toThrow();
      expect(isNotFound(err)).toBe(true);
      // apimachinery's generic text with client-go's "(verb resource name)"; upstream prints the list
      // form of the same answer in "the server URL under a path nobody serves" below
      expect((err as ApiError).message).toBe("the server could not find the requested resource (get configmaps x)");
    });

    it("createOrUpdate retries through real errors until the server accepts, and keeps the last one on timeout", async () => {
      const ns = "kubeadm-ts-later";
      const cm = { apiVersion: "v1" as const, kind: "ConfigMap" as const, metadata: { name: "x", namespace: ns }, data: {} };
      // a ConfigMap in a namespace that does not exist yet (NotFound), created after the first attempt
      const seen: unknown[] = [];
      const c = clients.admin!;
      const flaky = new Proxy(c, {
        get: (t, k) =>
          k === "create"
            ? async (resource: string, obj: never) => {
                if (resource === "configmaps" && seen.length === 1) await t.create("namespaces", { metadata: { name: ns } } as never);
                return t.create(resource as never, obj).catch((e: unknown) => {
                  seen.push(e);
                  throw e;
                });
              }
            : Reflect.get(t, k),
      });
      await createOrUpdate(flaky as KubeClient, "configmaps", cm, { intervalMs: 50, timeoutMs: 20_000 });
      expect(seen).toHaveLength(1);
      expect(isNotFound(seen[0])).toBe(true);
      expect((await c.get("configmaps", "x", ns)).metadata?.name).toBe("x");
      // a namespace that never comes: the last real error, wrapped
      const err = await createOrUpdate(c, "configmaps", { ...cm, metadata: { name: "x", namespace: "kubeadm-ts-never" } }, { intervalMs: 50, timeoutMs: 300 }).catch((e: unknown) => e);
      expect(isNotFound(rootCause(err))).toBe(true);
      expect((err as Error).message).toBe(`unable to create *v1.ConfigMap: ${(rootCause(err) as ApiError).status.message}`);
      await c.delete("namespaces", ns);
    });
  });

  describe("kubeadm commands print them as upstream kubeadm does", () => {
    /** A ClusterConfiguration pinned to our version (no lookup on the internet) and a short API call timeout (the helpers retry until it). */
    const shortTimeout = (extra: string[] = [], cluster: string[] = []) =>
      [
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: InitConfiguration",
        "localAPIEndpoint:",
        "  advertiseAddress: 10.0.0.5",
        "timeouts:",
        "  kubernetesAPICall: 2s",
        ...extra,
        "---",
        "apiVersion: kubeadm.k8s.io/v1beta4",
        "kind: ClusterConfiguration",
        `kubernetesVersion: ${KUBERNETES_VERSION}`,
        ...cluster,
        "",
      ].join("\n");

    /**
     * What must differ between the two runs, masked: the klog headers' date, time and pid; a
     * random token kubeadm generates (and the Secret name made of its id).
     */
    const seen = (r: RunResult) => {
      // (abcdef.0123456789abcdef is the tests' own, the same in both runs)
      const mask = (t: string) => t.replace(/\b(?!abcdef\.)[a-z0-9]{6}\.[a-z0-9]{16}\b/g, "<token>").replace(/bootstrap-token-(?!abcdef\b)[a-z0-9]{6}\b/g, "bootstrap-token-<id>");
      return { code: r.code, stdout: mask(r.stdout), stderr: mask(maskKlog(r.stderr)) };
    };

    interface Case {
      title: string;
      args: (k: Record<string, string>) => string[];
      config?: string;
      /** Brings the server to the state the run starts from (before each of the two runs). */
      setup?: () => Promise<void>;
      /** What upstream must print (so that both failing the same wrong way cannot pass). */
      shows: string;
    }
    const tokenSecret = async (present: boolean) => {
      await clients.admin!.delete("secrets", "bootstrap-token-abcdef", "kube-system").catch(() => undefined);
      if (present) {
        await clients.admin!.create("secrets", {
          metadata: { name: "bootstrap-token-abcdef", namespace: "kube-system" },
          type: "bootstrap.kubernetes.io/token",
          stringData: { "token-id": "abcdef", "token-secret": "0123456789abcdef", "usage-bootstrap-authentication": "true" },
        } as never);
      }
    };
    const cases: Case[] = [
      { title: "NotFound: token delete of a token that is not there", args: (k) => ["token", "delete", "abcdef", "--kubeconfig", k.admin!], setup: () => tokenSecret(false), shows: 'secrets "bootstrap-token-abcdef" not found' },
      { title: "Forbidden: token list as a user without RBAC", args: (k) => ["token", "list", "--kubeconfig", k.limited!], shows: 'User "limited-user" cannot list resource "secrets"' },
      { title: "Forbidden: token delete as a user without RBAC", args: (k) => ["token", "delete", "abcdef", "--kubeconfig", k.limited!], setup: () => tokenSecret(true), shows: 'User "limited-user" cannot delete resource "secrets"' },
      {
        title: "Forbidden: token create as a user without RBAC, after retrying for timeouts.kubernetesAPICall",
        args: (k) => ["token", "create", "--kubeconfig", k.limited!, "--config", "{config}"],
        config: shortTimeout(),
        shows: 'User "limited-user" cannot create resource "secrets"',
      },
      { title: "Unauthorized: token list with an unknown token", args: (k) => ["token", "list", "--kubeconfig", k.bad!], shows: "failed to list bootstrap tokens: Unauthorized" },
      { title: "the server URL under a path nobody serves: a 404 without a Status", args: (k) => ["token", "list", "--kubeconfig", k.nopath!], shows: "the server could not find the requested resource" },
      {
        title: "an existing token id: kubeadm's own check",
        args: (k) => ["token", "create", "abcdef.0123456789abcdef", "--kubeconfig", k.admin!],
        setup: () => tokenSecret(true),
        shows: 'a token with id "abcdef" already exists',
      },
      {
        title: "Invalid: upload-config of a ClusterConfiguration over the ConfigMap size limit",
        args: (k) => ["init", "phase", "upload-config", "kubeadm", "--kubeconfig", k.admin!, "--config", "{config}"],
        config: shortTimeout([], ["apiServer:", "  extraArgs:", "  - name: x", `    value: "${"a".repeat(1_100_000)}"`]),
        shows: 'ConfigMap "kubeadm-config" is invalid',
      },
      {
        title: "token create --config: the configuration's warnings on stderr",
        args: (k) => ["token", "create", "--kubeconfig", k.admin!, "--config", "{config}"],
        config: shortTimeout(["unknownField: 1"]),
        shows: 'unknown field "unknownField"',
      },
    ];
    for (const c of cases) {
      it(c.title, { timeout: 60_000 }, async () => {
        const run = async (bin: "upstream" | "ts") => {
          await c.setup?.();
          return seen(await runKubeadm({ bin, args: c.args(kubeconfigs), ...(c.config ? { config: c.config } : {}), timeoutMs: 50_000 }));
        };
        const up = await run("upstream");
        const ts = await run("ts");
        expect(up.stdout + up.stderr).toContain(c.shows);
        expect(ts).toEqual(up);
      });
    }
  });
});
