import { hasErrorName } from "./has-name";
import { MistApiError } from "./mist-api-error";

export interface SchemaIssue {
  /** Field path inside the response body, e.g. `[0].id`; empty for the body itself. */
  path: string;
  message: string;
}

export interface MistSchemaErrorInit {
  method: string;
  path: string;
  status: number;
  issues: readonly SchemaIssue[];
}

/**
 * A 2xx response did not match what the client relies on. Permanent: Mist changed shape or our
 * schema is wrong, and retrying returns the same body. Issues carry paths and messages, not values.
 */
export class MistSchemaError extends MistApiError {
  readonly issues: readonly SchemaIssue[];

  constructor(init: MistSchemaErrorInit) {
    const first = init.issues[0];
    const where = first === undefined || first.path === "" ? "response body" : `response field ${first.path}`;
    const more = init.issues.length > 1 ? ` (+${init.issues.length - 1} more)` : "";
    super(`${init.method} ${init.path}: ${where}: ${first?.message ?? "invalid"}${more}`, {
      status: init.status,
      detail: undefined,
      method: init.method,
      path: init.path,
      permanent: true,
    });
    this.name = "MistSchemaError";
    this.issues = init.issues;
  }
}

export function isMistSchemaError(e: unknown): e is MistSchemaError {
  return hasErrorName(e, "MistSchemaError");
}
