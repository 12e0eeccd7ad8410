import { describe, expect, it } from "vitest";
import { SleSignal } from "./sle-signal";

describe("SleSignal", () => {
  const signal = SleSignal.overlay(
    [{ at: 1000, value: 0.9 }],
    [
      { at: 3000, value: 0.5 },
      { at: 5000, value: null },
    ],
  );

  it("has no data before the first point, then follows the base and the overrides", () => {
    expect(signal.valueAt(999)).toBeNull();
    expect(signal.valueAt(1000)).toBe(0.9);
    expect(signal.valueAt(3000)).toBe(0.5);
    expect(signal.valueAt(6000)).toBeNull();
  });

  it("averages over time, skipping stretches without data", () => {
    expect(signal.mean(0, 3000)).toBeCloseTo(0.9); // 0..1000 has no data
    expect(signal.mean(1000, 5000)).toBeCloseTo((0.9 * 2000 + 0.5 * 2000) / 4000);
    expect(signal.mean(1000, 9000)).toBeCloseTo(0.7); // 5000.. is null
    expect(signal.mean(5000, 9000)).toBeNull();
  });

  it("an override wins over the base from its time on, even when the base changes later", () => {
    const s = SleSignal.overlay(
      [
        { at: 0, value: null },
        { at: 2000, value: 0.95 },
      ],
      [{ at: 1000, value: 0.4 }],
    );
    expect(s.valueAt(500)).toBeNull();
    expect(s.valueAt(2500)).toBe(0.4);
  });

  it("samples report nothing for the future and the current value for a bucket that just began", () => {
    expect(signal.sample(8000, 9000, 7000)).toBeNull();
    expect(signal.sample(3000, 4000, 3000)).toBe(0.5); // zero elapsed: current value
    expect(signal.sample(1000, 4000, 3000)).toBeCloseTo(0.9); // only the elapsed part counts
    expect(signal.sample(0, 500, 9000)).toBeNull();
  });
});
