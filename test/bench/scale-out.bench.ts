// Scale-out: 12 shops × 2 invitation jobs × 2,000 customers run by 1 worker
// process, then by 3 (one killed with -9 mid-run), on PostgreSQL and Redis
// (the services tier's). Figures: the speedup of 3 workers over 1, THROTTLED
// answers as a share of Admin API requests, customers lost or invited twice.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "../setup/migrate";
import { POSTGRES_ADMIN_URL, postgresUrl, REDIS_URL } from "../setup/postgres";
import type { ScaleOutOptions, ScaleOutReport } from "../support/scale-out";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHOPS = Number(process.env.BENCH_SCALEOUT_SHOPS ?? 12);
const CUSTOMERS = Number(process.env.BENCH_SCALEOUT_CUSTOMERS ?? 2000);
const DATABASE = "patron_bench_scaleout";

type Run = Omit<ScaleOutOptions, "db" | "databaseUrl" | "redisUrl">;

// What limits the speedup is chosen to be the worker process, not Shopify:
// - Plus's rate limit (1,000 points/s, 20,000 in the bucket) is 100
//   invitations/s per shop, 1,200/s for 12 shops: more than two cores can
//   drive, so no shop's own budget caps the run (more workers could not
//   beat that cap).
// - 150 ms per call, as real mutations take: a worker needs many calls in
//   flight, and one process runs at most PATRON_WORKER_CONCURRENCY (8) of the
//   24 jobs at once on one core; its CPU is what runs out first.
// - Leases of 5 s and a 2 s settle grace (both runs alike): the killed
//   worker's jobs are taken over in seconds, so the run measures throughput
//   rather than the default 30 s lease.
// On 2 cores the speedup is small (1.05-1.11 measured): the one worker uses
// ~85 % of a core, and with the simulator (~35 %, Shopify's side in
// production), PostgreSQL (~35 %) and Redis (~8 %) the cores are already
// ~83 % busy; three workers can only take the rest (99 % busy). The
// scaleOutCoresBusyPct figures show it. With BENCH_SCALEOUT_CONCURRENCY=2 a
// worker is bound by its concurrency instead, and 3 workers do 2.5× as much.
const common = {
  shops: SHOPS,
  jobsPerShop: 2,
  customersPerJob: CUSTOMERS,
  shop: { plan: "PLUS", latencyMs: 150 },
  workerEnv: {
    PATRON_LEASE_MS: "5000",
    PATRON_RECONCILE_GRACE_MS: "2000",
    // Unset: the app's default (8). Lower, a worker is bound by it rather than by the cores.
    ...(process.env.BENCH_SCALEOUT_CONCURRENCY
      ? { PATRON_WORKER_CONCURRENCY: process.env.BENCH_SCALEOUT_CONCURRENCY }
      : {}),
  },
  timeoutMs: 1_800_000,
} satisfies Partial<Run>;

async function freshDatabase() {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  const url = postgresUrl(DATABASE);
  migrate(url);
  return url;
}

/** One run in a process of its own (see scale-out-child.ts). */
function runInChild(databaseUrl: string, run: Run) {
  return new Promise<ScaleOutReport>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/bench/scale-out-child.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_REDIS_URL: REDIS_URL,
        BENCH_SCALEOUT_RUN: JSON.stringify(run),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as ScaleOutReport);
      else reject(new Error(`scale-out run failed (${code}):\n${out.slice(-5000)}`));
    });
  });
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** How busy the cores were while the workers ran (PostgreSQL, Redis, the simulator and anything else included). */
function machineBusyPct(report: ScaleOutReport) {
  const seconds = report.progress.at(-1)?.[0] ?? 0;
  if (report.machineCpuSeconds === null || !seconds) return -1;
  return round((100 * report.machineCpuSeconds) / (seconds * os.availableParallelism()), 1);
}

// Where the cores went: the workers, this benchmark's simulator and proxy, the whole machine.
function describe(report: ScaleOutReport) {
  const cpu = report.workers.map((w) => `${w.cpuSeconds ?? "?"}`).join("+");
  return `${report.requests} calls, ${report.throttled} throttled; cpu s: workers ${cpu}, simulator+proxy ${round(report.harnessCpuSeconds, 1)}; cores ${machineBusyPct(report)} % busy`;
}

export async function scaleOutBench() {
  const databaseUrl = await freshDatabase();
  const one = await runInChild(databaseUrl, { ...common, name: "so1", workers: 1 });
  console.info(`  1 worker: ${round(one.itemsPerSecond, 1)} items/s (${describe(one)})`);
  const three = await runInChild(databaseUrl, { ...common, name: "so3", workers: 3, killAt: 0.3 });
  console.info(`  3 workers: ${round(three.itemsPerSecond, 1)} items/s (${describe(three)})`);
  console.info(`  3 workers, items by lease holder: ${JSON.stringify(three.workers)}`);
  if (process.env.BENCH_TRACE) {
    console.info(`  1 worker, [s, items done]: ${JSON.stringify(one.progress)}`);
    console.info(`  3 workers, [s, items done]: ${JSON.stringify(three.progress)}`);
  }

  const size = `${SHOPS} shops × 2 jobs × ${CUSTOMERS}`;
  const row = (name: string, items: number, perSecond: number, errors = 0) => ({
    name,
    requests: items,
    perSecond,
    p50Ms: 0,
    p99Ms: 0,
    errors,
  });
  const errors = (r: ScaleOutReport) => r.invitations.none + r.invitations.extra;
  return {
    rows: [
      row(`scale-out: 1 worker, ${size}`, one.items, one.itemsPerSecond, errors(one)),
      row(
        `scale-out: 3 workers (1 killed -9), ${size}`,
        three.items,
        three.itemsPerSecond,
        errors(three),
      ),
      // Items each worker did while holding the jobs' leases, at the run's overall pace.
      ...three.workers.map((w) =>
        row(
          `  ${w.id}${w.killed ? " (killed)" : ""}, ${w.cpuSeconds ?? "?"} s cpu`,
          w.items,
          w.items / three.wallSeconds,
        ),
      ),
    ],
    figures: {
      scaleOutSpeedup: round(three.itemsPerSecond / one.itemsPerSecond),
      scaleOutThrottledPct: round((100 * three.throttled) / Math.max(1, three.requests)),
      // Both runs: a customer lost or invited twice in either is a failure.
      scaleOutLost: one.invitations.none + three.invitations.none,
      scaleOutDuplicates: one.invitations.extra + three.invitations.extra,
      scaleOutCores: os.availableParallelism(),
      scaleOutPerSec1Worker: round(one.itemsPerSecond, 1),
      scaleOutPerSec3Workers: round(three.itemsPerSecond, 1),
      // Near 100: the cores, not the workers, were the limit.
      scaleOutCoresBusyPct1Worker: machineBusyPct(one),
      scaleOutCoresBusyPct3Workers: machineBusyPct(three),
    },
  };
}
