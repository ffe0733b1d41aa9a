// Which database the app and the Prisma CLI use, from DATABASE_URL alone:
// a postgres:// URL selects PostgreSQL, anything else (or nothing) a SQLite file.
export type DatabaseTarget =
  | { provider: "sqlite"; url: string; schema: string }
  | { provider: "postgresql"; url: string; schema: string };

export const DEFAULT_SQLITE_URL = "file:prisma/dev.db";

export function databaseTarget(databaseUrl: string | undefined): DatabaseTarget {
  const url = databaseUrl?.trim() || DEFAULT_SQLITE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return { provider: "postgresql", url, schema: "prisma/postgres/schema.prisma" };
  }
  if (!url.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be a postgres:// URL or a SQLite file: URL, got "${url.split(":")[0]}:…"`,
    );
  }
  return { provider: "sqlite", url, schema: "prisma/schema.prisma" };
}
