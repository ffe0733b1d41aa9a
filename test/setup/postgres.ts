import pg from "pg";
import { migrate } from "./migrate";

// The services tier runs against the real PostgreSQL and Redis of this machine.
// It connects to the `test` database and works in a database of its own,
// recreated each run, so every run starts from the migrations alone.
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const TEST_DATABASE = "patron_test";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";

export function postgresUrl(database = TEST_DATABASE) {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup() {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The services tests need PostgreSQL at ${POSTGRES_ADMIN_URL} (set TEST_POSTGRES_URL): ${(error as Error).message}`,
    );
  }
  await client.query(`DROP DATABASE IF EXISTS ${TEST_DATABASE} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${TEST_DATABASE}`);
  // Sessions of this database are not in UTC either (see the services project's TZ).
  await client.query(`ALTER DATABASE ${TEST_DATABASE} SET timezone TO 'Asia/Kolkata'`);
  await client.end();
  const url = postgresUrl();
  migrate(url);
  process.env.DATABASE_URL = url;
  process.env.REDIS_URL = REDIS_URL;
}
