import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot } from "../document";
import { SPEC_UPDATES } from "./spec-updates";

describe("docs/blueprint-lint.md", () => {
  it("lists exactly the spec updates the code applies, with their versions", () => {
    const doc = readFileSync(join(findRepoRoot() as string, "docs", "blueprint-lint.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Spec updates"), doc.indexOf("## Pointing at the spec"));
    const rows = section
      .split("\n")
      .filter((l) => /^\| \d{4}\.\d+\.\d+/.test(l))
      .map((l) =>
        l
          .split("|")
          .map((c) => c.trim())
          .slice(1, 3),
      );
    expect(rows).toEqual(SPEC_UPDATES.map((u) => [u.since, u.field]));
  });
});
