// `npm run test:conformance`: upstream's [Conformance] focus as kinder's regular workflow runs it
// (kinder test e2e --conformance --parallel: skip Aggregator, Alpha, Kubectl, Disruptive, Feature,
// Flaky, Serial) against a 3+2 lab:cluster made by upstream kubeadm. README.md next to this file.
import { conformanceSuite } from "./suite.js";
import { KINDER_FOCUS } from "./lab.js";

conformanceSuite({ name: "conformance", focus: KINDER_FOCUS, minSpecs: 300, timeout: process.env.CONFORMANCE_TIMEOUT ?? "35m", nodes: 8 });
