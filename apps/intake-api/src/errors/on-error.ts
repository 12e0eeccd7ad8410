import type { Logger } from "@mistflow/logger";
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "./api-error";

/** ioredis and BullMQ connection failures: the dependency is down, not the request wrong. */
const isRedisUnavailable = (e: Error): boolean =>
  /enableOfflineQueue|Connection is closed|ECONNREFUSED|Stream isn't writeable|Command timed out|max retries per request/i.test(
    e.message,
  );

export const onError =
  (log: Logger): ErrorHandler =>
  (err, c) => {
    if (err instanceof ApiError) {
      return c.json(
        {
          error: err.code,
          message: err.message,
          ...(err.issues ? { issues: err.issues } : {}),
          ...(err.details ?? {}),
        },
        err.status,
      );
    }
    if (err instanceof HTTPException) {
      // The thrower's headers carry meaning: without basic auth's WWW-Authenticate challenge a
      // browser shows a bare 401 instead of asking for the Bull Board login.
      for (const [name, value] of err.getResponse().headers)
        if (!/^content-(type|length)$/i.test(name)) c.header(name, value);
      return c.json({ error: "http_error", message: err.message || "request rejected" }, err.status);
    }
    if (isRedisUnavailable(err)) {
      log.warn({ err: err.message }, "redis unavailable");
      c.header("Retry-After", "5");
      return c.json(
        { error: "unavailable", message: "the deployment store is unavailable; retry shortly" },
        503,
      );
    }
    log.error({ err }, "unhandled error");
    return c.json({ error: "internal", message: "internal error" }, 500);
  };
