/**
 * The images kubeadm uses (images.GetControlPlaneImages) for a cluster
 * configuration, in upstream's order.
 */
import {
  COREDNS,
  COREDNS_VERSION,
  DEFAULT_IMAGE_REPOSITORY,
  ETCD,
  KUBE_APISERVER,
  KUBE_CONTROLLER_MANAGER,
  KUBE_PROXY,
  KUBE_SCHEDULER,
  PAUSE,
  PAUSE_VERSION,
} from "../constants.js";
import { etcdImageTagForKubernetes, kubernetesVersionToImageTag } from "../util/version.js";
import type { ClusterConfiguration } from "./types.js";

export function genericImage(prefix: string, image: string, tag: string): string {
  return `${prefix}/${image}:${tag}`;
}

/** The repository for control-plane images (the CI repository for ci/ versions). */
export function controlPlaneImageRepository(cfg: ClusterConfiguration): string {
  return cfg.ciImageRepository !== "" ? cfg.ciImageRepository : cfg.imageRepository;
}

export function kubernetesImage(image: string, cfg: ClusterConfiguration): string {
  return genericImage(controlPlaneImageRepository(cfg), image, kubernetesVersionToImageTag(cfg.kubernetesVersion));
}

export function dnsImage(cfg: ClusterConfiguration): string {
  let repo = cfg.dns.imageRepository || cfg.imageRepository;
  if (repo === DEFAULT_IMAGE_REPOSITORY) repo = `${repo}/coredns`;
  return genericImage(repo, COREDNS, cfg.dns.imageTag || COREDNS_VERSION);
}

export function etcdImageTag(cfg: ClusterConfiguration, warn: (m: string) => void = () => undefined): string {
  const tag = etcdImageTagForKubernetes(cfg.kubernetesVersion, (w) => warn(`WARNING: ${w}`));
  return cfg.etcd.local?.imageTag || tag;
}

export function etcdImage(cfg: ClusterConfiguration, warn?: (m: string) => void): string {
  const repo = cfg.etcd.local?.imageRepository || cfg.imageRepository;
  return genericImage(repo, ETCD, etcdImageTag(cfg, warn));
}

export function pauseImage(cfg: ClusterConfiguration): string {
  return genericImage(cfg.imageRepository, PAUSE, PAUSE_VERSION);
}

export function controlPlaneImages(cfg: ClusterConfiguration, warn?: (m: string) => void): string[] {
  const out = [
    kubernetesImage(KUBE_APISERVER, cfg),
    kubernetesImage(KUBE_CONTROLLER_MANAGER, cfg),
    kubernetesImage(KUBE_SCHEDULER, cfg),
  ];
  if (!cfg.proxy.disabled) out.push(kubernetesImage(KUBE_PROXY, cfg));
  if (!cfg.dns.disabled) out.push(dnsImage(cfg));
  out.push(pauseImage(cfg));
  if (cfg.etcd.local) out.push(etcdImage(cfg, warn));
  return out;
}
