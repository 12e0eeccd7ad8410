import type { RedisClient } from "@mistflow/config";
import type { IpamAllocator, IpamConfig } from "@mistflow/ipam";
import type { Logger } from "@mistflow/logger";
import type { TokenPool } from "@mistflow/mist-client";
import type { Queue } from "bullmq";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { type AuthDeps, requireScope } from "./auth";
import { adminAuth, mountBoard } from "./board";
import { ApiError, onError } from "./errors";
import {
  deploymentRoutes,
  healthRoutes,
  ipamRoutes,
  legacyRoutes,
  metricsRoutes,
  orgRoutes,
  webhookRoutes,
} from "./routes";
import type { SubmitDeps } from "./submit";
import type { DeliveryDedup, WebhookSources } from "./webhooks";

export interface AppDeps extends SubmitDeps {
  redis: RedisClient;
  log: Logger;
  bodyLimitBytes: number;
  legacyBlueprint: string;
  board?: { queues: Queue[]; username: string; password: string };
  /** Mist tokens, for the connection probe; the API itself never calls Mist otherwise. */
  mist?: TokenPool;
  ipam?: { allocator: IpamAllocator; config: IpamConfig };
  /** Ticketing sources from `WEBHOOKS_CONFIG_FILE`; without them `/v1/webhooks/*` is 404. */
  webhooks?: { sources: WebhookSources; dedup: DeliveryDedup };
  /**
   * API keys with scopes. Without them the API is open, which is for a laptop only: the server
   * logs a warning at start-up.
   */
  auth?: AuthDeps;
  /** Queues whose depth `/metrics` exports (Prometheus text; KEDA scales workers on it). */
  metricsQueues?: Queue[];
}

/** Pure wiring: no listening socket, no env, so tests can drive it with `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(onError(deps.log));
  app.notFound((c) =>
    c.json({ error: "not_found", message: `no route for ${c.req.method} ${c.req.path}` }, 404),
  );
  app.use("*", secureHeaders());
  const limit = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `body: larger than ${deps.bodyLimitBytes} bytes`, [
        { field: "body", message: `larger than ${deps.bodyLimitBytes} bytes` },
      ]);
    },
  });
  app.use("/v1/*", limit);
  app.use("/orchestrator/*", limit);

  if (deps.auth) {
    // Webhooks are not here: they prove themselves with signatures, not keys.
    app.on(
      "POST",
      ["/v1/deployments", "/v1/deployments/*", "/orchestrator/*"],
      requireScope(deps.auth, "deployments:write"),
    );
    app.on(
      "GET",
      ["/v1/deployments", "/v1/deployments/*", "/v1/ipam/*", "/v1/orgs/*"],
      requireScope(deps.auth, "read"),
    );
    app.on("DELETE", "/v1/ipam/*", requireScope(deps.auth, "admin"));
  }

  app.route("/", healthRoutes(deps.redis));
  if (deps.metricsQueues) app.route("/", metricsRoutes(deps.metricsQueues));
  app.route("/v1/deployments", deploymentRoutes(deps));
  app.route("/orchestrator", legacyRoutes(deps, deps.legacyBlueprint));
  app.route("/v1/orgs", orgRoutes(deps.mist));
  if (deps.webhooks) app.route("/v1/webhooks", webhookRoutes({ ...deps, ...deps.webhooks }));
  if (deps.ipam) {
    const admin: MiddlewareHandler = deps.auth
      ? (_c, next) => next() // the admin scope was checked above
      : deps.board
        ? adminAuth(deps.board.username, deps.board.password)
        : () => {
            throw new ApiError(403, "forbidden", "admin credentials are not configured on this server");
          };
    app.route("/v1/ipam", ipamRoutes({ ...deps.ipam, admin }));
  }
  if (deps.board) mountBoard(app, { ...deps.board, ...(deps.auth ? { keyring: deps.auth.keyring } : {}) });
  return app;
}
