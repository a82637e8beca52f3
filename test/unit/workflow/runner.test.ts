// The phase runner: order, selection, --skip-phases, dependencies, error wrapping, registries.
import { describe, expect, it } from "vitest";
import { computeRunFlags, flattenPhases, phaseHelpTable, unresolvedDependencies } from "../../../src/workflow/runner.js";
import { createWorkflowContext } from "../../../src/workflow/control.js";
import type { Phase, Workflow } from "../../../src/workflow/types.js";
import type { CommandContext } from "../../../src/cli/context.js";
import { initWorkflow } from "../../../src/phases/init/index.js";
import { joinWorkflow } from "../../../src/phases/join/index.js";
import { KubeadmError } from "../../../src/util/errors.js";
import { cli } from "../cli/harness.js";

type PhaseImpl = Pick<Phase, "run" | "runIf">;
const record = (calls: string[]): Phase["run"] => async (_d, ctx) => void calls.push(ctx.phaseName);

/** A test workflow whose phases record their runs, unless `impl` gives one by full name. */
function testWorkflow(calls: string[], impl: Record<string, PhaseImpl> = {}, initData: Workflow["initData"] = async () => ({})): Workflow {
  const run = (name: string): PhaseImpl => impl[name] ?? { run: record(calls) };
  return {
    id: "init",
    phases: [
      { name: "preflight", short: "Checks", ...run("preflight") },
      {
        name: "certs",
        short: "Certificates",
        ...run("certs"),
        phases: [
          { name: "all", runAllSiblings: true },
          { name: "ca", short: "CA", ...run("certs/ca") },
          { name: "apiserver", short: "API server cert", ...run("certs/apiserver") },
        ],
      },
      { name: "hidden-step", hidden: true, ...run("hidden-step") },
      { name: "show [arg]", short: "Show", ...run("show"), dependencies: ["preflight", "certs"] },
    ],
    initData,
  };
}
const wf = testWorkflow([]);

function baseCtx(): CommandContext {
  return { commandPath: "kubeadm init", args: [], flags: {}, changed: () => false, changedFlags: () => [], stdout: process.stdout, stderr: process.stderr, env: {} };
}

function recorder(impl: Record<string, PhaseImpl> = {}, data: unknown = { cfg: 1 }) {
  const calls: string[] = [];
  const workflow = testWorkflow(calls, impl, async () => { calls.push("initData"); return data; });
  return { calls, workflow };
}

describe("phase tables", () => {
  it("flatten depth first, parent before children, dropping top-level all markers", () => {
    expect(flattenPhases(wf.phases).map((p) => p.name)).toEqual(["preflight", "certs", "certs/all", "certs/ca", "certs/apiserver", "hidden-step", "show"]);
  });

  it("render the help table like upstream", () => {
    expect(phaseHelpTable("init", wf.phases)).toBe(
      'The "init" command executes the following phases:\n```\npreflight   Checks\ncerts       Certificates\n  /ca         CA\n  /apiserver  API server cert\nshow        Show\n```',
    );
  });

  it("skip a parent and all of its children", () => {
    const flags = computeRunFlags(flattenPhases(wf.phases), [], ["certs"]);
    expect([...flags].filter(([, v]) => v).map(([k]) => k)).toEqual(["preflight", "hidden-step", "show"]);
  });

  it("skipping a child keeps the parent", () => {
    const flags = computeRunFlags(flattenPhases(wf.phases), [], ["certs/ca"]);
    expect(flags.get("certs")).toBe(true);
    expect(flags.get("certs/ca")).toBe(false);
    expect(flags.get("certs/apiserver")).toBe(true);
  });

  it("filter selects a phase and its descendants", () => {
    const flags = computeRunFlags(flattenPhases(wf.phases), ["certs"], []);
    expect([...flags].filter(([, v]) => v).map(([k]) => k)).toEqual(["certs", "certs/all", "certs/ca", "certs/apiserver"]);
  });

  it("reject unknown phase names", () => {
    expect(() => computeRunFlags(flattenPhases(wf.phases), [], ["nope"])).toThrow("invalid phase name: nope");
    expect(() => computeRunFlags(flattenPhases(wf.phases), ["certs/x"], [])).toThrow("invalid phase name: certs/x");
  });

  it("report unresolved dependencies", () => {
    const flat = flattenPhases(wf.phases);
    expect(unresolvedDependencies(flat, computeRunFlags(flat, [], []))).toBeUndefined();
    expect(unresolvedDependencies(flat, computeRunFlags(flat, ["show"], []))).toBe(
      'unresolved dependencies:\n\tmissing [preflight certs] phase(s) needed by "show [arg]" phase',
    );
  });

  it("the init table has upstream's 14 top-level phases in order", () => {
    expect(initWorkflow.phases.map((p) => p.name)).toEqual([
      "preflight", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start", "wait-control-plane", "upload-config",
      "upload-certs", "mark-control-plane", "bootstrap-token", "kubelet-finalize", "addon", "show-join-command",
    ]);
    expect(joinWorkflow.phases.find((p) => p.name === "check-etcd")?.hidden).toBe(true);
  });
});

describe("running a workflow", () => {
  it("runs selected phases in order after initialising data once", async () => {
    const { calls, workflow } = recorder();
    const ctx = createWorkflowContext(baseCtx(), workflow, { filter: [], skip: ["certs/apiserver"] });
    await ctx.workflow.initData();
    await ctx.workflow.run();
    expect(calls).toEqual(["initData", "preflight", "certs", "certs/ca", "hidden-step", "show"]);
  });

  it("the data initializer may change the skip list before phases are selected", async () => {
    const calls: string[] = [];
    const workflow: Workflow = {
      id: "init",
      phases: [{ name: "preflight", run: record(calls) }, { name: "b", run: record(calls) }],
      initData: async (c) => { c.workflow.skipPhases.push("preflight"); return {}; },
    };
    const ctx = createWorkflowContext(baseCtx(), workflow, { filter: [], skip: [] });
    await ctx.workflow.initData();
    await ctx.workflow.run();
    expect(calls).toEqual(["b"]);
  });

  it("wraps a phase failure as `error execution phase <name>`", async () => {
    const { workflow } = recorder({ "certs/ca": { run: async () => { throw new KubeadmError("boom"); } } });
    const ctx = createWorkflowContext(baseCtx(), workflow, { filter: [], skip: [] });
    await expect(ctx.workflow.run()).rejects.toThrow("error execution phase certs/ca: boom");
  });

  it("skips a phase whose runIf is false and wraps runIf errors", async () => {
    const never: string[] = [];
    const { calls, workflow } = recorder({ preflight: { runIf: async () => false, run: async () => { never.push("never"); } } });
    await createWorkflowContext(baseCtx(), workflow, { filter: [], skip: [] }).workflow.run();
    expect(never).toEqual([]);
    expect(calls).toContain("certs");
    const bad = recorder({ preflight: { runIf: async () => { throw new Error("cond"); } } });
    await expect(createWorkflowContext(baseCtx(), bad.workflow, { filter: [], skip: [] }).workflow.run()).rejects.toThrow(
      "error execution run condition for phase preflight: cond",
    );
  });
});

describe("workflow commands on the command line", () => {
  it("reject an unknown --skip-phases name before doing anything", async () => {
    const r = await cli(["reset", "--skip-phases", "nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: invalid phase name: nope\n/);
  });

  it("`init phase show-join-command` alone fails on its dependencies", async () => {
    const r = await cli(["init", "phase", "show-join-command"]);
    expect(r.stderr).toBe(
      'error: unresolved dependencies:\n\tmissing [bootstrap-token upload-certs] phase(s) needed by "show-join-command" phase\nTo see the stack trace of this error execute with --v=5 or higher\n',
    );
  });
});
