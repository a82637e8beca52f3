/**
 * Command handlers, loaded lazily so `kubeadm version` imports nothing heavy.
 * Key: the command path with canonical names (aliases resolve to it), e.g.
 * "kubeadm certs certificate-key". Value: a loader of a module exporting
 * `run: CommandHandler` (src/cli/context.ts).
 *
 * To add a command: append ONE line, kept sorted by path:
 *   "kubeadm config print init-defaults": () => import("../commands/config-print-init-defaults.js"),
 * A runnable command without an entry fails with "<path>: not implemented yet in kubeadm-ts".
 *
 * Workflow commands (kubeadm init, join, reset, upgrade apply, upgrade node) get a
 * WorkflowContext (src/workflow/types.ts); without an entry they run the default
 * `await ctx.workflow.initData(); await ctx.workflow.run();`.
 */
import type { CommandHandler } from "./context.js";

export type HandlerModule = { run: CommandHandler };
export type HandlerLoader = () => Promise<HandlerModule>;

export const handlerLoaders: Readonly<Record<string, HandlerLoader>> = {
  "kubeadm certs certificate-key": () => import("../commands/certs-certificate-key.js"),
  "kubeadm certs check-expiration": () => import("../commands/certs-check-expiration.js"),
  "kubeadm certs generate-csr": () => import("../commands/certs-generate-csr.js"),
  "kubeadm certs renew admin.conf": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew all": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew apiserver": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew apiserver-etcd-client": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew apiserver-kubelet-client": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew controller-manager.conf": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew etcd-healthcheck-client": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew etcd-peer": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew etcd-server": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew front-proxy-client": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew scheduler.conf": () => import("../commands/certs-renew.js"),
  "kubeadm certs renew super-admin.conf": () => import("../commands/certs-renew.js"),
  "kubeadm completion": () => import("../commands/completion.js"),
  "kubeadm config images list": () => import("../commands/config-images-list.js"),
  "kubeadm config images pull": () => import("../commands/config-images-pull.js"),
  "kubeadm config migrate": () => import("../commands/config-migrate.js"),
  "kubeadm config print init-defaults": () => import("../commands/config-print-init-defaults.js"),
  "kubeadm config print join-defaults": () => import("../commands/config-print-join-defaults.js"),
  "kubeadm config print reset-defaults": () => import("../commands/config-print-reset-defaults.js"),
  "kubeadm config print upgrade-defaults": () => import("../commands/config-print-upgrade-defaults.js"),
  "kubeadm config validate": () => import("../commands/config-validate.js"),
  "kubeadm init": () => import("../commands/init.js"),
  "kubeadm kubeconfig user": () => import("../commands/kubeconfig-user.js"),
  "kubeadm reset": () => import("../commands/reset.js"),
  "kubeadm token create": () => import("../commands/token-create.js"),
  "kubeadm token delete": () => import("../commands/token-delete.js"),
  "kubeadm token generate": () => import("../commands/token-generate.js"),
  "kubeadm token list": () => import("../commands/token-list.js"),
  "kubeadm version": () => import("../commands/version.js"),
};
