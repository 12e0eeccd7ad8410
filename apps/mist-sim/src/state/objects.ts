import { randomUUID } from "node:crypto";
import type { JsonObject, StoredObject } from "./types";

/** A new org object: the body as sent plus a fresh uuid v4, org id and timestamps. */
export function createStored(body: JsonObject, orgId: string, now: number): StoredObject {
  return { ...body, id: randomUUID(), org_id: orgId, created_time: now, modified_time: now };
}

/** PUT semantics (docs/design/mist-api.md §1): top-level fields in the patch replace, omitted fields stay. */
export function mergeStored<T extends StoredObject>(existing: T, patch: JsonObject, now: number): T {
  return {
    ...existing,
    ...patch,
    id: existing.id,
    org_id: existing.org_id,
    created_time: existing.created_time,
    modified_time: now,
  };
}
