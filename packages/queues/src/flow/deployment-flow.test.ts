import { STEP_IDS, STEPS, type StepId } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { rootJobId } from "../names";
import {
  ASSURED_SKELETON_TREE,
  ATTACHED_AFTER,
  attachedFlowAfter,
  buildDeploymentFlow,
  SKELETON_TREE,
} from "./deployment-flow";

type Node = { step: StepId; children?: Node[] };

const parentsIn = (node: Node, parent: StepId | "root", out: Map<StepId, StepId | "root">) => {
  out.set(node.step, parent);
  for (const c of node.children ?? []) parentsIn(c, node.step, out);
  return out;
};

describe("deployment flow shape", () => {
  // The full DAG, assurance included; without it the tree is the same minus its top node.
  const tree = parentsIn(ASSURED_SKELETON_TREE as Node, "root", new Map());
  const attached = new Map<StepId, StepId>();
  for (const [by, sub] of Object.entries(ATTACHED_AFTER)) {
    for (const [step] of parentsIn(sub as Node, "root", new Map())) attached.set(step, by as StepId);
  }

  it("contains every step exactly once, skeleton or attached", () => {
    for (const id of STEP_IDS) expect(tree.has(id) !== attached.has(id)).toBe(true);
  });

  /** Static ancestor or attached by an ancestor: either way `u` is done before `v` starts. */
  const runsBefore = (u: StepId, v: StepId): boolean => {
    const inSubtreeOf = (x: StepId, ancestor: StepId): boolean => {
      const parents = new Map([...tree]);
      for (const sub of Object.values(ATTACHED_AFTER)) parentsIn(sub as Node, "root", parents);
      let p = parents.get(x);
      while (p && p !== "root") {
        if (p === ancestor) return true;
        p = parents.get(p);
      }
      return false;
    };
    if (inSubtreeOf(u, v)) return true;
    const attacher = attached.get(v);
    return attacher !== undefined && (attacher === u || runsBefore(u, attacher));
  };

  it("orders every DAG edge", () => {
    for (const v of STEP_IDS)
      for (const u of STEPS[v].after) expect(runsBefore(u, v), `${u} before ${v}`).toBe(true);
  });

  it("adds no ordering beyond the DAG", () => {
    const reachable = (u: StepId, v: StepId): boolean =>
      STEPS[v].after.some((p) => p === u || reachable(u, p));
    for (const u of STEP_IDS) {
      for (const v of STEP_IDS)
        if (u !== v && runsBefore(u, v)) expect(reachable(u, v), `${u} before ${v}`).toBe(true);
    }
  });

  it("gives every node a deterministic id and failParentOnFailure", () => {
    const flow = buildDeploymentFlow(
      "dep-000000000000000000000001",
      { attempts: 3, backoffMs: 10 },
      { assurance: true },
    );
    const seen: string[] = [];
    const walk = (n: { opts?: { jobId?: string; failParentOnFailure?: boolean }; children?: unknown[] }) => {
      expect(n.opts?.failParentOnFailure).toBe(true);
      seen.push(n.opts?.jobId ?? "missing");
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk(flow);
    expect(seen).toContain(rootJobId("dep-000000000000000000000001"));
    expect(seen.every((id) => !id.includes(":"))).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("puts assurance between late binding and the root only when the deployment has it", () => {
    const id = "dep-000000000000000000000001";
    const policy = { attempts: 3, backoffMs: 10 };
    const jobIds = (n: { opts?: { jobId?: string }; children?: unknown[] }): string[] => [
      n.opts?.jobId ?? "",
      ...(n.children ?? []).flatMap((c) => jobIds(c as typeof n)),
    ];
    const plain = buildDeploymentFlow(id, policy);
    expect(plain.children?.map((c) => c.name)).toEqual(["bind-templates"]);
    expect(jobIds(plain)).not.toContain(`${id}.assure`);
    expect(buildDeploymentFlow(id, policy, { assurance: false })).toEqual(plain);

    const assured = buildDeploymentFlow(id, policy, { assurance: true });
    const [assure] = assured.children ?? [];
    expect(assure).toMatchObject({ name: "assure-site", queueName: "day2", data: { step: "assure" } });
    expect(assure?.children?.map((c) => c.name)).toEqual(["bind-templates"]);
    expect(jobIds(assured).sort()).toEqual([...jobIds(plain), `${id}.assure`].sort());
    expect(SKELETON_TREE.step).toBe("final");
  });

  it("attaches subtrees under the root with the prefixed queue", () => {
    const sub = attachedFlowAfter(
      "dep-000000000000000000000001",
      "s09",
      { attempts: 1, backoffMs: 1 },
      "{x}",
    );
    expect(sub?.opts?.parent).toEqual({
      id: "dep-000000000000000000000001.root",
      queue: "{x}:orchestration",
    });
    expect(sub?.name).toBe("ensure-psks");
    expect(
      attachedFlowAfter("dep-000000000000000000000001", "s03", { attempts: 1, backoffMs: 1 }, "{x}"),
    ).toBeUndefined();
  });
});
