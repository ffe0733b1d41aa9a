/**
 * The whole app without a Shopify account: a seeded store simulator, the built
 * app in its own process (its requests to *.myshopify.com routed to the
 * simulator), the local admin that frames it, and a local SMTP capture
 * standing in for the merchant's mail server (the app gets it as
 * DEMO_SMTP_URL; its messages show in the store-controls panel). Used by
 * `npm run demo` and the browser tests.
 */
import { createHash } from "node:crypto";
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { startLocalAdmin } from "./admin/server";
import { startStoreSimulator, type StoreSimulator } from "./index";
import { startMailCapture, type MailCapture } from "./mail-capture";

const ROOT = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);

export interface DemoOptions {
  /** The one URL people open (the local admin). 0 picks a free port. */
  port?: number;
  customers?: number;
  seed?: number;
  shop?: string;
  databaseUrl?: string;
  apiKey?: string;
  apiSecret?: string;
  /** Rebuild the app first (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

export interface Demo {
  url: string;
  /** The app itself, not framed (webhooks, benchmarks). */
  appUrl: string;
  apiSecret: string;
  shop: string;
  databaseUrl: string;
  simulator: StoreSimulator;
  /** The SMTP capture the app sends mail to (DEMO_SMTP_URL = smtp://host:port, no TLS, any login). */
  smtp: { host: string; port: number; url: string };
  mail: MailCapture;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForApp(url: string, app: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url, { headers: { "User-Agent": "Mozilla/5.0 Chrome/120" } });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not start within 60 s:\n${output()}`);
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? (() => undefined);
  const apiKey = options.apiKey ?? "patron-demo";
  const apiSecret = options.apiSecret ?? "patron-demo-secret";
  const shop = `${options.shop ?? "patron-demo"}.myshopify.com`;
  const databaseUrl = options.databaseUrl ?? "file:prisma/demo.db";
  // The simulator keeps its store in memory: a fresh store needs a fresh app database.
  if (databaseUrl.startsWith("file:")) {
    const file = path.resolve(ROOT, databaseUrl.slice(5));
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  log("preparing the database");
  execFileSync(process.execPath, ["scripts/setup.mjs"], { cwd: ROOT, env, stdio: "ignore" });
  if (options.build !== false || !existsSync(path.join(ROOT, "build/server/index.js"))) {
    log("building the app");
    execFileSync(bin("remix"), ["vite:build"], { cwd: ROOT, env, stdio: "ignore" });
  }

  const appPort = await freePort();
  const adminPort = options.port ?? 0;
  log(`seeding a store with ${options.customers ?? 2000} customers`);
  const simulator = await startStoreSimulator({
    port: 0,
    appUrl: `http://127.0.0.1:${appPort}`,
    apiKey,
    apiSecret,
    webhookSubscriptions: readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8"),
    shops: [
      {
        domain: shop,
        name: "Patron Demo Store",
        seed: { customers: options.customers ?? 2000, seed: options.seed ?? 42 },
      },
    ],
  });

  const mail = await startMailCapture({ port: 0 });
  simulator.simulator.mail = mail;
  log(
    `SMTP mail capture on host ${mail.host} port ${mail.port} (DEMO_SMTP_URL=${mail.url}; no TLS, any user and password)`,
  );

  // The admin's URL must be known before the app starts: the app calls it its own.
  const admin = await startLocalAdmin({
    port: adminPort,
    appOrigin: `http://127.0.0.1:${appPort}`,
    simulatorUrl: simulator.url,
    apiKey,
    shop,
    shopName: "Patron Demo Store",
  });

  log("starting the app");
  let output = "";
  const app = spawn(process.execPath, ["server.mjs"], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: "production",
      // The app is its own worker here (no Redis), whatever the caller's environment says.
      PATRON_EMBEDDED_WORKER: "true",
      PORT: String(appPort),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: admin.url,
      APP_BRIDGE_URL: `${admin.url}/__admin/app-bridge.js`,
      STORE_SIMULATOR_URL: simulator.url,
      // The merchant's SMTP server in the demo: the app can pre-fill its mail settings with it.
      DEMO_SMTP_URL: mail.url,
      // The demo's key for data at rest, the same on every start so a kept database stays readable.
      PATRON_ENCRYPTION_KEY:
        process.env.PATRON_ENCRYPTION_KEY ??
        createHash("sha256").update(`patron-demo:${apiSecret}`).digest("base64"),
      NODE_OPTIONS: `--import tsx --import ${path.join(ROOT, "test/store/route-shops.ts")} ${process.env.DEMO_NODE_OPTIONS ?? ""}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  app.stdout?.on("data", keep);
  app.stderr?.on("data", keep);
  let stopping = false;
  // An app that dies under a running demo or benchmark says why, not just "stalled".
  app.on("exit", (code, signal) => {
    if (!stopping)
      (options.log ?? console.error)(
        `the app exited (${signal ?? code}):\n${output.slice(-4_000)}`,
      );
  });

  const stop = async () => {
    stopping = true;
    if (app.exitCode === null && app.pid) {
      try {
        process.kill(-app.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await admin.stop();
    await simulator.stop();
    await mail.stop();
  };
  try {
    await waitForApp(`http://127.0.0.1:${appPort}/auth/login`, app, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: admin.url,
    appUrl: `http://127.0.0.1:${appPort}`,
    apiSecret,
    shop,
    databaseUrl,
    simulator,
    smtp: { host: mail.host, port: mail.port, url: mail.url },
    mail,
    stop,
  };
}
