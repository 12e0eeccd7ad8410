import { z } from "zod";

/** Variables every mistflow process reads. */
export const BaseEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `redis://…` (or `rediss://`) for one server; `redis-cluster://host:port,host:port` for a cluster. */
  REDIS_URL: z
    .string()
    .refine(
      (v) => /^rediss?:\/\/\S+$/.test(v) || /^redis-cluster:\/\/[^\s,/]+:\d+(,[^\s,/]+:\d+)*$/.test(v),
      {
        message: "must be redis://host:port[/db] or redis-cluster://host:port,host:port",
      },
    )
    .default("redis://127.0.0.1:6379"),
  /**
   * Key prefix of every queue and record. The braces are a Redis Cluster hash tag: a BullMQ flow
   * spans several queues and must live in one slot.
   */
  MISTFLOW_PREFIX: z
    .string()
    .regex(/^\{[A-Za-z0-9_.-]+\}$/, "must be a hash tag such as {mistflow}")
    .default("{mistflow}"),
  /**
   * OpenTelemetry traces go to this OTLP/HTTP collector (`/v1/traces` is appended; the TRACES
   * variant is used as is). Unset: no SDK is started and tracing costs nothing.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});
export type BaseEnv = z.infer<typeof BaseEnv>;
