/** A field of the request at fault, as the API's validation errors name them. */
export interface PlanIssue {
  field: string;
  message: string;
}

/**
 * A plan refused for what was asked, not for what Mist answered: an unknown blueprint
 * (`not_found`) or fields that cannot be planned (`invalid`). The API answers 404 / 422 with the
 * issues; the planner stays free of HTTP.
 */
export class PlanRefusal extends Error {
  override name = "PlanRefusal";
  constructor(
    readonly kind: "not_found" | "invalid",
    message: string,
    readonly issues: readonly PlanIssue[] = [],
  ) {
    super(message);
  }

  static invalid(issues: readonly PlanIssue[]): PlanRefusal {
    return new PlanRefusal("invalid", issues.map((i) => `${i.field}: ${i.message}`).join("; "), issues);
  }
}

export const isPlanRefusal = (e: unknown): e is PlanRefusal => e instanceof PlanRefusal;
