import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    include: ["**/*.e2e.test.ts"],
    globalSetup: ["../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 120000,
    // Each file starts a whole stack of processes; one at a time keeps 2-core machines honest
    // about timing (the budget and ordering suites measure it).
    fileParallelism: false,
    hookTimeout: 120000,
  },
});
