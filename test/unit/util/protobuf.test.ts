// src/util/protobuf.ts against protobuf.js (through @grpc/proto-loader, which kubeadm-ts used
// before): on the CRI and etcd descriptors, each side decodes what the other encodes to the same
// objects. (That it runs where Node refuses code generated from strings is tested on the built
// CLI: test/integration/cli/crash-paths.test.ts.)
import * as loader from "@grpc/proto-loader";
import { describe, expect, it } from "vitest";
import { CRI_LOADER_OPTIONS, CRI_V1_DESCRIPTOR } from "../../../src/host/cri/proto.js";
import { ETCD_DESCRIPTOR, ETCD_LOADER_OPTIONS } from "../../../src/etcd/proto.js";
import { ProtoPackage, ProtobufError } from "../../../src/util/protobuf.js";

type Method = { requestSerialize(v: unknown): Buffer; requestDeserialize(b: Buffer): unknown; responseSerialize(v: unknown): Buffer; responseDeserialize(b: Buffer): unknown };

const cri = new ProtoPackage(CRI_V1_DESCRIPTOR, "runtime.v1");
const etcd = new ProtoPackage(ETCD_DESCRIPTOR, "etcdserverpb");
const criRef = loader.fromJSON(CRI_V1_DESCRIPTOR as never, CRI_LOADER_OPTIONS as never);
const etcdRef = loader.fromJSON(ETCD_DESCRIPTOR as never, ETCD_LOADER_OPTIONS as never);

/** protobuf.js's serializer and deserializer of a method's response (or request) type. */
function reference(def: loader.PackageDefinition, service: string, method: string): Method {
  return (def[service] as unknown as Record<string, Method>)[method]!;
}

/** Both directions for one message: ours → theirs and theirs → ours decode to the same object. */
function agree(ours: ProtoPackage, def: loader.PackageDefinition, service: string, method: string, side: "request" | "response", value: unknown): unknown {
  const ref = reference(def, service, method);
  const codec = ours.service(service.split(".").pop()!)[method]!;
  const refSer = side === "request" ? ref.requestSerialize : ref.responseSerialize;
  const refDe = side === "request" ? ref.requestDeserialize : ref.responseDeserialize;
  const ser = side === "request" ? codec.requestSerialize : codec.responseSerialize;
  const de = side === "request" ? codec.requestDeserialize : codec.responseDeserialize;
  const theirs = refDe(refSer(value));
  expect(de(ser(value))).toStrictEqual(theirs);
  expect(refDe(ser(value))).toStrictEqual(theirs);
  expect(de(refSer(value))).toStrictEqual(theirs);
  // same keys in the same order as proto-loader's objects
  expect(Object.keys(de(refSer(value)) as object)).toEqual(Object.keys(theirs as object));
  return theirs;
}

describe("protobuf codec: the same messages as protobuf.js on the CRI descriptor", () => {
  it("nested messages, repeated messages and strings, maps, enums by name, int64 and uint64 as strings", () => {
    const decoded = agree(cri, criRef, "runtime.v1.RuntimeService", "ListPodSandbox", "response", {
      items: [
        {
          id: "pod1",
          metadata: { name: "etcd-node1", uid: "u-1", namespace: "kube-system", attempt: 3 },
          state: "SANDBOX_NOTREADY",
          created_at: "-1700000000000000000",
          labels: { "io.kubernetes.pod.name": "etcd", empty: "" },
          annotations: {},
          runtime_handler: "runc",
        },
        { id: "pod2", state: "SANDBOX_READY", created_at: "9223372036854775807" },
      ],
    }) as { items: Array<Record<string, unknown>> };
    expect(decoded.items[0]!.created_at).toBe("-1700000000000000000");
    expect(decoded.items[1]!).toStrictEqual({ labels: {}, annotations: {}, id: "pod2", metadata: null, state: "SANDBOX_READY", created_at: "9223372036854775807", runtime_handler: "" });
  });

  it("images: repeated strings, uint64 at its maximum, a wrapper message, bools", () => {
    agree(cri, criRef, "runtime.v1.ImageService", "ListImages", "response", {
      images: [
        { id: "sha256:1", repo_tags: ["a:1", "b:2"], repo_digests: [], size: "18446744073709551615", uid: { value: "-5" }, username: "ü", pinned: true },
        { id: "sha256:2", spec: { image: "x", annotations: { k: "v" }, user_specified_image: "y" } },
      ],
    });
    agree(cri, criRef, "runtime.v1.ImageService", "PullImage", "request", { image: { image: "registry.k8s.io/pause:3.10" }, auth: { username: "u", password: "p" } });
    agree(cri, criRef, "runtime.v1.ImageService", "ImageFsInfo", "response", {});
  });

  it("filters and the CgroupDriver enum, the Status map and conditions", () => {
    agree(cri, criRef, "runtime.v1.RuntimeService", "ListContainers", "request", { filter: { state: { state: "CONTAINER_EXITED" }, label_selector: { a: "b" } } });
    agree(cri, criRef, "runtime.v1.RuntimeService", "RuntimeConfig", "response", { linux: { cgroup_driver: "CGROUPFS" } });
    agree(cri, criRef, "runtime.v1.RuntimeService", "Status", "response", {
      status: { conditions: [{ type: "RuntimeReady", status: true }, { type: "NetworkReady", status: false, reason: "NoCNI", message: "not ready" }] },
      info: { config: '{"sandboxImage":"registry.k8s.io/pause:3.10"}' },
    });
    // zero values: the enum's first name, false, "", "0"
    expect(agree(cri, criRef, "runtime.v1.RuntimeService", "RuntimeConfig", "response", { linux: {} })).toStrictEqual({ linux: { cgroup_driver: "SYSTEMD" } });
  });

  it("an enum number it does not know stays a number, as protobuf.js leaves it", () => {
    const codec = cri.message("LinuxRuntimeConfiguration");
    const bytes = Buffer.from([0x08, 0x07]); // cgroup_driver = 7
    expect(codec.decode(bytes)).toStrictEqual({ cgroup_driver: 7 });
    expect(reference(criRef, "runtime.v1.RuntimeService", "RuntimeConfig").responseDeserialize(Buffer.from([0x0a, 0x02, 0x08, 0x07]))).toStrictEqual({ linux: { cgroup_driver: 7 } });
  });
});

describe("protobuf codec: the same messages as protobuf.js on the etcd descriptor", () => {
  it("members with exact uint64 IDs, the header, learners", () => {
    const list = agree(etcd, etcdRef, "etcdserverpb.Cluster", "MemberList", "response", {
      header: { cluster_id: "14841639068965178418", member_id: "10276657743932975437", revision: "12", raft_term: "2" },
      members: [
        { ID: "10276657743932975437", name: "node1", peerURLs: ["https://10.0.0.1:2380"], clientURLs: ["https://10.0.0.1:2379"] },
        { ID: "1", name: "", peerURLs: ["https://10.0.0.2:2380"], clientURLs: [], isLearner: true },
      ],
    }) as { members: Array<{ ID: string }> };
    expect(list.members.map((m) => m.ID)).toEqual(["10276657743932975437", "1"]);
    agree(etcd, etcdRef, "etcdserverpb.Cluster", "MemberRemove", "request", { ID: "18446744073709551615" });
    agree(etcd, etcdRef, "etcdserverpb.Cluster", "MemberAdd", "request", { peerURLs: ["https://10.0.0.3:2380"], isLearner: true });
    agree(etcd, etcdRef, "etcdserverpb.Maintenance", "Status", "response", { version: "3.6.8", dbSize: "20480", leader: "42", raftIndex: "7", raftTerm: "3" });
  });

  it("64-bit integers given as numbers and bigints encode as the strings do", () => {
    const codec = etcd.message("MemberRemoveRequest");
    expect(codec.encode({ ID: 42 })).toEqual(codec.encode({ ID: "42" }));
    expect(codec.encode({ ID: 18446744073709551615n })).toEqual(codec.encode({ ID: "18446744073709551615" }));
  });
});

describe("protobuf codec: wire details", () => {
  const member = etcd.message("Member");
  it("skips unknown fields of every wire type, reads packed and unpacked repeated numbers", () => {
    // field 9 varint, 10 fixed64, 11 bytes, 12 fixed32, 13 a group; then name = "n"
    const unknown = Buffer.from([0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5a, 0x02, 0x61, 0x62, 0x65, 1, 2, 3, 4, 0x6b, 0x08, 0x01, 0x6c, 0x12, 0x01, 0x6e]);
    expect(member.decode(unknown)).toStrictEqual({ peerURLs: [], clientURLs: [], ID: "0", name: "n", isLearner: false });
    const pkg = new ProtoPackage({ nested: { t: { nested: { M: { fields: { n: { type: "int32", id: 1, rule: "repeated" }, s: { type: "sint64", id: 2 } } } } } } }, "t");
    const m = pkg.message("M");
    const packed = m.encode({ n: [1, -1, 300], s: "-3" });
    expect(packed).toEqual(Buffer.from([0x0a, 0x0d, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xac, 0x02, 0x10, 0x05]));
    expect(m.decode(packed)).toStrictEqual({ n: [1, -1, 300], s: "-3" });
    expect(m.decode(Buffer.from([0x08, 0x01, 0x08, 0x02]))).toStrictEqual({ n: [1, 2], s: "0" });
  });

  it("leaves zero values out, as proto3 encoders do", () => {
    expect(member.encode({ ID: "0", name: "", peerURLs: [], isLearner: false })).toEqual(Buffer.alloc(0));
    expect(member.encode({ ID: "1" })).toEqual(Buffer.from([0x08, 0x01]));
  });

  it("refuses broken input with a ProtobufError: truncated, overlong varints, wrong wire types, bad values", () => {
    expect(() => member.decode(Buffer.from([0x12, 0x05, 0x61]))).toThrow(ProtobufError);
    expect(() => member.decode(Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(/varint longer than 10 bytes/);
    expect(() => member.decode(Buffer.from([0x0a, 0x00]))).toThrow(/wire type 2, expected 0/);
    expect(() => member.decode(Buffer.from([0x00]))).toThrow(/field number 0/);
    expect(() => member.decode(Buffer.from([0x4f]))).toThrow(/invalid wire type 7/);
    expect(() => member.encode({ ID: "12x" })).toThrow(/Member.ID: "12x" is not an integer/);
    expect(() => member.encode({ peerURLs: "a" })).toThrow(/expected an array/);
    expect(() => cri.message("LinuxRuntimeConfiguration").encode({ cgroup_driver: "NOPE" })).toThrow(/"NOPE" is not a value of enum CgroupDriver/);
    expect(() => new ProtoPackage({ nested: { p: { nested: { M: { fields: { x: { type: "Missing", id: 1 } } } } } } }, "p")).toThrow(/no type Missing/);
  });
});
