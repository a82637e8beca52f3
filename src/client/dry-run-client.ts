import { CURRENT_KUBERNETES_VERSION, KUBERNETES_VERSION } from "../constants.js";
import { defaultDryRunMarshal, type DryRunMarshal } from "./dry-run-marshal.js";
import { redactForPrint } from "../util/redact.js";
import { ObjectTracker } from "./object-tracker.js";
import { RESOURCES, type ResourceDescriptor, type ResourceName, type ResourceTypes } from "./resources.js";
import type { DeleteOptions, KubeClient, KubeList, KubeObject, ListOptions, PatchType, RawResponse, VersionInfo } from "./types.js";

/**
 * The dry-run twin of the API client, after upstream's apiclient.DryRun (v1.36): every call is
 * printed, then offered to a chain of reactors:
 *
 *   log │ prepended reactors │ real GET / real LIST │ appended reactors │ object tracker
 *
 * The real GET/LIST step asks a backing client when there is one; when that fails (or there is
 * none) it prints "[dryrun] Real object does not exist. …" and the chain goes on. Writes never
 * reach a server: they land in an in-memory tracker, so later reads see them.
 */

export type DryRunVerb = "get" | "list" | "create" | "update" | "patch" | "delete";

export interface DryRunAction {
  verb: DryRunVerb;
  /** The resource's key in RESOURCES (e.g. "configmaps"). */
  resource: ResourceName;
  descriptor: ResourceDescriptor;
  /** "" for cluster-scoped resources and all-namespace lists. */
  namespace: string;
  /** Set for get, patch and delete (and, not printed, for create and update). */
  name: string;
  /** The object sent with create and update. */
  object?: KubeObject;
  patchType?: PatchType;
  patch?: unknown;
  listOptions?: ListOptions;
}

/** What a reactor that handles an action answers: an object, or an error to throw. */
export interface ReactorResult {
  object?: unknown;
  error?: unknown;
}

export interface Reactor {
  verb: DryRunVerb | "*";
  resource: ResourceName | "*";
  /** Returns undefined to let the next reactor try. */
  react(action: DryRunAction, client: DryRunClient): ReactorResult | undefined | Promise<ReactorResult | undefined>;
}

export interface DryRunWriter {
  write(text: string): unknown;
}

export interface DryRunClientOptions {
  /** Where the "[dryrun] …" lines go (stdout in the CLI). */
  writer: DryRunWriter;
  /** Real client answering GET/LIST first (upstream's dynamic client), when a kubeconfig is usable. */
  backing?: KubeClient;
  /** Object printer; defaults to a key-sorted YAML marshal. */
  marshal?: DryRunMarshal;
}

const NAMED_VERBS: ReadonlySet<DryRunVerb> = new Set(["get", "patch", "delete"]);

export class DryRunClient implements KubeClient {
  /** Every call, in order. */
  readonly actions: DryRunAction[] = [];
  readonly tracker = new ObjectTracker();
  private readonly writer: DryRunWriter;
  private readonly backing?: KubeClient;
  private readonly marshal: DryRunMarshal;
  private readonly prepended: Reactor[] = [];
  private readonly appended: Reactor[] = [];
  private readonly realReads: Reactor[];

  constructor(options: DryRunClientOptions) {
    this.writer = options.writer;
    this.backing = options.backing;
    this.marshal = options.marshal ?? defaultDryRunMarshal;
    this.realReads = [
      { verb: "get", resource: "*", react: (a) => this.realGet(a) },
      { verb: "list", resource: "*", react: (a) => this.realList(a) },
    ];
  }

  /** Inserts a reactor right after the log step: the last one prepended runs first (upstream's order). */
  prependReactor(r: Reactor): this {
    this.prepended.unshift(r);
    return this;
  }

  /** Inserts a reactor just before the tracker: reactors run in the order appended. */
  appendReactor(r: Reactor): this {
    this.appended.push(r);
    return this;
  }

  /** The writes (create, update, patch, delete) in order. */
  writes(): DryRunAction[] {
    return this.actions.filter((a) => a.verb !== "get" && a.verb !== "list");
  }

  /**
   * Prints "[dryrun] Attached object:" and the object (reactors call this for fabricated answers),
   * its secret values REDACTED (src/util/redact.ts): Secret data, private keys, credentials.
   */
  async logObject(object: unknown, descriptor: ResourceDescriptor): Promise<void> {
    let text: string;
    try {
      text = await this.marshal(redactForPrint(object as KubeObject, descriptor.kind), descriptor);
    } catch {
      return; // upstream prints nothing when marshalling fails
    }
    this.writer.write(`[dryrun] Attached object:\n${text}\n`);
  }

  private async logAction(a: DryRunAction): Promise<void> {
    const group = a.descriptor.group || "core";
    this.writer.write(
      `[dryrun] Would perform action ${a.verb.toUpperCase()} on resource ${JSON.stringify(a.descriptor.plural)} in API group "${group}/${a.descriptor.version}"\n`,
    );
    if (NAMED_VERBS.has(a.verb)) {
      this.writer.write(`[dryrun] Resource name ${JSON.stringify(a.name)}, namespace ${JSON.stringify(a.namespace)}\n`);
    }
    if (a.object !== undefined) await this.logObject(a.object, a.descriptor);
  }

  private async realGet(a: DryRunAction): Promise<ReactorResult | undefined> {
    try {
      if (!this.backing) throw new Error("no real client");
      const obj = await this.backing.get(a.resource, a.name, a.namespace || undefined);
      await this.logObject(obj, a.descriptor);
      return { object: obj };
    } catch {
      this.writer.write("[dryrun] Real object does not exist. Attempting to GET from followup reactors or from the fake client tracker\n");
      return undefined;
    }
  }

  private async realList(a: DryRunAction): Promise<ReactorResult | undefined> {
    try {
      if (!this.backing) throw new Error("no real client");
      const list = await this.backing.list(a.resource, { ...a.listOptions, namespace: a.namespace || undefined });
      // upstream's dynamic client hands back each item with its apiVersion and kind (the API
      // server leaves them out of list items), and prints it so
      const itemKind = (list.kind ?? "").replace(/List$/, "");
      list.items = list.items.map((item) => ({ apiVersion: list.apiVersion, kind: itemKind, ...(item as object) }) as typeof item);
      await this.logObject(list, a.descriptor);
      return { object: list };
    } catch {
      this.writer.write("[dryrun] Real object does not exist. Attempting to LIST from followup reactors or from the fake client tracker\n");
      return undefined;
    }
  }

  private fromTracker(a: DryRunAction): unknown {
    const t = this.tracker;
    switch (a.verb) {
      case "get": return t.get(a.resource, a.namespace, a.name);
      case "list": return t.list(a.resource, { ...a.listOptions, namespace: a.namespace || undefined });
      case "create": return t.create(a.resource, a.namespace, a.object!);
      case "update": return t.update(a.resource, a.namespace, a.object!);
      case "patch": return t.patch(a.resource, a.namespace, a.name, a.patchType!, a.patch);
      case "delete": t.delete(a.resource, a.namespace, a.name); return undefined;
    }
  }

  private async invoke(a: DryRunAction): Promise<unknown> {
    this.actions.push(a);
    await this.logAction(a);
    for (const r of [...this.prepended, ...this.realReads, ...this.appended]) {
      if ((r.verb !== "*" && r.verb !== a.verb) || (r.resource !== "*" && r.resource !== a.resource)) continue;
      const res = await r.react(a, this);
      if (res === undefined) continue;
      if (res.error !== undefined) throw res.error;
      return res.object;
    }
    return this.fromTracker(a);
  }

  private action(verb: DryRunVerb, resource: ResourceName, namespace: string | undefined, name: string, extra: Partial<DryRunAction> = {}): DryRunAction {
    const descriptor = RESOURCES[resource];
    return { verb, resource, descriptor, namespace: descriptor.namespaced ? (namespace ?? "") : "", name, ...extra };
  }

  async get<R extends ResourceName>(resource: R, name: string, namespace?: string): Promise<ResourceTypes[R]> {
    return (await this.invoke(this.action("get", resource, namespace, name))) as ResourceTypes[R];
  }

  async list<R extends ResourceName>(resource: R, options: ListOptions = {}): Promise<KubeList<ResourceTypes[R]>> {
    const { namespace, ...rest } = options;
    return (await this.invoke(this.action("list", resource, namespace, "", { listOptions: rest }))) as KubeList<ResourceTypes[R]>;
  }

  async create<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]> {
    const o = object as KubeObject;
    const a = this.action("create", resource, namespace ?? o.metadata?.namespace, o.metadata?.name ?? "", { object: o });
    return (await this.invoke(a)) as ResourceTypes[R];
  }

  async update<R extends ResourceName>(resource: R, object: ResourceTypes[R], namespace?: string): Promise<ResourceTypes[R]> {
    const o = object as KubeObject;
    const a = this.action("update", resource, namespace ?? o.metadata?.namespace, o.metadata?.name ?? "", { object: o });
    return (await this.invoke(a)) as ResourceTypes[R];
  }

  async patch<R extends ResourceName>(resource: R, name: string, type: PatchType, patch: unknown, namespace?: string): Promise<ResourceTypes[R]> {
    return (await this.invoke(this.action("patch", resource, namespace, name, { patchType: type, patch }))) as ResourceTypes[R];
  }

  async delete<R extends ResourceName>(resource: R, name: string, namespace?: string, _options?: DeleteOptions): Promise<void> {
    await this.invoke(this.action("delete", resource, namespace, name));
  }

  /**
   * Raw GETs are not part of upstream's fake clientset (its discovery REST client is nil): they
   * go to the backing client when there is one, else answer 200 "ok". Nothing is printed.
   */
  async getRaw(path: string): Promise<RawResponse> {
    if (this.backing) return this.backing.getRaw(path);
    return { statusCode: 200, body: "ok" };
  }

  /**
   * Upstream's fake discovery sends a plain "get version" action through the chain, which its
   * GET reactor cannot handle: the line is printed and the call fails. Kept as is.
   */
  async serverVersion(): Promise<VersionInfo> {
    this.writer.write(`[dryrun] Would perform action GET on resource "version" in API group "core/"\n`);
    throw new Error("cannot cast reactor action to GetAction");
  }

  /**
   * The server version upstream's upgrade dry-run client fakes for its discovery (getClient):
   * the backing cluster's /version, else this kubeadm's CurrentKubernetesVersion. Asking it
   * prints nothing.
   */
  async fakedServerVersion(): Promise<VersionInfo> {
    if (this.backing) {
      try {
        return await this.backing.serverVersion();
      } catch (err) {
        throw new Error(`failed to get server version: ${(err as Error).message}`);
      }
    }
    const [major, minor] = CURRENT_KUBERNETES_VERSION.replace(/^v/, "").split(".");
    return { major: major ?? "", minor: minor ?? "", gitVersion: CURRENT_KUBERNETES_VERSION };
  }

  close(): void {
    this.backing?.close();
  }
}

/** Version info of this build, for callers that need a stand-in server version in dry-run. */
export function localVersionInfo(): VersionInfo {
  const [major, minor] = KUBERNETES_VERSION.replace(/^v/, "").split(".");
  return { major: major ?? "", minor: minor ?? "", gitVersion: KUBERNETES_VERSION };
}
