// `npm run test:conformance-ci`: the networking, DNS and Services specs of the conformance focus
// (sig-network's [Conformance] specs, kinder's skips) against a 3+2 lab:cluster made by upstream
// kubeadm: the subset sized for CI. README.md next to this file.
import { conformanceSuite } from "./suite.js";
import { CI_FOCUS } from "./lab.js";

// The images its Pods name (pod-images.log of its runs): agnhost, the glibc DNS prober, and nginx
// (Pods of the EndpointSlice specs, which pass without them running).
const IMAGES = [
  "registry.k8s.io/e2e-test-images/agnhost:2.66.1",
  "registry.k8s.io/e2e-test-images/glibc-dns-testing:2.1.1",
  "registry.k8s.io/e2e-test-images/nginx:1.27.0-2",
];

conformanceSuite({ name: "conformance-ci", focus: CI_FOCUS, minSpecs: 30, timeout: process.env.CONFORMANCE_TIMEOUT ?? "20m", nodes: 8, images: IMAGES });
