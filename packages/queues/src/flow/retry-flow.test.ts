import { STEP_IDS, STEPS, type StepId } from "@mistflow/contracts";
import type { FlowJob } from "bullmq";
import { describe, expect, it } from "vitest";
import { rootJobId, stepJobId } from "../names";
import { buildRetryFlow, deploymentJobsTopDown } from "./retry-flow";

const DEP = "dep-000000000000000000000002";
const policy = { attempts: 3, backoffMs: 10 };

/** step → its parent's job id in the flow. */
const parents = (flow: FlowJob) => {
  const out = new Map<string, string>();
  const walk = (n: FlowJob | NonNullable<FlowJob["children"]>[number], parent: string) => {
    const id = n.opts?.jobId ?? "";
    out.set(id, parent);
    for (const c of n.children ?? []) walk(c, id);
  };
  walk(flow, "");
  return out;
};

describe("retry flow", () => {
  it("runs only the steps that did not succeed, under the same root and ids", () => {
    // s09 failed: its lane's prerequisite s08, and everything else but late binding, succeeded.
    const done = new Set<StepId>(
      STEP_IDS.filter((s) => !["s09", "s10", "s11", "s12", "s13", "final"].includes(s)),
    );
    const p = parents(buildRetryFlow(DEP, policy, done));
    expect(p.get(rootJobId(DEP))).toBe("");
    expect(p.get(stepJobId(DEP, "final"))).toBe(rootJobId(DEP));
    expect(p.get(stepJobId(DEP, "s09"))).toBe(stepJobId(DEP, "final"));
    // s09 attaches 10-13 itself when it runs again.
    expect([...p.keys()].sort()).toEqual(
      [rootJobId(DEP), stepJobId(DEP, "final"), stepJobId(DEP, "s09")].sort(),
    );
  });

  it("hangs successors of a succeeded step under the root, since it will not attach them again", () => {
    const done = new Set<StepId>(STEP_IDS.filter((s) => !["s02", "s12", "s13"].includes(s)));
    const p = parents(buildRetryFlow(DEP, policy, done));
    expect(p.get(stepJobId(DEP, "s02"))).toBe(rootJobId(DEP));
    expect(p.get(stepJobId(DEP, "s13"))).toBe(rootJobId(DEP));
    expect(p.get(stepJobId(DEP, "s12"))).toBe(stepJobId(DEP, "s13"));
    expect(p.size).toBe(4);
  });

  it("keeps every DAG edge among the steps it runs", () => {
    const done = new Set<StepId>(["s03", "s04", "s08"]);
    const p = parents(buildRetryFlow(DEP, policy, done));
    const ancestors = (id: string): string[] => {
      const up = p.get(id);
      return up ? [up, ...ancestors(up)] : [];
    };
    for (const v of STEP_IDS) {
      for (const u of STEPS[v].after) {
        if (done.has(u) || !p.has(stepJobId(DEP, v))) continue;
        // A prerequisite that still has to run sits in v's subtree, so it runs first.
        expect(ancestors(stepJobId(DEP, u)), `${u} before ${v}`).toContain(stepJobId(DEP, v));
      }
    }
    expect(p.has(stepJobId(DEP, "s02")), "s01 reruns and attaches s02").toBe(false);
  });

  it("lists every job of a deployment, each parent before its children", () => {
    const jobs = deploymentJobsTopDown(DEP);
    expect(jobs[0]?.id).toBe(rootJobId(DEP));
    const index = (id: string) => jobs.findIndex((j) => j.id === id);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(STEP_IDS.length + 1);
    const assured = parents(buildRetryFlow(DEP, policy, new Set(), { assurance: true }));
    expect(assured.get(stepJobId(DEP, "assure"))).toBe(rootJobId(DEP));
    for (const [child, parent] of assured) if (parent) expect(index(parent)).toBeLessThan(index(child));
    const full = parents(buildRetryFlow(DEP, policy, new Set()));
    for (const [child, parent] of full) if (parent) expect(index(parent)).toBeLessThan(index(child));
    expect(index(stepJobId(DEP, "s13"))).toBeLessThan(index(stepJobId(DEP, "s10")));
  });
});
