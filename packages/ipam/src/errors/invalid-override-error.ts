/** A site variable override that would break the plan's guarantees; `variable` names the culprit. */
export class InvalidOverrideError extends Error {
  override readonly name = "InvalidOverrideError";
  readonly variable: string;
  readonly value: string;

  constructor(variable: string, value: string, reason: string) {
    super(`override ${variable}=${JSON.stringify(value)} rejected: ${reason}`);
    this.variable = variable;
    this.value = value;
  }
}

export const isInvalidOverrideError = (e: unknown): e is InvalidOverrideError =>
  e instanceof Error && e.name === "InvalidOverrideError";
