// Image names of the control-plane static Pods (constants.md §9.2).
import type { ClusterConfiguration } from "../config/types.js";
import { DEFAULT_CI_IMAGE_REPOSITORY, DEFAULT_IMAGE_REPOSITORY, ETCD, PAUSE, PAUSE_VERSION } from "../constants.js";
import { etcdImageTagForKubernetes, kubernetesVersionToImageTag } from "../util/version.js";

/** Repository for kube-apiserver, kube-controller-manager, kube-scheduler and kube-proxy. */
export function controlPlaneImageRepository(cfg: ClusterConfiguration): string {
  if (cfg.ciImageRepository) return cfg.ciImageRepository;
  if (cfg.ciKubernetesVersion && cfg.imageRepository === DEFAULT_IMAGE_REPOSITORY) return DEFAULT_CI_IMAGE_REPOSITORY;
  return cfg.imageRepository;
}

/** `<repo>/<component>:<kubernetes version tag>`. */
export function controlPlaneImage(component: string, cfg: ClusterConfiguration): string {
  return `${controlPlaneImageRepository(cfg)}/${component}:${kubernetesVersionToImageTag(cfg.kubernetesVersion)}`;
}

/** The local etcd image (etcd.local.imageRepository/imageTag override the defaults). */
export function etcdImage(cfg: ClusterConfiguration, warn?: (msg: string) => void): string {
  const local = cfg.etcd.local;
  const repo = local?.imageRepository || cfg.imageRepository;
  // upstream GetEtcdImageTag derives (and warns about) the tag before the override replaces it
  const derived = etcdImageTagForKubernetes(cfg.kubernetesVersion, warn);
  const tag = local?.imageTag || derived;
  return `${repo}/${ETCD}:${tag}`;
}

/** The pause image (always from imageRepository). */
export function pauseImage(cfg: ClusterConfiguration): string {
  return `${cfg.imageRepository}/${PAUSE}:${PAUSE_VERSION}`;
}
