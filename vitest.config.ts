import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Test tiers by file suffix (see README): each is a project run by its own npm script.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "app/**/*.test.{ts,tsx}",
            "test/**/*.test.ts",
            "scripts/**/*.test.ts",
            // The admin extensions' pure logic (extensions/<name>/src/*.test.ts).
            "extensions/*/src/**/*.test.ts",
          ],
          exclude: ["**/*.services.test.ts", "**/node_modules/**"],
          globalSetup: ["test/setup/sqlite.ts"],
          setupFiles: ["test/setup/env.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "services",
          include: ["**/*.services.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: ["test/setup/postgres.ts"],
          setupFiles: ["test/setup/env.ts"],
          // Neither this process nor the database session in UTC: a time
          // written in local time somewhere would show as hours off.
          env: { TZ: "America/New_York" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
