import { Hono } from "hono";
import { NO_FAILURES } from "../../firmware/failure-plan";
import { readObject } from "../../http/body";
import type { SimEnv } from "../../http/types";
import { validate } from "../../http/validation";
import type { SimState } from "../../state/sim-state";
import { FirmwareFailuresUpdate, FirmwareSettingsUpdate } from "./firmware-admin-schemas";

/** Upgrade timing and failure injection. Both apply to upgrades created afterwards. */
export function firmwareAdminRoutes(state: SimState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const settings = () => ({ phaseMs: state.firmware.phaseMs, failures: state.firmware.failures });

  app.get("/firmware", (c) => c.json(settings()));
  app.put("/firmware", async (c) => {
    state.firmware.phaseMs = validate(FirmwareSettingsUpdate, await readObject(c)).phaseMs;
    return c.json(settings());
  });

  app.get("/firmware/failures", (c) => c.json(state.firmware.failures));
  app.put("/firmware/failures", async (c) => {
    state.firmware.failures = validate(FirmwareFailuresUpdate, await readObject(c));
    return c.json(state.firmware.failures);
  });
  app.delete("/firmware/failures", (c) => {
    state.firmware.failures = NO_FAILURES;
    return c.body(null, 200);
  });

  return app;
}
