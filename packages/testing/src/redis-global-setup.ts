import type { TestProject } from "vitest/node";
import { resolveRedis } from "./redis";

import "./provided-context";

/** vitest globalSetup: one Redis per test run, handed to test files through `inject("redisUrl")`. */
export default async function setup(project: TestProject) {
  const redis = await resolveRedis({ log: (line) => console.log(line) });
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
