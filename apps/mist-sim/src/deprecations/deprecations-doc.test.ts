import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot } from "../contract";
import { BASIC_AUTH_DEPRECATION, REQUEST_DEPRECATIONS } from "./deprecated-requests";

/** The rows of the "what the simulator marks" table in docs/mist-api-changes.md. */
function documentedRows(): string[][] {
  const root = findRepoRoot();
  if (!root) throw new Error("repository root not found");
  const doc = readFileSync(join(root, "docs", "mist-api-changes.md"), "utf8");
  const section = doc.split("## Deprecated in requests: what the simulator marks")[1]?.split("\n## ")[0];
  if (!section) throw new Error("docs/mist-api-changes.md lacks the deprecated-requests table");
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| Since") && !line.startsWith("| ---"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const code = (text: string) => text.match(/`([^`]+)`/)?.[1];

describe("the documented list of deprecated request fields", () => {
  it("holds exactly the entries the simulator marks", () => {
    const documented = documentedRows().map(([since, operation = "", field = ""]) => ({
      since,
      operation: code(operation),
      field: field === "(the operation)" ? undefined : field === "Basic auth" ? "basic" : code(field),
    }));
    const marked = [
      ...REQUEST_DEPRECATIONS.map((d) => ({
        since: d.since,
        operation: `${d.method} ${d.path}`,
        field: d.field,
      })),
      { since: BASIC_AUTH_DEPRECATION.since, operation: undefined, field: "basic" },
    ];
    expect(documented).toEqual(marked);
  });
});
