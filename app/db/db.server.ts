import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PostgresClient } from "../generated/prisma-pg/client";
import { postgresRunner, registerStatementRunner } from "./bulk-insert.server";
import { databaseTarget } from "./database-url";
import { env } from "../env.server";
import { PatronLibSQL } from "./sqlite.server";

export type Database = PrismaClient;

// Both generated clients come from one data model (prisma:sync keeps the
// PostgreSQL schema identical), so the PostgreSQL client has the same API.
export function createDatabase(databaseUrl: string | undefined): Database {
  const target = databaseTarget(databaseUrl);
  if (target.provider === "postgresql") {
    const client = new PostgresClient({
      adapter: new PrismaPg({ connectionString: target.url }),
    }) as unknown as Database;
    registerStatementRunner(client, postgresRunner(target.url));
    return client;
  }
  const adapter = new PatronLibSQL({ url: target.url });
  const client = new PrismaClient({ adapter });
  registerStatementRunner(client, async (sql, args) => {
    await client.$connect();
    return adapter.run(
      sql(() => "?"),
      args,
    );
  });
  return client;
}

declare global {
  // Survives module reloads in development so connections are not leaked.
  var patronDatabase: Database | undefined;
}

const db: Database = globalThis.patronDatabase ?? createDatabase(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.patronDatabase = db;

export default db;
