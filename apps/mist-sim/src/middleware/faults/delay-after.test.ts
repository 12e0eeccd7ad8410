import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_ORG_ID } from "../../seed/default-seed";
import { useSim } from "../../test-support/use-sim";

const ORG = `/orgs/${DEFAULT_ORG_ID}`;

describe("delay_after faults: the work is done, the answer is late or lost", () => {
  const ctx = useSim();
  afterEach(async () => {
    await ctx.api.admin("DELETE", "/faults");
  });

  it("creates the object even when the client gives up before the answer", async () => {
    await ctx.api.admin("POST", "/faults", {
      method: "POST",
      path: "^/orgs/[^/]+/rftemplates$",
      delay_ms: 400,
      delay_after: true,
      times: 1,
    });
    await expect(
      ctx.api.post(`${ORG}/rftemplates`, { name: "lost-answer" }, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    const names = (await ctx.api.get(`${ORG}/rftemplates`)).body.map((t: { name: string }) => t.name);
    expect(names).toEqual(["lost-answer"]);
  });

  it("an ordinary delay drops the request the client abandoned", async () => {
    await ctx.api.admin("POST", "/faults", {
      method: "POST",
      path: "^/orgs/[^/]+/rftemplates$",
      delay_ms: 400,
      times: 1,
    });
    await expect(
      ctx.api.post(`${ORG}/rftemplates`, { name: "never" }, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect((await ctx.api.get(`${ORG}/rftemplates`)).body).toEqual([]);
  });

  it("needs delay_ms and refuses a status or hang", async () => {
    const bad = await ctx.api.admin("POST", "/faults", { path: ".*", delay_after: true, status: 500 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("delay_after");
  });
});
