import { resolveRedis } from "@mistflow/local-redis";
import type { TestProject } from "vitest/node";
import { OwnCluster } from "./own-cluster";

import "./provided-context";

/**
 * vitest globalSetup: one Redis per test run, handed to test files through `inject("redisUrl")`.
 * `MISTFLOW_TEST_REDIS=cluster` runs the same suites against a 3-master Redis Cluster instead.
 */
export default async function setup(project: TestProject) {
  if (process.env.MISTFLOW_TEST_REDIS === "cluster") {
    const cluster = await OwnCluster.start(3);
    console.log(`redis: started a 3-master cluster at ${cluster.url}`);
    project.provide("redisUrl", cluster.url);
    return () => cluster.stop();
  }
  const redis = await resolveRedis({ log: (line) => console.log(line) });
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
