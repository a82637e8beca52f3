import { describe, expect, it } from "vitest";
import { keyHintFromConfig, newKeysFor } from "../../../src/workflow/key-warmup.js";
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

describe("the key type a config file's text asks for (a glance, before the config is decoded)", () => {
  it("RSA sizes, the RSA-2048 default, and null (no RSA keys to start) for ECDSA", () => {
    expect(keyHintFromConfig(undefined)).toBe(2048);
    expect(keyHintFromConfig("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n")).toBe(2048);
    expect(keyHintFromConfig("kind: ClusterConfiguration\nencryptionAlgorithm: RSA-4096\n")).toBe(4096);
    expect(keyHintFromConfig('---\nkind: ClusterConfiguration\n  encryptionAlgorithm: "RSA-3072"\n')).toBe(3072);
    expect(keyHintFromConfig("encryptionAlgorithm: ECDSA-P256\n")).toBeNull();
    expect(keyHintFromConfig("encryptionAlgorithm: 'ECDSA-P384'\n")).toBeNull();
    // not a value kubeadm accepts: the default (the real load reports it)
    expect(keyHintFromConfig("encryptionAlgorithm: RSA-1024\n")).toBe(2048);
    expect(keyHintFromConfig("# encryptionAlgorithm: ECDSA-P256\n")).toBe(2048);
  });
});
