import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSchema } from "./sync-prisma-schemas.mjs";

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const migrations = (dir: string) =>
  readdirSync(path.join(root, dir))
    .filter((name) => !name.endsWith(".toml"))
    .sort();

describe("the PostgreSQL schema", () => {
  it("is the SQLite schema with only the provider and client folder changed", () => {
    expect(read("prisma/postgres/schema.prisma")).toBe(
      postgresSchema(read("prisma/schema.prisma")),
    );
  });

  it("has a migration for every SQLite migration, and each provider is locked", () => {
    expect(migrations("prisma/postgres/migrations")).toEqual(migrations("prisma/migrations"));
    expect(read("prisma/migrations/migration_lock.toml")).toContain('provider = "sqlite"');
    expect(read("prisma/postgres/migrations/migration_lock.toml")).toContain(
      'provider = "postgresql"',
    );
  });
});
