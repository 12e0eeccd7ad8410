#!/usr/bin/env node
// The two README commands land here, so a fresh machine with only Node and npm can run them:
//   npm run demo [-- --keep]   install, build, run a real deployment against the simulator
//   npm test                   install, build, lint (biome, knip), typecheck, run every test suite
//   npm run bench              install, build, print and record the benchmarks (not part of the tests)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const PNPM_VERSION = "10.34.8";
const [command = "test", ...rest] = process.argv.slice(2);

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: false, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
};
const must = (cmd, args, opts) => {
  const status = run(cmd, args, opts);
  if (status !== 0) process.exit(status);
};

/** pnpm from PATH when it is the pinned major, else through npx (npm's registry, no global install). */
function pnpm() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().split(".")[0] === PNPM_VERSION.split(".")[0]) return ["pnpm"];
  return ["npx", "--yes", `pnpm@${PNPM_VERSION}`];
}
const [pn, ...pnArgs] = pnpm();
const p = (...args) => must(pn, [...pnArgs, ...args]);

p("install", "--frozen-lockfile", "--reporter=append-only");
p("exec", "turbo", "run", "build", "--output-logs=errors-only");

if (command === "demo") {
  must(process.execPath, ["apps/cli/dist/main.js", command, ...rest]);
} else if (command === "bench") {
  must(process.execPath, ["apps/bench/dist/main.js", ...rest]);
} else if (command === "test") {
  p("exec", "biome", "ci", ".");
  // Unused files, dependencies and exports (knip.config.ts); exits non-zero on any finding.
  p("exec", "knip");
  // One program over every app, package and suite (the root tsconfig.json): each file is checked
  // once, where a run per package re-checks the workspace sources it imports (~13 s against ~100 s).
  p("exec", "tsc", "-p", "tsconfig.json");
  rmSync("test-results/vitest", { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  /** One vitest run of the root config (vitest.config.ts), its counts added from its JSON report. */
  const suites = (name, args, env = process.env) => {
    const report = join("test-results", "vitest", `${name}.json`);
    const status = run(pn, [...pnArgs, "exec", "vitest", "run", ...args, `--outputFile.json=${report}`], {
      env,
    });
    if (existsSync(report)) {
      const json = JSON.parse(readFileSync(report, "utf8"));
      passed += json.numPassedTests ?? 0;
      failed += json.numFailedTests ?? 0;
      skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    }
    return status;
  };
  // Unit and Redis integration tests of every app and package, and the in-process suites of
  // test/*.int.test.ts, in one run, two files at a time
  // whatever the core count (vitest would take one on 2 cores): each file keys its Redis data under
  // its own prefix, and the timing-sensitive ones hold at two on a loaded 2-core machine.
  let status = suites("packages", ["--project", "!e2e*", "--maxWorkers=2"]);
  // The end-to-end suites start whole stacks of processes: those of e2e-paired two at a time,
  // then those of e2e one at a time (vitest.config.ts says which).
  if (status === 0) status = suites("e2e", ["--project", "e2e-paired", "--project", "e2e", "--maxWorkers=2"]);
  // The in-process suites and part of the end-to-end ones once more, against a 3-master Redis
  // Cluster they start themselves (vitest.config.ts says which).
  let clusterStatus = 0;
  if (spawnSync("redis-server", ["--version"]).status === 0) {
    console.log("\nintegration and end-to-end suites again, on a 3-master Redis Cluster");
    clusterStatus = suites(
      "e2e-cluster",
      ["--project", "integration", "--project", "e2e-paired", "--project", "e2e", "--maxWorkers=2"],
      {
        ...process.env,
        MISTFLOW_TEST_REDIS: "cluster",
      },
    );
  }
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(status !== 0 || clusterStatus !== 0 || failed > 0 || passed === 0 ? 1 : 0);
} else {
  console.error(`unknown command ${command}: use demo or test`);
  process.exit(2);
}
