import { badRequest } from "../../errors";
import type { OrgState } from "../../state/org-state";
import type { JsonObject, StoredObject } from "../../state/types";

export function findPskByName(org: OrgState, name: string): StoredObject | undefined {
  return org
    .collection("psks")
    .list()
    .find((p) => p.name === name);
}

/** PSK names are a key per org (the spec's `upsert` replaces "a key … with the same name"). */
export function assertNameFree(org: OrgState, name: unknown, exceptId?: string): void {
  if (typeof name !== "string") return;
  const clash = findPskByName(org, name);
  if (clash && clash.id !== exceptId) throw badRequest(`PSK with name '${name}' already exists`);
}

/**
 * Rotation bookkeeping (assumed, docs/design/mist-api.md §5.5): when the passphrase changes, the previous one is
 * kept in `old_passphrase` until `delete_old_passphrase` is called or it rotates again.
 */
export function withRotation(previous: StoredObject, next: JsonObject): JsonObject {
  if (typeof next.passphrase === "string" && next.passphrase !== previous.passphrase) {
    return { ...next, old_passphrase: previous.passphrase };
  }
  if (previous.old_passphrase !== undefined && next.old_passphrase === undefined) {
    return { ...next, old_passphrase: previous.old_passphrase };
  }
  return next;
}
