import { describe, expect, it } from "vitest";
import { upgradeProgress } from "./upgrade-progress";
import type { SiteUpgrade } from "./upgrade-types";

const PHASE = 1000;

function upgrade(overrides: Partial<SiteUpgrade> = {}): SiteUpgrade {
  const plan = overrides.plan ?? [["a", "b"]];
  return {
    id: "u",
    site_id: "s",
    org_id: "o",
    created_at: 0,
    start_at: 0,
    phase_ms: PHASE,
    strategy: "big_bang",
    target_version: "2",
    targets: Object.fromEntries(plan.flat().map((m) => [m, "2"])),
    plan,
    skipped: [],
    failing: [],
    force: false,
    reboot: false,
    reboot_at: undefined,
    enable_p2p: false,
    max_failure_percentage: 5,
    max_failures: undefined,
    canary_phases: [1, 10, 50, 100],
    cancelled_at: undefined,
    applied: [],
    settled: false,
    ...overrides,
  };
}

const at = (u: SiteUpgrade, t: number) => upgradeProgress(u, t);

describe("upgradeProgress", () => {
  it("walks created → queued → downloading → upgrading → completed, one stage each", () => {
    const u = upgrade({ skipped: ["c"] });
    expect([0, 1000, 2000, 3000, 3600, 4000].map((t) => at(u, t).status)).toEqual([
      "created",
      "queued",
      "downloading",
      "upgrading",
      "upgrading",
      "completed",
    ]);
    expect(at(u, 0).states).toEqual({ a: "scheduled", b: "scheduled", c: "skipped" });
    expect(at(u, 1500).states.a).toBe("download_requested");
    expect(at(u, 2500).states.a).toBe("downloading");
    expect(at(u, 3200).states.a).toBe("downloaded");
    expect(at(u, 3600).states.a).toBe("reboot_in_progress");
    const done = at(u, 4000);
    expect(done).toMatchObject({ current_phase: 1, final: true, finishedAt: { a: 4000, b: 4000 } });
    expect(done.states).toEqual({ a: "upgraded", b: "upgraded", c: "skipped" });
  });

  it("waits for a future start time", () => {
    const u = upgrade({ start_at: 10_000 });
    expect(at(u, 10_999)).toMatchObject({ status: "created", current_phase: 0 });
    expect(at(u, 11_000).status).toBe("queued");
  });

  it("runs canary phases one after another and reports the current phase", () => {
    const u = upgrade({ strategy: "canary", plan: [["a"], ["b"], ["c", "d"]] });
    expect(at(u, 1000)).toMatchObject({ status: "queued", current_phase: 1 });
    expect(at(u, 4000)).toMatchObject({ status: "queued", current_phase: 2 });
    expect(at(u, 4000).states).toMatchObject({ a: "upgraded", b: "download_requested", c: "scheduled" });
    expect(at(u, 9999)).toMatchObject({ status: "upgrading", current_phase: 3 });
    expect(at(u, 10_000)).toMatchObject({ status: "completed", current_phase: 3 });
  });

  it("fails after the phase where failures pass max_failure_percentage and skips the rest", () => {
    const u = upgrade({ strategy: "canary", plan: [["a"], ["b"], ["c"]], failing: ["a"] });
    expect(at(u, 3999).status).toBe("upgrading");
    const failed = at(u, 4000);
    expect(failed).toMatchObject({ status: "failed", current_phase: 1, final: true });
    expect(failed.states).toEqual({ a: "failed", b: "skipped", c: "skipped" });
  });

  it("completes with a few failed devices below the threshold", () => {
    const u = upgrade({ plan: [["a", "b", "c", "d"]], failing: ["d"], max_failure_percentage: 25 });
    expect(at(u, 4000).status).toBe("completed");
    expect(at(u, 4000).states.d).toBe("failed");
  });

  it("cancel skips devices that had not begun rebooting; rebooting ones finish", () => {
    const u = upgrade({ strategy: "serial", plan: [["a"], ["b"], ["c"]], cancelled_at: 6600 });
    expect(at(u, 6000).status).toBe("upgrading"); // not cancelled yet
    const after = at(u, 6600);
    expect(after.status).toBe("cancelled");
    expect(after.states).toEqual({ a: "upgraded", b: "reboot_in_progress", c: "skipped" });
    expect(at(u, 7000).states.b).toBe("upgraded");
    expect(at(u, 7000).final).toBe(true);
  });

  it("an upgrade with nothing to do completes at once", () => {
    expect(at(upgrade({ plan: [], targets: {}, skipped: ["a"] }), 0)).toMatchObject({
      status: "completed",
      final: true,
    });
  });
});
