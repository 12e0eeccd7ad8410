import { BlueprintCatalog } from "@mistflow/blueprints";
import type { RedisClient } from "@mistflow/config";
import { DeploymentStore } from "@mistflow/deployments";
import { createLogger } from "@mistflow/logger";
import type { FlowProducer } from "bullmq";
import type { Hono } from "hono";
import { type AppDeps, createApp } from "../app";

/**
 * The app as route tests need it: real Redis and BullMQ under the test's prefix, no blueprints,
 * a quiet logger; `extra` switches on what the test is about (keys, IPAM, PSK rotation…).
 */
export function testApp(
  redis: RedisClient,
  flows: FlowProducer,
  prefix: string,
  extra: Partial<AppDeps> = {},
): Hono {
  return createApp({
    store: new DeploymentStore(redis, prefix),
    flows,
    catalog: BlueprintCatalog.of(),
    policy: { attempts: 1, backoffMs: 1 },
    regions: ["NA-EAST"],
    redis,
    log: createLogger({ name: "test", level: "silent" }),
    bodyLimitBytes: 4096,
    legacyBlueprint: "x",
    ...extra,
  });
}
