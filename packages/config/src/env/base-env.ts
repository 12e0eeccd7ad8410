import { z } from "zod";

/** Variables every mistflow process reads. */
export const BaseEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /**
   * Key prefix of every queue and record. The braces are a Redis Cluster hash tag: a BullMQ flow
   * spans several queues and must live in one slot.
   */
  MISTFLOW_PREFIX: z
    .string()
    .regex(/^\{[A-Za-z0-9_.-]+\}$/, "must be a hash tag such as {mistflow}")
    .default("{mistflow}"),
});
export type BaseEnv = z.infer<typeof BaseEnv>;
