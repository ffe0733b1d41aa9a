import pg from "pg";
import { migrate } from "./migrate";

// The services tier runs against the real PostgreSQL and Redis of this machine
// (README: PostgreSQL and Redis). A schema of its own, recreated each run,
// keeps it clear of anything else in the database.
export const POSTGRES_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const TEST_SCHEMA = "patron_test";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";

export function postgresUrl(base = POSTGRES_BASE) {
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${TEST_SCHEMA}`);
  return url.toString();
}

export default async function setup() {
  const client = new pg.Client({ connectionString: POSTGRES_BASE });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The services tests need PostgreSQL at ${POSTGRES_BASE} (set TEST_POSTGRES_URL): ${(error as Error).message}`,
    );
  }
  await client.query(`DROP SCHEMA IF EXISTS ${TEST_SCHEMA} CASCADE`);
  await client.query(`CREATE SCHEMA ${TEST_SCHEMA}`);
  await client.end();
  const url = postgresUrl();
  migrate(url);
  process.env.DATABASE_URL = url;
  process.env.REDIS_URL = REDIS_URL;
}
