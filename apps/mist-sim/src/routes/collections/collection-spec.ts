import type { Context } from "hono";
import type { z } from "zod";
import type { SimEnv } from "../../http/types";
import type { OrgState } from "../../state/org-state";
import type { CollectionKind, JsonObject, StoredObject } from "../../state/types";

/** How one org collection differs from the generic list/create/get/update/delete behaviour. */
export interface CollectionSpec {
  kind: CollectionKind;
  /** POST body: required fields per spec (or as documented in the README). */
  create: z.ZodType<JsonObject>;
  /** PUT body: partial; present fields must still be valid. */
  update: z.ZodType<JsonObject>;
  /** Server-owned fields beyond id/org_id/times, ignored when sent. */
  readOnly?: readonly string[];
  /** List query filters. */
  filter?: (c: Context<SimEnv>, items: StoredObject[]) => StoredObject[];
  /** Response shape, e.g. derived fields. Defaults to the stored object. */
  view?: (org: OrgState, item: StoredObject) => JsonObject;
  /** Clean up references before the object is deleted. */
  onDelete?: (org: OrgState, item: StoredObject, now: number) => void;
}
