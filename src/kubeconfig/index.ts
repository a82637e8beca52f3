// Building, validating and writing kubeconfig files (reading lives in read.ts).
export { localEndpointURL, controlPlaneEndpointURL } from "./endpoint.js";
export { kubeconfigObject, kubeconfigYaml, contextName, type KubeconfigParams, type KubeconfigCredentials } from "./build.js";
export { kubeconfigSpecs, KUBECONFIG_FILES, type KubeconfigSpec, type KubeconfigSpecInput } from "./specs.js";
export { buildKubeconfigFile, validateExistingKubeconfig, createKubeconfigFile, type CertificateAuthority } from "./files.js";
export { loadKubeconfigCA, caSigner } from "./ca.js";
