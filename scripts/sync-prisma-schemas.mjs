// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: the models are
// the same, only the provider and the generated client's folder differ.
// `--check` exits 1 when the PostgreSQL schema is out of date.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "prisma/schema.prisma");
const target = path.join(root, "prisma/postgres/schema.prisma");

export function postgresSchema(sqlite) {
  const out = sqlite
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./placeholder.db"', 'url      = "postgresql://placeholder"')
    .replace(
      'output     = "../app/generated/prisma"',
      'output     = "../../app/generated/prisma-pg"',
    )
    .replace(
      "// The one data model. prisma/postgres/schema.prisma is generated from this file\n// by `npm run prisma:sync`; edit here only.",
      "// GENERATED from prisma/schema.prisma by `npm run prisma:sync`. Do not edit.",
    );
  if (!out.includes('"postgresql"') || !out.includes("prisma-pg")) {
    throw new Error("prisma/schema.prisma changed shape: update scripts/sync-prisma-schemas.mjs");
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const want = postgresSchema(readFileSync(source, "utf8"));
  let have = "";
  try {
    have = readFileSync(target, "utf8");
  } catch {
    // first run
  }
  if (process.argv.includes("--check")) {
    if (have !== want) {
      console.error("prisma/postgres/schema.prisma is out of date: run npm run prisma:sync");
      process.exit(1);
    }
  } else if (have !== want) {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, want);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}
