import type { RedisClient } from "@mistflow/config";
import { Hono } from "hono";

/** `/healthz`: the process is up. `/readyz`: it can take deployments, i.e. Redis answers. */
export function healthRoutes(redis: RedisClient) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.get("/readyz", async (c) => {
    try {
      const pong = await Promise.race([
        redis.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 1_000)),
      ]);
      return c.json({ ok: pong === "PONG", redis: "up" });
    } catch {
      return c.json({ ok: false, redis: "down" }, 503);
    }
  });
  return app;
}
