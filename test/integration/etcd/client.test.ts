// EtcdClient against real etcd members with client and peer TLS: list, learner add + join,
// promote, sync, remove (also of an unknown ID), health, and failures with clear errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EtcdClient, EtcdRpcError, type EtcdClientOptions, type EtcdTlsFiles } from "../../../src/etcd/client.js";
import { freePort } from "../../support/apiserver.js";
import { cleanupPki, makeEtcdPki, memberURLs, startEtcdMember, type EtcdMemberProcess, type EtcdPki } from "./etcd-fixture.js";

const OPTS: EtcdClientOptions = { dialTimeoutMs: 1_000, callTimeoutMs: 2_000, retryIntervalMs: 200, apiCallTimeoutMs: 20_000 };

describe("EtcdClient against a real etcd", () => {
  let pki: EtcdPki;
  let tls: EtcdTlsFiles;
  const members: EtcdMemberProcess[] = [];
  let client: EtcdClient | undefined;
  let m1: EtcdMemberProcess;
  let m2: EtcdMemberProcess | undefined;
  let m2URLs: { clientURL: string; peerURL: string };
  let m2Id = "";

  beforeAll(async () => {
    pki = makeEtcdPki("kubeadm-ts-etcd-");
    tls = { caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey };
    const urls = await memberURLs();
    m1 = startEtcdMember(pki, "m1", urls, `m1=${urls.peerURL}`);
    members.push(m1);
    m2URLs = await memberURLs();
  });

  afterAll(async () => {
    client?.close();
    for (const m of members) await m.stop();
    cleanupPki(pki);
  });

  it("connects and lists the single member with an exact uint64 ID", async () => {
    client = await EtcdClient.connect([m1.clientURL], tls, OPTS);
    expect(client.endpoints).toEqual([m1.clientURL]);
    const list = await client.listMembers().catch((e: Error) => {
      throw new Error(`${e.message}\netcd log:\n${m1.log()}`);
    });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: "m1", peerURLs: [m1.peerURL], clientURLs: [m1.clientURL], isLearner: false });
    expect(list[0]!.id).toMatch(/^[1-9][0-9]*$/);
    expect(BigInt(list[0]!.id) > 0n).toBe(true);
    await client.checkClusterHealth();
  });

  it("adds a learner, which joins as a started member once its etcd runs", async () => {
    const c = client!;
    const result = await c.addMember("m2", m2URLs.peerURL, true);
    expect(result).toHaveLength(2);
    const added = result.find((m) => m.peerURLs[0] === m2URLs.peerURL)!;
    expect(added).toMatchObject({ name: "m2", isLearner: true, clientURLs: [] });
    expect(result.find((m) => m.peerURLs[0] === m1.peerURL)?.name).toBe("m1");
    m2Id = added.id;
    // kubeadm adds https://<peer host>:2379 as an endpoint for the new member.
    expect(c.endpoints).toEqual([m1.clientURL, "https://127.0.0.1:2379"]);

    // Before the learner starts, sync leaves it out (unstarted: empty name; and a learner).
    const before = await c.listMembers();
    expect(before.find((m) => m.id === m2Id)).toMatchObject({ name: "", isLearner: true });

    m2 = startEtcdMember(pki, "m2", m2URLs, `m1=${m1.peerURL},m2=${m2URLs.peerURL}`, true);
    members.push(m2);
  });

  it("promotes the learner once it caught up (retrying until etcd accepts)", async () => {
    const c = client!;
    await c.promoteMember(m2Id).catch((e: Error) => {
      throw new Error(`${e.message}\nm2 log:\n${m2!.log()}`);
    });
    const list = await c.listMembers();
    const promoted = list.find((m) => m.id === m2Id)!;
    expect(promoted).toMatchObject({ name: "m2", isLearner: false, clientURLs: [m2URLs.clientURL] });
    // Promoting a voting member again is success (already promoted).
    const lines: string[] = [];
    const c2 = await EtcdClient.connect([m1.clientURL], tls, { ...OPTS, verbose: (_v, msg) => lines.push(msg) });
    try {
      await c2.promoteMember(m2Id);
    } finally {
      c2.close();
    }
    expect(lines).toEqual([`[etcd] Member ${BigInt(m2Id).toString(16)} already promoted.`]);
  });

  it("sync() replaces the endpoints with both members' client URLs, and both are healthy", async () => {
    const c = client!;
    await c.sync();
    expect([...c.endpoints].sort()).toEqual([m1.clientURL, m2URLs.clientURL].sort());
    await c.checkClusterHealth();
  });

  it("removes the second member; removing an unknown ID succeeds (not found = already removed)", async () => {
    const c = client!;
    await c.removeMember(m2Id);
    const list = await c.listMembers();
    expect(list.map((m) => m.name)).toEqual(["m1"]);
    // etcd itself answers NotFound for an ID that is not a member; the client counts it as done.
    await expect(c.removeMember(m2Id)).resolves.toBeUndefined();
    await expect(c.removeMember("18446744073709551615")).resolves.toBeUndefined();
    await m2!.stop();
    await c.sync();
    expect(c.endpoints).toEqual([m1.clientURL]);
  });

  it("fails promoting an ID that is not a member, naming it", async () => {
    await expect(client!.promoteMember("12345")).rejects.toThrow("etcd member 3039 not found");
  });

  it("fails with a TLS verification error when the CA is wrong, within the timeouts", async () => {
    const bad = await EtcdClient.connect([m1.clientURL], { ...tls, caFile: pki.otherCa }, { ...OPTS, apiCallTimeoutMs: 1_500 });
    const t0 = Date.now();
    try {
      const err = await bad.listMembers().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(EtcdRpcError);
      expect((err as Error).message).toMatch(/^rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed with 127\.0\.0\.1:\d+: unable to verify the first certificate"$/);
      expect(Date.now() - t0).toBeLessThan(1_500 + 3_000 + 1_000);
    } finally {
      bad.close();
    }
  });

  it("fails with a dial error when the endpoint is unreachable, within the timeouts", async () => {
    const port = await freePort();
    const bad = await EtcdClient.connect([`https://127.0.0.1:${port}`], tls, { ...OPTS, apiCallTimeoutMs: 1_500 });
    const t0 = Date.now();
    try {
      await expect(bad.checkClusterHealth()).rejects.toThrow(
        `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:${port}: connect: connection refused"`,
      );
      expect(Date.now() - t0).toBeLessThan(1_500 + 3_000 + 1_000);
    } finally {
      bad.close();
    }
  });

  it("rejects missing TLS files and bad member IDs at once", async () => {
    await expect(EtcdClient.connect([m1.clientURL], { ...tls, keyFile: `${pki.dir}/nope.key` })).rejects.toThrow(
      `open ${pki.dir}/nope.key: no such file or directory`,
    );
    await expect(client!.removeMember("-1")).rejects.toThrow('invalid etcd member ID "-1"');
    await expect(client!.addMember("x", "::not a url")).rejects.toThrow("error parsing peer address ::not a url");
  });
});
