// Prepares the database the app will use (DATABASE_URL: SQLite file by default,
// PostgreSQL when it is a postgres:// URL): checks the two schemas agree,
// generates the clients and applies every pending migration. Safe to repeat.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (file, args, env = {}) =>
  execFileSync(file, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });

run(process.execPath, ["scripts/sync-prisma-schemas.mjs", "--check"]);
run(process.execPath, ["scripts/generate.mjs"]);
run(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
});
