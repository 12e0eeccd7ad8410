import type { Context } from "hono";
import { forbidden, notFound } from "../errors";
import type { OrgState } from "../state/org-state";
import type { SimState } from "../state/sim-state";
import type { StoredObject } from "../state/types";
import type { SimEnv } from "./types";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The caller's org role must allow the method: read tokens may only read. Privileges are checked
 * before existence for orgs, so a foreign or unknown org id is a 403 (the token has no rights there).
 */
function assertRole(c: Context<SimEnv>, orgId: string): void {
  const token = c.get("token");
  const privilege = token?.privileges.find((p) => p.scope === "org" && p.org_id === orgId);
  if (!privilege) throw forbidden();
  if (privilege.role === "read" && !READ_METHODS.has(c.req.method)) throw forbidden();
}

export function requireOrg(c: Context<SimEnv>, state: SimState, orgId: string): OrgState {
  c.set("orgId", orgId);
  assertRole(c, orgId);
  const org = state.orgs.get(orgId);
  if (!org) throw notFound();
  return org;
}

/** Site routes carry no org id: a missing site is a 404, a site of another org a 403. */
export function requireSite(
  c: Context<SimEnv>,
  state: SimState,
  siteId: string,
): { org: OrgState; site: StoredObject } {
  const found = state.findSite(siteId);
  if (!found) throw notFound();
  c.set("orgId", found.org.id);
  assertRole(c, found.org.id);
  return found;
}
