import { describe, expect, it } from "vitest";
import { newKeysFor } from "../../../src/workflow/key-warmup.js";
import { initWorkflow } from "../../../src/workflow/tables/init.js";

describe("keys a workflow invocation generates (the key warm-up's estimate)", () => {
  it("counts the private keys of the selected init phases", () => {
    // 11 in certs (ca, apiserver, apiserver-kubelet-client, front-proxy-ca, front-proxy-client,
    // etcd-ca, etcd-server, etcd-peer, etcd-healthcheck-client, apiserver-etcd-client, sa) and
    // 5 kubeconfig client keys
    expect(newKeysFor(initWorkflow, [], [])).toBe(16);
    expect(newKeysFor(initWorkflow, ["certs"], [])).toBe(11);
    expect(newKeysFor(initWorkflow, ["certs/apiserver"], [])).toBe(1);
    expect(newKeysFor(initWorkflow, ["kubeconfig"], [])).toBe(5);
    expect(newKeysFor(initWorkflow, [], ["certs"])).toBe(5);
    expect(newKeysFor(initWorkflow, [], ["certs", "kubeconfig"])).toBe(0);
    expect(newKeysFor(initWorkflow, ["preflight"], [])).toBe(0);
  });

  it("an invalid phase name counts nothing (the runner reports it)", () => {
    expect(newKeysFor(initWorkflow, ["certs/nope"], [])).toBe(0);
    expect(newKeysFor(initWorkflow, [], ["nope"])).toBe(0);
  });
});
