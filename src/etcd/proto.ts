/**
 * The part of etcd's v3 API (package etcdserverpb, api/etcdserverpb/rpc.proto) kubeadm uses:
 * the Cluster service's member calls, Maintenance.Status and the Maintenance.Snapshot stream, as a protobuf.js JSON descriptor
 * so the bundle carries it without a .proto file. Field names and numbers are etcd's; messages
 * list only the fields sent or read here (unknown fields are skipped on decode).
 */
type Field = { type: string; id: number; rule?: "repeated" };
type Message = { fields: Record<string, Field> };

const f = (type: string, id: number): Field => ({ type, id });
const rep = (type: string, id: number): Field => ({ type, id, rule: "repeated" });
const rpc = (name: string) => ({ requestType: `${name}Request`, responseType: `${name}Response` });

const messages: Record<string, Message> = {
  ResponseHeader: { fields: { cluster_id: f("uint64", 1), member_id: f("uint64", 2), revision: f("int64", 3), raft_term: f("uint64", 4) } },
  Member: { fields: { ID: f("uint64", 1), name: f("string", 2), peerURLs: rep("string", 3), clientURLs: rep("string", 4), isLearner: f("bool", 5) } },
  MemberListRequest: { fields: { linearizable: f("bool", 1) } },
  MemberListResponse: { fields: { header: f("ResponseHeader", 1), members: rep("Member", 2) } },
  MemberAddRequest: { fields: { peerURLs: rep("string", 1), isLearner: f("bool", 2) } },
  MemberAddResponse: { fields: { header: f("ResponseHeader", 1), member: f("Member", 2), members: rep("Member", 3) } },
  MemberRemoveRequest: { fields: { ID: f("uint64", 1) } },
  MemberRemoveResponse: { fields: { header: f("ResponseHeader", 1), members: rep("Member", 2) } },
  MemberPromoteRequest: { fields: { ID: f("uint64", 1) } },
  MemberPromoteResponse: { fields: { header: f("ResponseHeader", 1), members: rep("Member", 2) } },
  StatusRequest: { fields: {} },
  SnapshotRequest: { fields: {} },
  SnapshotResponse: { fields: { header: f("ResponseHeader", 1), remaining_bytes: f("uint64", 2), blob: f("bytes", 3), version: f("string", 4) } },
  StatusResponse: {
    fields: {
      header: f("ResponseHeader", 1),
      version: f("string", 2),
      dbSize: f("int64", 3),
      leader: f("uint64", 4),
      raftIndex: f("uint64", 5),
      raftTerm: f("uint64", 6),
      errors: rep("string", 8),
    },
  },
};

/** protobuf.js INamespace JSON for `etcdserverpb`, interpreted by src/util/protobuf.ts. */
export const ETCD_DESCRIPTOR = {
  nested: {
    etcdserverpb: {
      nested: {
        Cluster: {
          methods: {
            MemberAdd: rpc("MemberAdd"),
            MemberRemove: rpc("MemberRemove"),
            MemberList: rpc("MemberList"),
            MemberPromote: rpc("MemberPromote"),
          },
        },
        Maintenance: { methods: { Status: rpc("Status"), Snapshot: { ...rpc("Snapshot"), responseStream: true } } },
        ...messages,
      },
    },
  },
} as const;

/**
 * The @grpc/proto-loader options whose decoded shape src/util/protobuf.ts gives (field names as
 * in the .proto, 64-bit integers as decimal strings: IDs stay exact), for tests that compare them.
 */
export const ETCD_LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;

/** A member as decoded (uint64 ID as a decimal string). */
export interface PbMember {
  ID: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface PbStatusResponse {
  version: string;
  dbSize: string;
  leader: string;
  raftIndex: string;
  raftTerm: string;
  /** The member's alarms and errors (empty when healthy). */
  errors?: string[];
}

/** One message of the Maintenance.Snapshot stream. */
export interface PbSnapshotResponse {
  remaining_bytes: string;
  blob: Buffer;
  version: string;
}
