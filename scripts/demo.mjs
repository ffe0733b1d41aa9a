// `npm run demo`: the app on a local database with demo credentials.
// The local store simulator and the embedded admin page arrive with issue #4;
// until then this builds and starts the app and says what is missing.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
const env = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  DATABASE_URL: process.env.DATABASE_URL ?? "file:prisma/demo.db",
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "patron-demo",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "patron-demo-secret",
  SHOPIFY_APP_URL: process.env.SHOPIFY_APP_URL ?? `http://localhost:${port}`,
};
const bin = (name) => path.join(root, "node_modules/.bin", name);

execFileSync(process.execPath, ["scripts/setup.mjs"], { cwd: root, env, stdio: "inherit" });
execFileSync(bin("remix"), ["vite:build"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });

const app = spawn(bin("remix-serve"), ["./build/server/index.js"], { cwd: root, env, stdio: "inherit" });
console.info(`
Patron is running at http://localhost:${port}/auth/login

Not there yet: the local Shopify store simulator and the embedded admin page
(issue #4). Without them the app cannot reach a store, so only the login page
works locally. To use a real development store, see README › Develop on a real store.
Press Ctrl+C to stop.
`);
const stop = () => app.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
app.on("exit", (code) => process.exit(code ?? 0));
