// Generates both Prisma clients (SQLite and PostgreSQL) from the checked-in
// schemas. Runs after `npm install`; offline (Prisma's bundled wasm engine).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prisma = path.join(root, "node_modules/.bin/prisma");

for (const databaseUrl of ["file:prisma/dev.db", "postgresql://generate-only/none"]) {
  execFileSync(prisma, ["generate"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
console.log("generated Prisma clients for SQLite and PostgreSQL");
