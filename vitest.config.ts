import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Machines here have 2 cores; PostgreSQL tests use their own databases.
    maxWorkers: 2,
  },
});
