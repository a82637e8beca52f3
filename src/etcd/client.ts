/**
 * kubeadm's etcd client (cmd/kubeadm/app/util/etcd): member list/add/promote/remove and cluster
 * health over etcd's v3 gRPC API. Every operation polls every retryIntervalMs (immediate first try)
 * up to apiCallTimeoutMs (timeouts.etcdAPICall, 2 m); each try is one RPC with a callTimeoutMs
 * deadline (plus dialTimeoutMs while the endpoint is not connected yet); on timeout the last RPC
 * error is returned. The client keeps its endpoint list, replaced by sync() and extended by addMember().
 */
import type { KubeClient } from "../client/types.js";
import { joinHostPort } from "../util/net.js";
import { KubeadmError } from "../util/errors.js";
import { etcdEndpointsFromPods, KUBERNETES_API_CALL_RETRY_INTERVAL_MS, KUBERNETES_API_CALL_TIMEOUT_MS } from "./discovery.js";
import type { PbMember, PbStatusResponse } from "./proto.js";
import { retryUntilTimeout } from "./retry.js";
import {
  EtcdConnection,
  EtcdRpcError,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_NOT_FOUND,
  GRPC_UNAVAILABLE,
  readTlsFiles,
  type EtcdTlsFiles,
  type TlsMaterial,
} from "./transport.js";

export type { EtcdTlsFiles } from "./transport.js";
export { EtcdRpcError } from "./transport.js";

/** A cluster member; `id` is the uint64 member ID as a decimal string (exact). */
export interface EtcdMember {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface EtcdClientOptions {
  /** Connection establishment allowance on top of a call's deadline (etcdTimeout: 2 s). */
  dialTimeoutMs?: number;
  /** Deadline of each RPC (etcdTimeout: 2 s). */
  callTimeoutMs?: number;
  /** Pause between tries (EtcdAPICallRetryInterval: 500 ms). */
  retryIntervalMs?: number;
  /** Overall bound of each operation's retries (timeouts.etcdAPICall: 2 m). */
  apiCallTimeoutMs?: number;
  /** fromCluster's Pod-annotation discovery bound (timeouts.kubernetesAPICall: 1 m). */
  kubernetesAPICallTimeoutMs?: number;
  /** Receives kubeadm's verbose (klog V-level) lines, e.g. "[etcd] Member ... already promoted.". */
  verbose?: (level: number, msg: string) => void;
}

export const ETCD_TIMEOUT_MS = 2_000;
export const ETCD_API_CALL_RETRY_INTERVAL_MS = 500;
export const ETCD_API_CALL_TIMEOUT_MS = 120_000;
/** The etcd client port kubeadm uses for members' client URLs. */
export const ETCD_LISTEN_CLIENT_PORT = 2379;

const CLUSTER_FETCH_ERROR = "etcdclient: no available endpoints";

/** The member ID as kubeadm prints it (strconv.FormatUint(id, 16)). */
export function memberIdHex(id: string): string {
  return BigInt(id).toString(16);
}

function toMember(m: PbMember): EtcdMember {
  return { id: String(m.ID), name: m.name ?? "", peerURLs: m.peerURLs ?? [], clientURLs: m.clientURLs ?? [], isLearner: !!m.isLearner };
}

/** A member ID given as a decimal string (or bigint-able text) → canonical decimal uint64 text. */
function canonicalId(id: string): string {
  let n: bigint;
  try {
    n = BigInt(id);
  } catch {
    throw new KubeadmError(`invalid etcd member ID "${id}": not an unsigned 64-bit integer`);
  }
  if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new KubeadmError(`invalid etcd member ID "${id}": not an unsigned 64-bit integer`);
  return n.toString();
}

/** Go's %v of a string slice: "[a b c]". */
const goList = (xs: readonly string[]): string => `[${xs.join(" ")}]`;

export class EtcdClient {
  private _endpoints: string[];
  private readonly conns = new Map<string, EtcdConnection>();
  private readonly dialTimeoutMs: number;
  private readonly callTimeoutMs: number;
  private readonly retryIntervalMs: number;
  private readonly apiCallTimeoutMs: number;
  private readonly verbose: (level: number, msg: string) => void;

  private constructor(endpoints: string[], private readonly tls: TlsMaterial | null, opts: EtcdClientOptions) {
    this._endpoints = [...endpoints];
    this.dialTimeoutMs = opts.dialTimeoutMs ?? ETCD_TIMEOUT_MS;
    this.callTimeoutMs = opts.callTimeoutMs ?? ETCD_TIMEOUT_MS;
    this.retryIntervalMs = opts.retryIntervalMs ?? ETCD_API_CALL_RETRY_INTERVAL_MS;
    this.apiCallTimeoutMs = opts.apiCallTimeoutMs ?? ETCD_API_CALL_TIMEOUT_MS;
    this.verbose = opts.verbose ?? (() => {});
  }

  /**
   * kubeadm's New: reads and checks the TLS files (all empty → plaintext) and keeps the endpoints.
   * Like upstream nothing is dialed yet; connections open on first use.
   */
  static async connect(endpoints: string[], tls: EtcdTlsFiles, opts: EtcdClientOptions = {}): Promise<EtcdClient> {
    if (endpoints.length === 0) throw new KubeadmError(CLUSTER_FETCH_ERROR);
    const material = readTlsFiles(tls);
    return new EtcdClient(endpoints, material, opts);
  }

  /**
   * kubeadm's NewFromCluster: endpoints from the etcd static Pods' annotation, TLS from
   * <certificatesDir>/etcd/{ca.crt,healthcheck-client.crt,healthcheck-client.key}, then endpoints
   * synced with the member list.
   */
  static async fromCluster(kube: KubeClient, certificatesDir: string, opts: EtcdClientOptions = {}): Promise<EtcdClient> {
    const endpoints = await etcdEndpointsFromPods(
      kube,
      KUBERNETES_API_CALL_RETRY_INTERVAL_MS,
      opts.kubernetesAPICallTimeoutMs ?? KUBERNETES_API_CALL_TIMEOUT_MS,
    );
    const dir = certificatesDir.replace(/\/+$/, "");
    let client: EtcdClient;
    try {
      client = await EtcdClient.connect(
        endpoints,
        { caFile: `${dir}/etcd/ca.crt`, certFile: `${dir}/etcd/healthcheck-client.crt`, keyFile: `${dir}/etcd/healthcheck-client.key` },
        opts,
      );
    } catch (err) {
      throw new KubeadmError(`error creating etcd client for ${goList(endpoints)} endpoints: ${(err as Error).message}`, 1, { cause: err });
    }
    try {
      await client.sync();
    } catch (err) {
      client.close();
      throw new KubeadmError(`error syncing endpoints with etcd: ${(err as Error).message}`, 1, { cause: err });
    }
    return client;
  }

  get endpoints(): string[] {
    return [...this._endpoints];
  }

  private connection(endpoint: string): Promise<EtcdConnection> {
    const existing = this.conns.get(endpoint);
    if (existing) return Promise.resolve(existing);
    return EtcdConnection.open(endpoint, this.tls).then((c) => {
      const raced = this.conns.get(endpoint);
      if (raced) {
        c.close();
        return raced;
      }
      this.conns.set(endpoint, c);
      return c;
    });
  }

  /** One RPC on `endpoint`, with the dial allowance while its channel is not connected. */
  private async callOn<T>(endpoint: string, service: "Cluster" | "Maintenance", method: string, req: unknown): Promise<T> {
    const conn = await this.connection(endpoint);
    const timeout = this.callTimeoutMs + (conn.ready ? 0 : this.dialTimeoutMs);
    return conn.call<T>(service, method, req, timeout);
  }

  /**
   * One RPC on the client's endpoints: the first that answers; endpoints that cannot be reached
   * (Unavailable, deadline) pass the call on to the next. Server answers are returned as they are.
   */
  private async call<T>(service: "Cluster" | "Maintenance", method: string, req: unknown): Promise<T> {
    const endpoints = this._endpoints;
    if (endpoints.length === 0) throw new KubeadmError(CLUSTER_FETCH_ERROR);
    let last: unknown;
    for (const ep of endpoints) {
      try {
        return await this.callOn<T>(ep, service, method, req);
      } catch (err) {
        last = err;
        if (!(err instanceof EtcdRpcError) || (err.code !== GRPC_UNAVAILABLE && err.code !== GRPC_DEADLINE_EXCEEDED)) throw err;
      }
    }
    throw last;
  }

  private retry<T>(attempt: () => Promise<T>, stop?: (err: unknown) => boolean): Promise<T> {
    return retryUntilTimeout(this.retryIntervalMs, this.apiCallTimeoutMs, attempt, stop);
  }

  private async memberListOnce(): Promise<EtcdMember[]> {
    const res = await this.call<{ members: PbMember[] }>("Cluster", "MemberList", { linearizable: true });
    return (res.members ?? []).map(toMember);
  }

  /** All members (MemberList), retried up to the etcd API call timeout. */
  listMembers(): Promise<EtcdMember[]> {
    return this.retry(() => this.memberListOnce());
  }

  /**
   * The client library's Sync: endpoints := client URLs of the started (named), non-learner members.
   * Retried up to the etcd API call timeout; the last error is returned.
   */
  async sync(): Promise<void> {
    const endpoints = await this.retry(async () => {
      const members = await this.memberListOnce();
      const eps = members.filter((m) => m.name !== "" && !m.isLearner).flatMap((m) => m.clientURLs);
      if (eps.length === 0) throw new KubeadmError(CLUSTER_FETCH_ERROR);
      return eps;
    });
    this.setEndpoints(endpoints);
    this.verbose(1, `etcd endpoints read from etcd: ${endpoints.join(",")}`);
  }

  private setEndpoints(endpoints: string[]): void {
    this._endpoints = [...endpoints];
    for (const [ep, conn] of this.conns) {
      if (!this._endpoints.includes(ep)) {
        conn.close();
        this.conns.delete(ep);
      }
    }
  }

  /**
   * MemberAdd (or MemberAddAsLearner) of `peerURL`; returns the members etcd answered with, the new
   * one named `name` and unstarted others named by their hex ID. Adds https://<peer host>:2379 to
   * the endpoints. A "Peer URLs already exists" answer reads the member list instead (re-join).
   */
  async addMember(name: string, peerURL: string, learner = false): Promise<EtcdMember[]> {
    let host: string;
    try {
      const u = new URL(peerURL);
      if (!u.hostname) throw new Error("missing host");
      host = u.hostname.replace(/^\[(.*)\]$/, "$1");
    } catch (err) {
      throw new KubeadmError(`error parsing peer address ${peerURL}: ${(err as Error).message}`);
    }
    let added = false;
    const raw = await this.retry(async () => {
      if (!added) {
        try {
          const res = await this.call<{ members: PbMember[] }>("Cluster", "MemberAdd", { peerURLs: [peerURL], isLearner: learner });
          added = true;
          return (res.members ?? []).map(toMember);
        } catch (err) {
          if (!(err instanceof EtcdRpcError && /Peer URLs already exists/i.test(err.details))) throw err;
          added = true;
        }
      }
      return this.memberListOnce();
    });
    const members = raw.map((m) => ({
      ...m,
      name: m.peerURLs[0] === peerURL ? name : m.name || memberIdHex(m.id),
    }));
    this._endpoints.push(`https://${joinHostPort(host, ETCD_LISTEN_CLIENT_PORT)}`);
    return members;
  }

  /**
   * MemberPromote of a learner, retried until it is in sync with the leader (or the etcd API call
   * timeout passes; the last error is returned). A member that is no learner any more is success.
   */
  async promoteMember(id: string): Promise<void> {
    const memberId = canonicalId(id);
    const hex = memberIdHex(memberId);
    const members = await this.listMembers();
    const member = members.find((m) => m.id === memberId);
    if (!member) throw new KubeadmError(`etcd member ${hex} not found`);
    if (!member.isLearner) {
      this.verbose(1, `[etcd] Member ${hex} already promoted.`);
      return;
    }
    await this.retry(() => this.call("Cluster", "MemberPromote", { ID: memberId }));
    this.verbose(1, `[etcd] The learner was promoted as a voting member: ${hex}`);
  }

  /** MemberRemove; etcd's "member not found" counts as done (already removed). */
  async removeMember(id: string): Promise<void> {
    const memberId = canonicalId(id);
    await this.retry(async () => {
      try {
        await this.call("Cluster", "MemberRemove", { ID: memberId });
      } catch (err) {
        if (err instanceof EtcdRpcError && err.code === GRPC_NOT_FOUND) return;
        throw err;
      }
    });
  }

  /** Status of one endpoint (Maintenance.Status), retried up to the etcd API call timeout. */
  statusOf(endpoint: string): Promise<PbStatusResponse> {
    return this.retry(() => this.callOn<PbStatusResponse>(endpoint, "Maintenance", "Status", {}));
  }

  /** The ID of the member whose first peer URL is `peerURL` (upstream GetMemberID). */
  async memberID(peerURL: string): Promise<string> {
    const members = await this.listMembers();
    const m = members.find((x) => x.peerURLs[0] === peerURL);
    if (!m) throw new KubeadmError("no member id found for peer URL");
    return m.id;
  }

  /**
   * Upstream WaitForClusterAvailable: up to `retries` rounds `intervalMs` apart; a round asks every
   * endpoint's status (each retried up to the etcd API call timeout) and succeeds when more than
   * half of them answer without errors.
   */
  async waitForClusterAvailable(retries: number, intervalMs: number, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<void> {
    for (let i = 0; i < retries; i++) {
      if (i > 0) {
        this.verbose(1, `[etcd] Waiting ${intervalMs / 1000}s until next retry`);
        await sleep(intervalMs);
      }
      const eps = this.endpoints;
      let healthy = 0;
      const errs: string[] = [];
      for (const ep of eps) {
        try {
          const st = await this.statusOf(ep);
          if (st.errors && st.errors.length > 0) errs.push(`member ${ep} is not healthy: ${st.errors.join(",")}`);
          else healthy++;
        } catch (err) {
          errs.push(`the status of member ${ep} is not available: ${(err as Error).message}`);
        }
      }
      if (errs.length > 0) this.verbose(1, `[etcd] cluster has quorum: ${healthy > eps.length / 2}; some members are not healthy: ${errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`}`);
      if (healthy > Math.floor(eps.length / 2)) return;
    }
    throw new KubeadmError("timeout waiting for etcd cluster to be available");
  }

  /** Status of every endpoint in turn; the first that cannot be reached fails the check with its last error. */
  async checkClusterHealth(): Promise<void> {
    for (const ep of this.endpoints) await this.statusOf(ep);
  }

  /** Closes every connection; safe to call more than once. */
  close(): void {
    for (const conn of this.conns.values()) conn.close();
    this.conns.clear();
  }
}
