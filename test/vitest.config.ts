import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    include: ["**/*.e2e.test.ts"],
    globalSetup: ["../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 120000,
    hookTimeout: 120000,
  },
});
