/**
 * Where phase implementations are found. Key: "<workflow id>/<full phase name>"
 * (workflow ids: init, join, reset, upgrade-apply, upgrade-node; phase names as
 * `--skip-phases` spells them, e.g. "certs/ca", "control-plane-prepare/download-certs").
 *
 * To register an implementation, add ONE line, kept sorted:
 *   "init/certs/ca": () => import("../phases/init/certs-ca.js"),
 * The module exports `run(data, ctx)` and optionally `runIf(data, ctx)` (see PhaseModule
 * in types.ts). A phase marked `run: true` in its table without an entry here fails with
 * "... not implemented yet in kubeadm-ts" when it is reached: nothing pretends to succeed.
 */
import type { PhaseModule } from "./types.js";

export type PhaseLoader = () => Promise<PhaseModule>;

export const phaseLoaders: Readonly<Record<string, PhaseLoader>> = {
  "init/addon/coredns": () => import("../phases/init/addon.js").then((m) => m.coredns),
  "init/addon/kube-proxy": () => import("../phases/init/addon.js").then((m) => m.kubeProxy),
  "init/bootstrap-token": () => import("../phases/init/bootstrap-token.js"),
  "init/certs": () => import("../phases/init/certs.js"),
  "init/certs/apiserver": () => import("../phases/init/certs.js").then((m) => m.subPhase("apiserver")),
  "init/certs/apiserver-etcd-client": () => import("../phases/init/certs.js").then((m) => m.subPhase("apiserver-etcd-client")),
  "init/certs/apiserver-kubelet-client": () => import("../phases/init/certs.js").then((m) => m.subPhase("apiserver-kubelet-client")),
  "init/certs/ca": () => import("../phases/init/certs.js").then((m) => m.subPhase("ca")),
  "init/certs/etcd-ca": () => import("../phases/init/certs.js").then((m) => m.subPhase("etcd-ca")),
  "init/certs/etcd-healthcheck-client": () => import("../phases/init/certs.js").then((m) => m.subPhase("etcd-healthcheck-client")),
  "init/certs/etcd-peer": () => import("../phases/init/certs.js").then((m) => m.subPhase("etcd-peer")),
  "init/certs/etcd-server": () => import("../phases/init/certs.js").then((m) => m.subPhase("etcd-server")),
  "init/certs/front-proxy-ca": () => import("../phases/init/certs.js").then((m) => m.subPhase("front-proxy-ca")),
  "init/certs/front-proxy-client": () => import("../phases/init/certs.js").then((m) => m.subPhase("front-proxy-client")),
  "init/certs/sa": () => import("../phases/init/certs.js").then((m) => m.subPhase("sa")),
  "init/control-plane": () => import("../phases/init/control-plane.js"),
  "init/control-plane/apiserver": () => import("../phases/init/control-plane.js").then((m) => m.subPhase("apiserver")),
  "init/control-plane/controller-manager": () => import("../phases/init/control-plane.js").then((m) => m.subPhase("controller-manager")),
  "init/control-plane/scheduler": () => import("../phases/init/control-plane.js").then((m) => m.subPhase("scheduler")),
  "init/etcd/local": () => import("../phases/init/etcd.js"),
  "init/kubeconfig": () => import("../phases/init/kubeconfig.js"),
  "init/kubeconfig/admin": () => import("../phases/init/kubeconfig.js").then((m) => m.subPhase("admin")),
  "init/kubeconfig/controller-manager": () => import("../phases/init/kubeconfig.js").then((m) => m.subPhase("controller-manager")),
  "init/kubeconfig/kubelet": () => import("../phases/init/kubeconfig.js").then((m) => m.subPhase("kubelet")),
  "init/kubeconfig/scheduler": () => import("../phases/init/kubeconfig.js").then((m) => m.subPhase("scheduler")),
  "init/kubeconfig/super-admin": () => import("../phases/init/kubeconfig.js").then((m) => m.subPhase("super-admin")),
  "init/kubelet-finalize/enable-client-cert-rotation": () => import("../phases/init/kubelet-finalize.js"),
  "init/kubelet-start": () => import("../phases/init/kubelet-start.js"),
  "init/mark-control-plane": () => import("../phases/init/mark-control-plane.js"),
  "init/preflight": () => import("../phases/init/preflight.js"),
  "init/show-join-command": () => import("../phases/init/show-join-command.js"),
  "init/upload-certs": () => import("../phases/init/upload-certs.js"),
  "init/upload-config/kubeadm": () => import("../phases/init/upload-config.js").then((m) => m.kubeadm),
  "init/upload-config/kubelet": () => import("../phases/init/upload-config.js").then((m) => m.kubelet),
  "init/wait-control-plane": () => import("../phases/init/wait-control-plane.js"),
  "join/preflight": () => import("../phases/join/preflight.js"),
  "reset/cleanup-node": () => import("../phases/reset/cleanup-node.js"),
  "reset/preflight": () => import("../phases/reset/preflight.js"),
  "reset/remove-etcd-member": () => import("../phases/reset/remove-etcd-member.js"),
};
