import type { FieldTrigger } from "@mistflow/contracts";
import { readPath } from "../mapping";

export const sameText = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

const text = (v: unknown): string =>
  typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? String(v)
    : v && typeof v === "object" && typeof (v as { value?: unknown }).value === "string"
      ? String((v as { value: string }).value)
      : "";

/** Undefined when the trigger matches, else why not (for the 202 "ignored" answer). */
export function unmatchedTrigger(trigger: FieldTrigger, subject: unknown): string | undefined {
  const actual = text(readPath(subject, trigger.field));
  if (trigger.equals.some((e) => sameText(e, actual))) return undefined;
  const wanted = trigger.equals.map((e) => JSON.stringify(e)).join(" or ");
  return `${trigger.field} is ${JSON.stringify(actual)}; deployments start when it is ${wanted}`;
}
