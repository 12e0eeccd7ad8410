import { Hono } from "hono";
import { notFound } from "../../errors";
import { requireOrg } from "../../http/access";
import { omitKeys, readObject } from "../../http/body";
import { boolParam, paginate } from "../../http/pagination";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { createStored, mergeStored } from "../../state/objects";
import type { OrgState } from "../../state/org-state";
import type { SimState } from "../../state/sim-state";
import { READ_ONLY_FIELDS, type StoredObject } from "../../state/types";
import { PSK_READ_ONLY, PskCreate, PskUpdate } from "./psk-schema";
import { assertNameFree, findPskByName, withRotation } from "./psk-store";

const IGNORED = [...READ_ONLY_FIELDS, ...PSK_READ_ONLY];

/** Org PSKs (docs/design/mist-api.md §2.13): name-keyed create with `?upsert=true`, rotation via `old_passphrase`. */
export function pskRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const base = "/orgs/:org_id/psks";
  const lookup = (org: OrgState, id: string): StoredObject => {
    const psk = org.collection("psks").get(id);
    if (!psk) throw notFound();
    return psk;
  };

  app.get(base, (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const filters = (["name", "ssid", "role"] as const)
      .map((f) => [f, c.req.query(f)] as const)
      .filter(([, v]) => v !== undefined && v !== "");
    const psks = org
      .collection("psks")
      .list()
      .filter((p) => filters.every(([f, v]) => p[f] === v));
    return paginate(c, psks);
  });

  app.post(base, async (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const body = validate(PskCreate, omitKeys(await readObject(c), IGNORED));
    const now = state.nowSeconds();
    const existing = findPskByName(org, body.name);
    if (existing && boolParam(c, "upsert") === true) {
      // Upsert replaces the whole PSK but keeps its identity, so references stay valid.
      const replaced = {
        ...withRotation(existing, body),
        id: existing.id,
        org_id: org.id,
        created_time: existing.created_time,
        modified_time: now,
      };
      return c.json(org.collection("psks").put(replaced));
    }
    assertNameFree(org, body.name);
    return c.json(org.collection("psks").put(createStored(body, org.id, now)));
  });

  app.get(`${base}/:id`, (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    return c.json(lookup(org, c.req.param("id")));
  });

  app.put(`${base}/:id`, async (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const existing = lookup(org, c.req.param("id"));
    const patch = validate(PskUpdate, omitKeys(await readObject(c), IGNORED));
    assertNameFree(org, patch.name, existing.id);
    const merged = mergeStored(existing, withRotation(existing, patch), state.nowSeconds());
    return c.json(org.collection("psks").put(merged));
  });

  app.delete(`${base}/:id`, (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    org.collection("psks").delete(lookup(org, c.req.param("id")).id);
    return c.body(null, 200);
  });

  // "Delete old_passphrase from PSK. If successful, response is same as GET" (spec).
  app.post(`${base}/:id/delete_old_passphrase`, (c) => {
    const org = requireOrg(c, state, c.req.param("org_id"));
    const { old_passphrase: _dropped, ...rest } = lookup(org, c.req.param("id"));
    const updated = { ...rest, modified_time: state.nowSeconds() };
    return c.json(org.collection("psks").put(updated));
  });

  return app;
}
