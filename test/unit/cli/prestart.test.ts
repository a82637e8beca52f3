import { describe, expect, it } from "vitest";
import { prestartPlan } from "../../../src/cli/prestart.js";

describe("prestart: the init phases a command line seems to select, before the CLI has loaded", () => {
  it("recognises init and its phase sub-commands", () => {
    expect(prestartPlan(["init"])).toEqual({ filter: [], skip: [] });
    expect(prestartPlan(["init", "--config", "c.yaml", "--dry-run"])).toEqual({ filter: [], skip: [], config: "c.yaml" });
    expect(prestartPlan(["init", "phase", "certs", "all", "--config=c.yaml"])).toEqual({ filter: ["certs"], skip: [], config: "c.yaml" });
    expect(prestartPlan(["init", "phase", "certs", "apiserver"])).toEqual({ filter: ["certs/apiserver"], skip: [] });
    expect(prestartPlan(["init", "phase", "kubeconfig"])).toEqual({ filter: ["kubeconfig"], skip: [] });
  });

  it("reads --skip-phases in both spellings", () => {
    expect(prestartPlan(["init", "--skip-phases", "certs,addon/coredns"])).toEqual({ filter: [], skip: ["certs", "addon/coredns"] });
    expect(prestartPlan(["init", "--skip-phases=kubeconfig"])).toEqual({ filter: [], skip: ["kubeconfig"] });
  });

  it("anything else, and help, starts nothing", () => {
    expect(prestartPlan([])).toBeNull();
    expect(prestartPlan(["version"])).toBeNull();
    expect(prestartPlan(["join", "1.2.3.4:6443"])).toBeNull();
    expect(prestartPlan(["init", "phase"])).toBeNull();
    expect(prestartPlan(["init", "--help"])).toBeNull();
    expect(prestartPlan(["init", "phase", "certs", "-h"])).toBeNull();
    expect(prestartPlan(["init", "extra-arg"])).toBeNull();
  });
});
