import type { z } from "zod";
import type { FieldIssue } from "./api-error";

/** zod issues as `field: message`, with the field path written the way a caller wrote the body. */
export const fieldIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => {
    const field = issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replace(/\.\[/g, "[");
    if (issue.code === "unrecognized_keys") {
      return { field: field || "body", message: `unknown field(s): ${issue.keys.join(", ")}` };
    }
    if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
      return { field: field || "body", message: "is required" };
    }
    return { field: field || "body", message: issue.message };
  });
