import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * The second pass on a 3-master Redis Cluster runs the suites whose Redis data paths differ on a
 * cluster: every Lua script (records, batches, lifecycle, upgrades, PSK rotations, IPAM, limiter
 * keys per API key), flows and attached children, locks, the metrics hash. The in-process suites
 * (`integration`, `*.int.test.ts`) all run there; of the process suites, these. Suites about
 * processes, the network or a Redis of their own (the kill -9 suites, chaos-redis,
 * worker-lifecycle, the browser, manifests) and `cluster` itself, which starts its own cluster
 * with two processes per domain, run once.
 */
const CLUSTER_SUITES = ["spine", "ticketing", "observability"];

const onCluster = process.env.MISTFLOW_TEST_REDIS === "cluster";

const TIMEOUTS = { testTimeout: 20_000, hookTimeout: 30_000 };

/** Every app and package with sources is a project named after its directory: `--project ipam`. */
const packageProjects: TestProjectInlineConfiguration[] = ["apps", "packages"].flatMap((group) =>
  readdirSync(`${ROOT}${group}`)
    .filter((name) => existsSync(`${ROOT}${group}/${name}/src`))
    .map((name) => ({
      root: `${group}/${name}`,
      test: { name, include: ["src/**/*.test.ts"], ...TIMEOUTS },
    })),
);

export default defineConfig({
  root: ROOT,
  test: {
    reporters: ["default", "json"],
    // `--outputFile.json=<path>` moves it, as scripts/dev.mjs does for each of its passes.
    outputFile: { json: ".vitest-report.json" },
    // Here and not in the projects: the root's setup runs once per run and every project inherits
    // what it provides, so one Redis (or one cluster) serves them all; each test file still keys
    // its data under its own prefix.
    globalSetup: ["packages/testing/src/redis-global-setup.ts"],
    projects: [
      ...packageProjects,
      {
        // The product's apps in one process on real sockets, Redis and BullMQ (test/support/
        // in-process-stack.ts): cross-app claims that need no process boundary. Two files at a
        // time, as the packages run.
        root: "test",
        test: { name: "integration", include: ["**/*.int.test.ts"], ...TIMEOUTS, testTimeout: 60_000 },
      },
      {
        root: "test",
        test: {
          name: "e2e",
          include: onCluster ? CLUSTER_SUITES.map((s) => `${s}.e2e.test.ts`) : ["**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts a whole stack of processes; one at a time keeps 2-core machines honest
          // about timing (the budget and ordering suites measure it).
          fileParallelism: false,
        },
      },
    ],
  },
});
