import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * The second pass on a 3-master Redis Cluster runs the suites whose Redis data paths differ on a
 * cluster: every Lua script (records, batches, lifecycle, upgrades, PSK rotations, rollouts, IPAM
 * reservations and quarantines, limiter keys per API key, drift reports), flows and attached
 * children, locks, the metrics hash. A name is a suite of either kind (`<name>.int.test.ts` or
 * `<name>.e2e.test.ts`). Left out: suites that add no data path of their own (plan writes nothing;
 * faulty-mist and chaos-storms are the spine's paths under Mist faults; upgrades-gates refuses or
 * halts rollouts through the same scripts as upgrades), suites about processes,
 * the network or a Redis of their own (the kill -9 suites, chaos-redis, worker-lifecycle, the
 * browser, manifests), and `cluster` itself, which starts its own cluster with two processes per
 * domain.
 */
const CLUSTER_SUITES = [
  "spine",
  "ticketing",
  "observability",
  "late-binding",
  "batch-events",
  "retry-cancel",
  "caller-token",
  "api-keys",
  "assurance",
  "upgrades",
  "psk-rotation",
  "rollout",
  "decommission",
  "drift",
  "import",
];
const suiteFiles = (kind: "int" | "e2e") =>
  CLUSTER_SUITES.map((s) => `${s}.${kind}.test.ts`).filter((f) => existsSync(`${ROOT}test/${f}`));
// A renamed suite must not drop out of the cluster pass unnoticed.
const unknown = CLUSTER_SUITES.filter(
  (s) => !existsSync(`${ROOT}test/${s}.int.test.ts`) && !existsSync(`${ROOT}test/${s}.e2e.test.ts`),
);
if (unknown.length) throw new Error(`CLUSTER_SUITES names no suite: ${unknown.join(", ")}`);

const onCluster = process.env.MISTFLOW_TEST_REDIS === "cluster";

/**
 * Process suites whose claims hold under a loaded machine (states, counts, documents, a browser),
 * so two may share the cores: project `e2e-paired`. The rest (the budget, step ordering, kill -9,
 * SIGTERM) run alone in `e2e`.
 */
const PAIRED_E2E = [
  "bull-board",
  "infra-manifests",
  "observability",
  "ticketing",
  "intake-processes",
  "cluster",
  "chaos-redis",
];
const unpaired = PAIRED_E2E.filter((s) => !existsSync(`${ROOT}test/${s}.e2e.test.ts`));
if (unpaired.length) throw new Error(`PAIRED_E2E names no suite: ${unpaired.join(", ")}`);
const E2E_TIMEOUTS = { testTimeout: 120_000, hookTimeout: 120_000 };
/** The e2e files of a pass (on a cluster only those in CLUSTER_SUITES), of `names` when given. */
const e2eFiles = (names?: readonly string[]) => {
  const all = onCluster ? suiteFiles("e2e") : ["**/*.e2e.test.ts"];
  if (!names) return all;
  const wanted = names.map((s) => `${s}.e2e.test.ts`);
  return onCluster ? all.filter((f) => wanted.includes(f)) : wanted;
};

const TIMEOUTS = { testTimeout: 20_000, hookTimeout: 30_000 };
// The unit, Redis and in-process suites run in worker threads: they start faster than forked
// processes (the package suites took 57 s against 71 s on 2 cores) and none needs a process of
// its own. The package suites also share each thread's module cache (isolate: false, 37 s): they
// keep no state between files beyond what each sets up under its own key prefix. The in-process
// suites stay isolated, one stack per file; the end-to-end suites keep forks, next to the
// processes they start.

/** Every app and package with sources is a project named after its directory: `--project ipam`. */
const packageProjects: TestProjectInlineConfiguration[] = ["apps", "packages"].flatMap((group) =>
  readdirSync(`${ROOT}${group}`)
    .filter((name) => existsSync(`${ROOT}${group}/${name}/src`))
    .map((name) => ({
      root: `${group}/${name}`,
      test: { name, include: ["src/**/*.test.ts"], pool: "threads", isolate: false, ...TIMEOUTS },
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
        test: {
          name: "integration",
          pool: "threads",
          include: onCluster ? suiteFiles("int") : ["**/*.int.test.ts"],
          ...TIMEOUTS,
          testTimeout: 60_000,
        },
      },
      {
        // Process suites that measure no timing and kill nothing on a deadline: two files at a
        // time, before the timed ones.
        root: "test",
        test: {
          name: "e2e-paired",
          include: e2eFiles(PAIRED_E2E),
          ...E2E_TIMEOUTS,
          maxWorkers: 2,
          // After every other project, never beside it: a pass that runs both (the cluster pass)
          // must not run process stacks beside in-process suites on the same two cores.
          sequence: { groupOrder: 1 },
        },
      },
      {
        root: "test",
        test: {
          name: "e2e",
          include: e2eFiles(),
          exclude: PAIRED_E2E.map((s) => `${s}.e2e.test.ts`),
          ...E2E_TIMEOUTS,
          // Each file starts a whole stack of processes; one at a time keeps 2-core machines honest
          // about timing (the budget, ordering and kill -9 suites depend on it).
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
