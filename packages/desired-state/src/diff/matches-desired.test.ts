import { describe, expect, it } from "vitest";
import { matchesDesired } from "./matches-desired";

describe("matchesDesired", () => {
  it("compares only what we send, in order", () => {
    const mist = { id: "a", name: "n", tags: ["x", "y"], nested: { a: 1, b: 2 } };
    expect(matchesDesired({ name: "n", nested: { a: 1 } }, mist)).toBe(true);
    expect(matchesDesired({ tags: ["y", "x"] }, mist)).toBe(false);
    expect(matchesDesired({ nested: [] }, mist)).toBe(false);
  });
});
