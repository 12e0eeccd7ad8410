#!/usr/bin/env node
// The two README commands land here, so a fresh machine with only Node and npm can run them:
//   npm run demo [-- --keep]   install, build, run a real deployment against the simulator
//   npm test                   install, lint, typecheck, build, run every test suite
//   npm run bench              install, build, print and record the benchmarks (not part of the tests)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
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

if (command === "demo" || command === "bench") {
  must(process.execPath, ["apps/cli/dist/main.js", command, ...rest]);
} else if (command === "test") {
  p("exec", "biome", "ci", ".");
  p("exec", "turbo", "run", "typecheck", "--output-logs=errors-only");
  const reports = [];
  for (const dir of ["apps", "packages"]
    .flatMap((d) => readdirSync(d).map((n) => join(d, n)))
    .concat("test")) {
    const report = join(dir, ".vitest-report.json");
    rmSync(report, { force: true });
    reports.push(report);
  }
  // One package at a time: the suites start Redis, simulators and worker processes on 2 cores.
  const status = run(pn, [
    ...pnArgs,
    "exec",
    "turbo",
    "run",
    "test",
    "--concurrency=1",
    "--log-order=grouped",
  ]);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const tally = (report) => {
    if (!existsSync(report)) return;
    const json = JSON.parse(readFileSync(report, "utf8"));
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  };
  for (const report of reports) tally(report);
  // The end-to-end suites once more, against a 3-master Redis Cluster they start themselves.
  let clusterStatus = 0;
  if (spawnSync("redis-server", ["--version"]).status === 0) {
    console.log("\nend-to-end suites again, on a 3-master Redis Cluster");
    const e2eReport = join("test", ".vitest-report.json");
    rmSync(e2eReport, { force: true });
    clusterStatus = run(pn, [...pnArgs, "--filter", "@mistflow/e2e", "exec", "vitest", "run"], {
      env: { ...process.env, MISTFLOW_TEST_REDIS: "cluster" },
    });
    tally(e2eReport);
  }
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(status !== 0 || clusterStatus !== 0 || failed > 0 || passed === 0 ? 1 : 0);
} else {
  console.error(`unknown command ${command}: use demo or test`);
  process.exit(2);
}
