import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import type { Database } from "../../app/db/db.server";
import { Random } from "../store/random";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type WorkerProcess = {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** The end of what it printed: why a worker died, when one does. */
  output(): string;
};

// A long run's worker prints for minutes; only the end is needed to say why it stopped.
const KEEP_OUTPUT = 20_000;

const ROUTERS = {
  shared: "./test/store/route-shops.ts",
  // One connection pool per shop, uncapped: for measuring a worker's throughput.
  "each-shop": "./test/support/route-each-shop.ts",
};

/** `npm run worker` as its own process, talking to the simulator like the real app talks to Shopify. */
export function spawnWorker(
  env: Record<string, string>,
  { router = "shared" }: { router?: keyof typeof ROUTERS } = {},
): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", ROUTERS[router], "scripts/worker.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SHOPIFY_API_KEY: API_KEY,
        SHOPIFY_API_SECRET: API_SECRET_KEY,
        SHOPIFY_APP_URL: "https://patron.test",
        NODE_ENV: "production",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const append = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEEP_OUTPUT));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      append(chunk);
      if (output.includes("running")) resolve();
    });
    child.stderr!.on("data", append);
    child.on("exit", (code) =>
      reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)),
    );
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

export type CrashReport = { kills: number; killedWhileInFlight: number };

/**
 * Kills the worker (SIGKILL: no cleanup of any kind) at random moments while
 * the job runs, `kills` times, restarting it each time; then lets a last
 * worker finish the job. Every fifth restart uses a new worker id, so that
 * run must wait for the dead worker's leases to run out instead of taking
 * them back at once.
 */
export async function killWorkerRepeatedly(
  db: Database,
  jobId: string,
  env: Record<string, string>,
  { kills = 20, seed = 1, minMs = 150, maxMs = 1200 } = {},
): Promise<CrashReport> {
  const random = new Random(seed);
  const report: CrashReport = { kills: 0, killedWhileInFlight: 0 };
  let generation = 0;
  while (report.kills < kills) {
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status === "completed") break;
    if (report.kills % 5 === 4) generation++;
    const worker = spawnWorker({ ...env, WORKER_ID: `crash-${generation}` });
    await worker.ready;
    await new Promise((resolve) => setTimeout(resolve, minMs + random.next() * (maxMs - minMs)));
    if (await db.jobItem.count({ where: { jobId, status: "in_flight" } }))
      report.killedWhileInFlight++;
    worker.child.kill("SIGKILL");
    await worker.exited;
    report.kills++;
  }
  const last = spawnWorker({ ...env, WORKER_ID: `crash-${generation}` });
  try {
    await last.ready;
    for (let i = 0; i < 1200; i++) {
      const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
      if (["completed", "failed", "cancelled"].includes(job.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    last.child.kill("SIGTERM");
    await last.exited;
  }
  return report;
}
