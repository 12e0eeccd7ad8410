import { Hono } from "hono";
import { z } from "zod";
import { MistApiError, notFound } from "../../errors";
import { readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import { FaultSpec } from "../../middleware/faults/fault-spec";
import type { SimState } from "../../state/sim-state";
import { COLLECTION_KINDS } from "../../state/types";
import { LedgerParams, RateLimitUpdate } from "./admin-schemas";
import { countState } from "./counts";
import { dumpKind, EXTRA_DUMP_KINDS } from "./dump";
import { firmwareAdminRoutes } from "./firmware-admin-routes";
import { preflightAdminRoutes } from "./preflight-admin-routes";
import { sleAdminRoutes } from "./sle-admin-routes";

/**
 * Test-harness API under /__sim. No Mist auth, never counted in the ledger or rate limit, never
 * faulted. Bind the simulator to localhost (the default) if that matters on your network.
 */
export function adminRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get("/health", (c) => c.json({ ok: true }));

  app.get("/ledger", (c) => c.json(state.ledger.list(validate(LedgerParams, c.req.query()))));

  app.get("/counts", (c) => c.json(countState(state)));

  // Before the dump route: `GET /orgs/{id}/setting` is the org setting, not a dump kind.
  app.route("/", preflightAdminRoutes(state));

  app.get("/orgs/:org_id/:kind", (c) => {
    const org = state.orgs.get(c.req.param("org_id"));
    if (!org) throw notFound();
    const data = dumpKind(org, c.req.param("kind"));
    if (data === undefined) {
      const kinds = [...EXTRA_DUMP_KINDS, ...COLLECTION_KINDS].join(", ");
      throw new MistApiError(404, { detail: `unknown kind '${c.req.param("kind")}'; one of: ${kinds}` });
    }
    return c.json(data);
  });

  app.post("/faults", async (c) => c.json(state.faults.add(validate(FaultSpec, await readObject(c)))));
  app.get("/faults", (c) => c.json(state.faults.list()));
  app.delete("/faults", (c) => {
    state.faults.clear();
    return c.body(null, 200);
  });
  app.delete("/faults/:id", (c) => {
    if (!state.faults.remove(c.req.param("id"))) throw notFound();
    return c.body(null, 200);
  });

  app.get("/rate-limit", (c) => c.json({ rateLimit: state.rateLimiter.current }));
  app.post("/rate-limit", async (c) => {
    const update = validate(RateLimitUpdate, await readObject(c));
    state.rateLimiter.configure(
      "perWindow" in update ? { perWindow: update.perWindow, windowMs: update.windowMs } : false,
    );
    return c.json({ rateLimit: state.rateLimiter.current });
  });

  app.route("/", sleAdminRoutes(state));
  app.route("/", firmwareAdminRoutes(state));

  app.post("/reset", (c) => {
    state.reset();
    return c.json({ ok: true });
  });

  app.post("/snapshot", (c) => c.json(state.snapshot()));
  app.post("/restore", async (c) => {
    const body = await readObject(c);
    try {
      state.restore(body);
    } catch (err) {
      if (err instanceof z.ZodError) {
        throw new MistApiError(400, { detail: "invalid snapshot", reason: z.prettifyError(err) });
      }
      throw err;
    }
    return c.json({ ok: true });
  });

  return app;
}
