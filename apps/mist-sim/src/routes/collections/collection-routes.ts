import { Hono } from "hono";
import { notFound } from "../../errors";
import { requireOrg } from "../../http/access";
import { omitKeys, readObject } from "../../http/body";
import { paginate } from "../../http/pagination";
import { pathParam } from "../../http/params";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { createStored, mergeStored } from "../../state/objects";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import { type JsonObject, READ_ONLY_FIELDS, type StoredObject } from "../../state/types";
import type { CollectionSpec } from "./collection-spec";

/**
 * `GET|POST /orgs/{org_id}/<kind>` and `GET|PUT|DELETE /orgs/{org_id}/<kind>/{id}`. Objects are
 * stored as sent plus server fields; duplicate names are accepted (Mist declares no uniqueness).
 */
export function collectionRoutes(state: SimState, spec: CollectionSpec): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const base = `/orgs/:org_id/${spec.kind}`;
  const ignored = [...READ_ONLY_FIELDS, ...(spec.readOnly ?? [])];
  const view = (org: OrgState, item: StoredObject): JsonObject => (spec.view ? spec.view(org, item) : item);
  const lookup = (org: OrgState, id: string): StoredObject => {
    const item = org.collection(spec.kind).get(id);
    if (!item) throw notFound();
    return item;
  };

  app.get(base, (c) => {
    const org = requireOrg(c, state, pathParam(c, "org_id"));
    const items = org.collection(spec.kind).list();
    return paginate(
      c,
      (spec.filter ? spec.filter(c, items) : items).map((i) => view(org, i)),
    );
  });

  app.post(base, async (c) => {
    const org = requireOrg(c, state, pathParam(c, "org_id"));
    const body = validate(spec.create, omitKeys(await readObject(c), ignored));
    const item = org.collection(spec.kind).put(createStored(body, org.id, state.nowSeconds()));
    return c.json(view(org, item));
  });

  app.get(`${base}/:id`, (c) => {
    const org = requireOrg(c, state, pathParam(c, "org_id"));
    return c.json(view(org, lookup(org, pathParam(c, "id"))));
  });

  app.put(`${base}/:id`, async (c) => {
    const org = requireOrg(c, state, pathParam(c, "org_id"));
    const existing = lookup(org, pathParam(c, "id"));
    const patch = validate(spec.update, omitKeys(await readObject(c), ignored));
    const item = org.collection(spec.kind).put(mergeStored(existing, patch, state.nowSeconds()));
    return c.json(view(org, item));
  });

  app.delete(`${base}/:id`, (c) => {
    const org = requireOrg(c, state, pathParam(c, "org_id"));
    const item = lookup(org, pathParam(c, "id"));
    spec.onDelete?.(org, item, state.nowSeconds());
    org.collection(spec.kind).delete(item.id);
    return c.body(null, 200);
  });

  return app;
}
