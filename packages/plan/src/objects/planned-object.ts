import type { PlanFieldChange, PlannedObject, StepId } from "@mistflow/contracts";
import { diffDesired } from "@mistflow/desired-state";

type Body = Record<string, unknown>;

/**
 * Stands in for the id of an object the deployment would create: the real id exists only after
 * the create, so anything that refers to it would change too.
 */
export const pendingId = (kind: string, name: string): string => `<id of new ${kind} ${name}>`;

const SECRET_KEY = /passphrase|password|secret|token|api_?key|^psk$/i;
const REDACTED = "[redacted]";

/** Secrets never leave the API, even ones a blueprint carries in a Mist body (a WLAN `auth.psk`). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== null && typeof v !== "object" ? REDACTED : redact(v),
      ]),
    );
  return value;
}

const secretPath = (path: string) => path.split(/[.[\]"]+/).some((segment) => SECRET_KEY.test(segment));

export const redactChange = (c: PlanFieldChange): PlanFieldChange =>
  secretPath(c.path)
    ? { path: c.path, ...("current" in c ? { current: REDACTED } : {}), desired: REDACTED }
    : { path: c.path, ...("current" in c ? { current: redact(c.current) } : {}), desired: redact(c.desired) };

/** create when Mist has no such object, update with the fields that differ, or unchanged. */
export function planObject(
  step: StepId,
  kind: string,
  name: string,
  desired: Body,
  found: (Body & { id?: unknown }) | undefined,
): PlannedObject {
  if (!found) return { step, kind, name, action: "create", desired: redact(desired) as Body };
  const { changes, unknown } = diffDesired(desired, found);
  return {
    step,
    kind,
    name,
    action: changes.length > 0 ? "update" : "unchanged",
    ...(typeof found.id === "string" ? { mist_id: found.id } : {}),
    ...(changes.length > 0 ? { changes: changes.map(redactChange) } : {}),
    ...(unknown.length > 0 ? { unknown } : {}),
  };
}
