import { describe, expect, it } from "vitest";
import { parseQuarantine } from "./decommission";

describe("parseQuarantine", () => {
  it("reads seconds and s/m/h/d durations", () => {
    expect(parseQuarantine("0")).toBe(0);
    expect(parseQuarantine("3600")).toBe(3600);
    expect(parseQuarantine("90s")).toBe(90);
    expect(parseQuarantine("30m")).toBe(1800);
    expect(parseQuarantine("12h")).toBe(43_200);
    expect(parseQuarantine("7d")).toBe(604_800);
  });

  it("names the flag for anything else", () => {
    for (const bad of ["", "7 days", "-1", "1.5h", "1w"])
      expect(() => parseQuarantine(bad)).toThrow(/--quarantine/);
  });
});
