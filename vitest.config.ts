import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Integration files start their own server processes and databases; two at a time fit 2 cores.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ["test/integration/global-setup.ts"],
        },
      },
      {
        test: {
          // Browser tests: Debian's Chromium through playwright-core, against the production build (SQLite).
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 180_000,
          globalSetup: ["test/e2e/global-setup.ts"],
        },
      },
    ],
  },
});
