import { type DeploymentView, STEP_IDS, type StepId, type StepStatus } from "@mistflow/contracts";
import { describe, expect, it } from "vitest";
import { cursorOf, diffView, endEvent, initialState, parseCursor } from "./step-events";

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();

function view(
  status: DeploymentView["status"],
  steps: Partial<Record<StepId, Partial<StepStatus>>>,
): DeploymentView {
  return {
    id: "dep-000000000000000000000003",
    status,
    org_id: "6f4bf402-45f9-4c1f-8f2c-0c1a7e0d0001",
    site_name: "S",
    blueprint: { name: "retail-branch", version: 1, digest: "d" },
    idempotency_key: "k",
    created_at: at(0),
    updated_at: at(30),
    steps: Object.fromEntries(
      STEP_IDS.map((s) => [s, { state: "pending", attempts: 0, mist_ids: {}, ...steps[s] }]),
    ) as DeploymentView["steps"],
    request: {} as DeploymentView["request"],
  };
}

const done = (start: number, end: number): Partial<StepStatus> => ({
  state: "succeeded",
  attempts: 1,
  started_at: at(start),
  finished_at: at(end),
});

describe("deployment events from record snapshots", () => {
  it("emits a start and an end for a step whose whole run fell between two polls, in time order", () => {
    const first = diffView(
      initialState(),
      view("running", { s03: { state: "running", attempts: 1, started_at: at(2) } }),
    );
    expect(first.events.map((e) => [e.event, "step" in e.data ? e.data.step : e.data.status])).toEqual([
      ["status", "running"],
      ["step", "s03"],
    ]);
    const second = diffView(
      first.next,
      view("running", {
        s03: done(2, 5),
        s01: done(1, 3),
        s05: { state: "running", attempts: 2, started_at: at(6) },
      }),
    );
    expect(
      second.events.map((e) => (e.event === "step" ? `${e.data.step}:${e.data.state}` : e.event)),
    ).toEqual(["s01:running", "s01:succeeded", "s03:succeeded", "s05:running"]);
    expect(second.ended).toBe(false);
  });

  it("resumes from a Last-Event-ID without replaying, and ends once no step is running", () => {
    const midway = view("running", { s01: done(1, 3) });
    const { events } = diffView(initialState(), midway);
    const last = events.at(-1);
    const resumed = parseCursor(last?.id);
    expect(resumed).toBeDefined();
    expect(diffView(resumed ?? initialState(), midway).events).toEqual([]);

    const failing = view("failed", {
      s01: done(1, 3),
      s09: {
        state: "failed",
        attempts: 1,
        started_at: at(4),
        finished_at: at(5),
        error: { message: "400", permanent: true },
      },
      s10: { state: "running", attempts: 1, started_at: at(4) },
    });
    const out = diffView(resumed ?? initialState(), failing);
    expect(out.ended, "s10 is still in flight").toBe(false);
    expect(out.events.at(-1)).toMatchObject({ event: "status", data: { status: "failed" } });
    const fin = diffView(out.next, {
      ...failing,
      steps: { ...failing.steps, s10: { ...failing.steps.s10, state: "cancelled" } },
    });
    expect(fin.ended).toBe(true);
    expect(endEvent(failing, fin.next)).toMatchObject({
      event: "end",
      id: cursorOf(fin.next),
      data: { status: "failed" },
    });
  });

  it("shows a retried step as pending again", () => {
    const failed = diffView(
      initialState(),
      view("failed", { s09: { state: "failed", attempts: 1, started_at: at(1), finished_at: at(2) } }),
    );
    const again = diffView(failed.next, view("queued", {}));
    expect(
      again.events.map((e) => (e.event === "step" ? `${e.data.step}:${e.data.state}` : e.data.status)),
    ).toEqual(["queued", "s09:pending"]);
  });

  it("ignores a cursor it cannot read", () => {
    expect(parseCursor("garbage")).toBeUndefined();
    expect(parseCursor("r-p0")).toBeUndefined();
    expect(parseCursor(cursorOf(initialState()))).toEqual(initialState());
  });
});
