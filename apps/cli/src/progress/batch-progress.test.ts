import { type BatchView, STEP_IDS, type StepState } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { BatchProgress } from "./batch-progress";

const steps = (state: StepState, over: Partial<Record<(typeof STEP_IDS)[number], StepState>> = {}) =>
  Object.fromEntries(STEP_IDS.map((s) => [s, over[s] ?? state])) as BatchView["deployments"][number]["steps"];

const batch = (deployments: BatchView["deployments"]): BatchView => ({
  id: "bat-000000000000000000000001",
  created_at: "2025-01-01T00:00:00.000Z",
  total: deployments.length,
  totals: {
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    failed_assurance: 0,
    decommissioned: 0,
  },
  done: false,
  deployments,
});

describe("BatchProgress", () => {
  it("prints one plain line per step transition and one per finished site", () => {
    const lines: string[] = [];
    const p = new BatchProgress({ line: (l) => lines.push(l) });
    p.update(
      batch([
        { id: "d1", site_name: "Boston", status: "running", steps: steps("pending", { s01: "running" }) },
      ]),
    );
    p.update(
      batch([
        { id: "d1", site_name: "Boston", status: "running", steps: steps("pending", { s01: "running" }) },
      ]),
    );
    p.update(
      batch([
        {
          id: "d1",
          site_name: "Boston",
          status: "failed",
          steps: steps("cancelled", { s01: "succeeded", s09: "failed" }),
          error: { step: "s09", message: "Mist answered 400" },
        },
      ]),
    );
    expect(lines[0]).toMatch(/^Boston\s+… s01 {3}Site, IP plan and site variables: running$/);
    expect(lines[1]).toMatch(/^Boston\s+✔ s01 .*: succeeded$/);
    expect(lines.filter((l) => l.includes(": cancelled")).length).toBe(STEP_IDS.length - 2);
    expect(lines.at(-1)).toMatch(/^Boston\s+FAILED at s09: Mist answered 400$/);
  });

  it("draws a task list with one line per site on a terminal", () => {
    let screen: string[] = [];
    const p = new BatchProgress({ line: () => {}, redraw: (l) => (screen = l) });
    p.update(
      batch([
        { id: "d1", site_name: "Boston", status: "succeeded", steps: steps("succeeded") },
        {
          id: "d2",
          site_name: "Denver",
          status: "running",
          steps: steps("pending", { s01: "succeeded", s03: "running" }),
        },
      ]),
    );
    expect(screen).toHaveLength(3);
    expect(screen[1]).toMatch(/^✔ Boston .* 14\/14 DEPLOYED$|^✔ Boston .* (\d+)\/\1 DEPLOYED$/);
    expect(screen[2]).toMatch(/^… Denver .* 1\/\d+ s03 Applications$/);
  });
});
