/**
 * The part of the CRI v1 API (package runtime.v1, k8s.io/cri-api) kubeadm uses,
 * as a protobuf.js JSON descriptor so the bundle carries it without a .proto file.
 * Field names and numbers are the CRI's; messages list only the fields read or
 * sent here (unknown fields are skipped on decode, so replies stay readable).
 */
type Field = { type: string; id: number; rule?: "repeated"; keyType?: string };
type Message = { fields: Record<string, Field> };

const str = (id: number): Field => ({ type: "string", id });
const map = (id: number): Field => ({ keyType: "string", type: "string", id });
const msg = (type: string, id: number, repeated = false): Field => (repeated ? { type, id, rule: "repeated" } : { type, id });
const empty: Message = { fields: {} };

const rpc = (name: string) => ({ requestType: `${name}Request`, responseType: `${name}Response` });

const messages: Record<string, Message> = {
  VersionRequest: { fields: { version: str(1) } },
  VersionResponse: { fields: { version: str(1), runtime_name: str(2), runtime_version: str(3), runtime_api_version: str(4) } },
  StatusRequest: { fields: { verbose: { type: "bool", id: 1 } } },
  StatusResponse: { fields: { status: msg("RuntimeStatus", 1), info: map(2) } },
  RuntimeStatus: { fields: { conditions: msg("RuntimeCondition", 1, true) } },
  RuntimeCondition: { fields: { type: str(1), status: { type: "bool", id: 2 }, reason: str(3), message: str(4) } },
  RuntimeConfigRequest: empty,
  RuntimeConfigResponse: { fields: { linux: msg("LinuxRuntimeConfiguration", 1) } },
  LinuxRuntimeConfiguration: { fields: { cgroup_driver: { type: "CgroupDriver", id: 1 } } },
  ListPodSandboxRequest: { fields: { filter: msg("PodSandboxFilter", 1) } },
  PodSandboxFilter: { fields: { id: str(1), state: msg("PodSandboxStateValue", 2), label_selector: map(3) } },
  PodSandboxStateValue: { fields: { state: { type: "PodSandboxState", id: 1 } } },
  ListPodSandboxResponse: { fields: { items: msg("PodSandbox", 1, true) } },
  PodSandbox: {
    fields: {
      id: str(1),
      metadata: msg("PodSandboxMetadata", 2),
      state: { type: "PodSandboxState", id: 3 },
      created_at: { type: "int64", id: 4 },
      labels: map(5),
      annotations: map(6),
      runtime_handler: str(7),
    },
  },
  PodSandboxMetadata: { fields: { name: str(1), uid: str(2), namespace: str(3), attempt: { type: "uint32", id: 4 } } },
  StopPodSandboxRequest: { fields: { pod_sandbox_id: str(1) } },
  StopPodSandboxResponse: empty,
  RemovePodSandboxRequest: { fields: { pod_sandbox_id: str(1) } },
  RemovePodSandboxResponse: empty,
  ListContainersRequest: { fields: { filter: msg("ContainerFilter", 1) } },
  ContainerFilter: {
    fields: { id: str(1), state: msg("ContainerStateValue", 2), pod_sandbox_id: str(3), label_selector: map(4) },
  },
  ContainerStateValue: { fields: { state: { type: "ContainerState", id: 1 } } },
  ListContainersResponse: { fields: { containers: msg("Container", 1, true) } },
  Container: {
    fields: {
      id: str(1),
      pod_sandbox_id: str(2),
      metadata: msg("ContainerMetadata", 3),
      image: msg("ImageSpec", 4),
      image_ref: str(5),
      state: { type: "ContainerState", id: 6 },
      created_at: { type: "int64", id: 7 },
      labels: map(8),
      annotations: map(9),
      image_id: str(10),
    },
  },
  ContainerMetadata: { fields: { name: str(1), attempt: { type: "uint32", id: 2 } } },
  ImageSpec: { fields: { image: str(1), annotations: map(2), user_specified_image: str(18), runtime_handler: str(19), image_ref: str(20) } },
  ImageFilter: { fields: { image: msg("ImageSpec", 1) } },
  ListImagesRequest: { fields: { filter: msg("ImageFilter", 1) } },
  ListImagesResponse: { fields: { images: msg("Image", 1, true) } },
  Image: {
    fields: {
      id: str(1),
      repo_tags: { type: "string", id: 2, rule: "repeated" },
      repo_digests: { type: "string", id: 3, rule: "repeated" },
      size: { type: "uint64", id: 4 },
      uid: msg("Int64Value", 5),
      username: str(6),
      spec: msg("ImageSpec", 7),
      pinned: { type: "bool", id: 8 },
    },
  },
  Int64Value: { fields: { value: { type: "int64", id: 1 } } },
  ImageStatusRequest: { fields: { image: msg("ImageSpec", 1), verbose: { type: "bool", id: 2 } } },
  ImageStatusResponse: { fields: { image: msg("Image", 1), info: map(2) } },
  AuthConfig: {
    fields: { username: str(1), password: str(2), auth: str(3), server_address: str(4), identity_token: str(5), registry_token: str(6) },
  },
  PullImageRequest: { fields: { image: msg("ImageSpec", 1), auth: msg("AuthConfig", 2) } },
  PullImageResponse: { fields: { image_ref: str(1) } },
  // Only sent to validate the image service (the reply's filesystems are not read).
  ImageFsInfoRequest: empty,
  ImageFsInfoResponse: empty,
};

/** protobuf.js INamespace JSON for `runtime.v1`, interpreted by src/util/protobuf.ts. */
export const CRI_V1_DESCRIPTOR = {
  nested: {
    runtime: {
      nested: {
        v1: {
          nested: {
            RuntimeService: {
              methods: {
                Version: rpc("Version"),
                StopPodSandbox: rpc("StopPodSandbox"),
                RemovePodSandbox: rpc("RemovePodSandbox"),
                ListPodSandbox: rpc("ListPodSandbox"),
                ListContainers: rpc("ListContainers"),
                Status: rpc("Status"),
                RuntimeConfig: rpc("RuntimeConfig"),
              },
            },
            ImageService: {
              methods: {
                ListImages: rpc("ListImages"),
                ImageStatus: rpc("ImageStatus"),
                PullImage: rpc("PullImage"),
                ImageFsInfo: rpc("ImageFsInfo"),
              },
            },
            CgroupDriver: { values: { SYSTEMD: 0, CGROUPFS: 1 } },
            PodSandboxState: { values: { SANDBOX_READY: 0, SANDBOX_NOTREADY: 1 } },
            ContainerState: { values: { CONTAINER_CREATED: 0, CONTAINER_RUNNING: 1, CONTAINER_EXITED: 2, CONTAINER_UNKNOWN: 3 } },
            ...messages,
          },
        },
      },
    },
  },
} as const;

/**
 * The @grpc/proto-loader options whose decoded shape src/util/protobuf.ts gives (snake_case field
 * names as in the .proto, 64-bit ints as strings, enums as names), for tests that compare them.
 */
export const CRI_LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;
