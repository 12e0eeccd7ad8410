import { Hono } from "hono";
import type { SimEnv } from "../../http/types";
import { budgetKey } from "../../middleware/rate-limit/rate-limit-middleware";
import type { SimState } from "../../state/sim-state";

/** `GET /self` (whoami + privileges) and `GET /self/usage` (this token's budget, docs/design/mist-api.md §2.1). */
export function selfRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/self", (c) => {
    const token = c.get("token");
    if (!token) throw new Error("auth middleware did not run");
    const privileges = token.privileges.map((p) => {
      const orgName = state.orgs.get(p.org_id)?.name ?? null;
      return { scope: p.scope, role: p.role, org_id: p.org_id, org_name: orgName, name: orgName };
    });
    // The SDK tells org tokens from user tokens by the presence of `email` (docs/design/mist-api.md §2.1).
    if (token.kind === "org") return c.json({ name: token.name ?? token.alias, privileges });
    return c.json({
      email: token.email ?? `${token.alias}@sim.invalid`,
      first_name: token.first_name ?? token.alias,
      last_name: token.last_name ?? "",
      privileges,
    });
  });

  app.get("/self/usage", (c) => {
    const token = c.get("token");
    if (!token) throw new Error("auth middleware did not run");
    return c.json(state.rateLimiter.usage(budgetKey(token)));
  });

  return app;
}
