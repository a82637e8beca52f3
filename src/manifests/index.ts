// Static Pod manifests and kubelet files: pure builders and small writers.
export { buildArgumentList, lastArgValue } from "./args.js";
export { proxyEnvVars, environList, mergeEnv } from "./env.js";
export { controlPlaneImage, controlPlaneImageRepository, etcdImage, pauseImage } from "./images.js";
export { controlPlaneMounts, etcdCertVolumes, volumeNameForPath } from "./volumes.js";
export {
  controlPlanePods,
  apiServerCommand,
  controllerManagerCommand,
  schedulerCommand,
  defaultAuthorizationMode,
  type ControlPlaneInput,
} from "./control-plane.js";
export { etcdPod, etcdCommand, etcdClientURL, etcdPeerURL, type EtcdInput, type EtcdMember } from "./etcd.js";
export { staticPodYaml, patchStaticPod, staticPodFilePath, writeStaticPodManifest, writePatchedStaticPod, STATIC_POD_COMPONENTS } from "./write.js";
export {
  kubeletFlags,
  kubeletFlagsEnvFile,
  kubeletInstanceConfigFile,
  kubeletConfigFile,
  writeKubeletStartFiles,
  normalizeHostname,
  type KubeletConfigInput,
  type KubeletStartFilesInput,
} from "./kubelet.js";
export type { Json } from "./pod.js";
