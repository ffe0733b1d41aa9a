import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresClient } from "./generated/prisma-pg/client";
import { databaseTarget } from "./database-url";
import { env } from "./env.server";

export type Database = PrismaClient;

// Both generated clients come from one data model (prisma:sync keeps the
// PostgreSQL schema identical), so the PostgreSQL client has the same API.
export function createDatabase(databaseUrl: string | undefined): Database {
  const target = databaseTarget(databaseUrl);
  if (target.provider === "postgresql") {
    return new PostgresClient({
      adapter: new PrismaPg({ connectionString: target.url }),
    }) as unknown as Database;
  }
  const client = new PrismaClient({ adapter: new PrismaLibSQL({ url: target.url }) });
  // WAL lets webhook writes and the job worker proceed while pages read;
  // synchronous=NORMAL is WAL's durable-across-crashes setting (no fsync per
  // commit, only at checkpoints); busy_timeout makes concurrent writers wait.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  void client.$queryRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  void client.$queryRawUnsafe("PRAGMA busy_timeout = 5000").catch(() => undefined);
  return client;
}

declare global {
  // Survives module reloads in development so connections are not leaked.
  var patronDatabase: Database | undefined;
}

const db: Database = globalThis.patronDatabase ?? createDatabase(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.patronDatabase = db;

export default db;
