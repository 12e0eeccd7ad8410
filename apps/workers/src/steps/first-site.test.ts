import { describe, expect, it } from "vitest";
import { FIRST_SITE_POLL_MAX_MS, FIRST_SITE_POLL_MS, firstSitePollMs } from "./first-site";

describe("firstSitePollMs", () => {
  it("looks again quickly at first, then backs off to its cap", () => {
    expect(firstSitePollMs(0)).toBe(FIRST_SITE_POLL_MS);
    expect(firstSitePollMs(1_000)).toBe(500);
    expect(firstSitePollMs(3_000)).toBe(1_500);
    expect(firstSitePollMs(60_000)).toBe(FIRST_SITE_POLL_MAX_MS);
  });
});
