import { defineConfig } from "vitest/config";

/**
 * The second pass on a 3-master Redis Cluster runs the suites whose Redis data paths differ on a
 * cluster: every Lua script (records, batches, lifecycle, upgrades, PSK rotations, IPAM, limiter
 * keys per API key), flows and attached children, locks, the metrics hash. Suites about processes,
 * the network or a Redis of their own (chaos-kill, chaos-redis, chaos-storms, faulty-mist,
 * worker-lifecycle, the browser, manifests) and `cluster` itself, which starts its own cluster
 * with two processes per domain, run once.
 */
const CLUSTER_SUITES = [
  "spine",
  "late-binding",
  "caller-token",
  "api-keys",
  "ticketing",
  "batch-events",
  "retry-cancel",
  "plan",
  "observability",
  "assurance",
  "upgrades",
  "psk-rotation",
];

const onCluster = process.env.MISTFLOW_TEST_REDIS === "cluster";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    include: onCluster ? CLUSTER_SUITES.map((s) => `${s}.e2e.test.ts`) : ["**/*.e2e.test.ts"],
    globalSetup: ["../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 120000,
    // Each file starts a whole stack of processes; one at a time keeps 2-core machines honest
    // about timing (the budget and ordering suites measure it).
    fileParallelism: false,
    hookTimeout: 120000,
  },
});
