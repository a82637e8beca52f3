// The CRI client and the CRI/ImagePull checks against a real containerd (Debian's package),
// run as a private instance: its own root, state, socket and CNI dirs under /tmp, stopped afterwards.
// Needs root and `containerd` + `ctr` in PATH (apt-get install -y containerd runc).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CriClient, newContainerRuntime } from "../../../src/host/cri/index.js";
import { hostFacts } from "../../../src/host/host-facts.js";
import { containerRuntimeCheck, containerRuntimeVersionCheck, imagePullCheck, RUNTIME_CONFIG_WARNING } from "../../../src/preflight/index.js";
import { startContainerd, type PrivateContainerd } from "../../support/containerd.js";
import { ctxFor } from "../../unit/preflight/fake-facts.js";

const PAUSE = "registry.k8s.io/pause:3.10.2";

let containerd: PrivateContainerd | undefined;
let endpoint = "";

beforeAll(async () => {
  containerd = await startContainerd("kubeadm-ts-containerd-", { sandboxImage: "registry.k8s.io/pause:3.9" });
  endpoint = containerd.endpoint;
}, 60_000);

afterAll(async () => {
  await containerd?.stop();
});

describe("real containerd over CRI", () => {
  it("Version names containerd and CRI v1", async () => {
    const c = await CriClient.connect(endpoint);
    const v = await c.version();
    expect(v.runtime_name).toBe("containerd");
    expect(v.runtime_api_version).toBe("v1");
    expect(v.runtime_version).toMatch(/^\d+\.\d+/);
    c.close();
  });

  it("ImageStatus and ListImages see the imported pause image; an absent image has no status", async () => {
    const c = await CriClient.connect(endpoint);
    const st = await c.imageStatus(PAUSE);
    expect(st.image?.repo_tags).toContain(PAUSE);
    expect(st.image?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await c.imageStatus("registry.k8s.io/not-here:0.0.1")).image).toBeNull();
    expect((await c.listImages()).some((i) => i.repo_tags.includes(PAUSE))).toBe(true);
    c.close();
  });

  it("the runtime reports its sandbox image and lacks RuntimeConfig (containerd 1.6)", async () => {
    const rt = newContainerRuntime(endpoint);
    await rt.connect();
    expect(await rt.sandboxImage()).toBe("registry.k8s.io/pause:3.9");
    expect(await rt.imageExists(PAUSE)).toBe(true);
    rt.close();
  });

  it("CRI passes; ContainerRuntimeVersion warns; ImagePull with IfNotPresent pulls nothing and warns about the sandbox image", async () => {
    const ctx = ctxFor(hostFacts);
    expect(await containerRuntimeCheck(endpoint).check(ctx)).toEqual({ warnings: [], errors: [] });
    const v = await containerRuntimeVersionCheck(endpoint).check(ctx);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([RUNTIME_CONFIG_WARNING]);
    const pull = await imagePullCheck({ criSocket: endpoint, images: [PAUSE], sandboxImage: PAUSE, imagePullPolicy: "IfNotPresent", imagePullSerial: true }).check(ctx);
    expect(pull).toEqual({ warnings: [], errors: [] });
    expect(ctx.warnings).toEqual([
      `detected that the sandbox image "registry.k8s.io/pause:3.9" of the container runtime is inconsistent with that used by kubeadm. It is recommended to use "${PAUSE}" as the CRI sandbox image.`,
    ]);
  });
});
