// The app's modules inside a benchmark process: its settings and a fresh,
// migrated SQLite database are set before the first app module is imported
// (app/env.server.ts reads the environment once).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { migrate } from "../setup/migrate";

export function prepareAppEnv(extra: Record<string, string> = {}) {
  // A DATABASE_URL given in `extra` (PostgreSQL) is used as it is.
  if (!extra.DATABASE_URL && !process.env.DATABASE_URL?.includes("patron-bench-")) {
    const dir = mkdtempSync(path.join(tmpdir(), "patron-bench-"));
    process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
    migrate(process.env.DATABASE_URL);
  }
  Object.assign(process.env, {
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET_KEY,
    SHOPIFY_APP_URL: "https://patron.bench",
    NODE_ENV: "production",
    PATRON_EMBEDDED_WORKER: "false",
    ...extra,
  });
  return { apiKey: API_KEY, apiSecret: API_SECRET_KEY, databaseUrl: process.env.DATABASE_URL! };
}
