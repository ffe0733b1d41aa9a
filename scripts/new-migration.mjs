// Writes one migration per provider for the change of prisma/schema.prisma
// since the last commit: `node scripts/new-migration.mjs add_jobs`. Prisma's PostgreSQL
// adapter connects even to diff two files: it needs a reachable server (nothing is changed).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postgresSchema } from "./sync-prisma-schemas.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/new-migration.mjs <snake_case_name>");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(tmpdir(), "migration-"));
const previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], {
  cwd: root,
}).toString();
const current = execFileSync("cat", [path.join(root, "prisma/schema.prisma")]).toString();

for (const [provider, folder, transform, url] of [
  ["sqlite", "prisma/migrations", (s) => s, "file:prisma/dev.db"],
  [
    "postgresql",
    "prisma/postgres/migrations",
    postgresSchema,
    process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  ],
]) {
  const from = path.join(tmp, `${provider}-from.prisma`);
  const to = path.join(tmp, `${provider}-to.prisma`);
  writeFileSync(from, transform(previous));
  writeFileSync(to, transform(current));
  const sql = execFileSync(
    path.join(root, "node_modules/.bin/prisma"),
    ["migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"],
    { cwd: root, env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
  )
    .toString()
    .replace(/^Loaded Prisma config.*\n+/gm, "");
  const dir = path.join(root, folder, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
}
