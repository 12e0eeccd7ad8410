import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface FieldIssue {
  field: string;
  message: string;
  /** Blueprint lint only: the JSON path inside the blueprint (the same as `field`). */
  path?: string;
}

/**
 * An expected 4xx/5xx with a machine-readable code and, for validation, the fields at fault.
 * The one `onError` turns it into `{ error, message, issues? }`.
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
    /** More top-level fields of the answer (the lint's warnings beside its errors). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const validationError = (issues: FieldIssue[], status: ContentfulStatusCode = 400) =>
  new ApiError(status, "validation_failed", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
