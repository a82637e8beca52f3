export * from "./client.js";
export { ETCD_ADVERTISE_CLIENT_URLS_ANNOTATION, ETCD_POD_LABEL_SELECTOR, etcdEndpointsFromPods } from "./discovery.js";
