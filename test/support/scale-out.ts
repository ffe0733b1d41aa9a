import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { Redis } from "ioredis";
import type { Database } from "../../app/db/db.server";
import { BullmqQueue } from "../../app/jobs/bullmq-queue.server";
import { createJob } from "../../app/jobs/jobs.server";
import { startStoreSimulator, type ShopConfig, type StoreSimulator } from "../store";
import { routeShopsTo, unrouteShops } from "../store/route-shops";
import { startCountingProxy } from "./counting-proxy";
import { JobWatch } from "./job-watch";
import { customerIds, installApp, invitable, invitesPerCustomer } from "./jobs";
import { machineBusySeconds, WorkerPool } from "./worker-pool";

export type ScaleOutOptions = {
  /** The app's database in this process: the one the workers get as DATABASE_URL. */
  db: Database;
  databaseUrl: string;
  redisUrl: string;
  /** Names this run's shops (`<name>-<n>.myshopify.com`), queue prefix and worker ids. */
  name: string;
  shops: number;
  jobsPerShop: number;
  customersPerJob: number;
  workers: number;
  /** The simulated Shopify every shop gets: plan, bucket, restore rate, latency. */
  shop: Pick<ShopConfig, "plan" | "bucketSize" | "restoreRate" | "latencyMs">;
  workerEnv?: Record<string, string>;
  /**
   * Once this share of the items is done, SIGKILL the worker holding the most
   * job leases and start a replacement under a new WORKER_ID.
   */
  killAt?: number;
  timeoutMs?: number;
  pollMs?: number;
};

export type ScaleOutReport = {
  items: number;
  /** From the first job's start to the last one's finish, as the workers wrote them. */
  wallSeconds: number;
  itemsPerSecond: number;
  /** The jobs' customers by invitation emails received; extra: emails beyond one each. */
  invitations: { none: number; once: number; more: number; extra: number; strays: number };
  /** Admin API answers per shop, counted on their way to the workers. */
  shops: { shop: string; requests: number; throttled: number }[];
  requests: number;
  throttled: number;
  jobs: { id: string; shop: string; status: string; runners: string[] }[];
  /** Items credited to each worker by the job leases it held (see JobWatch). */
  workers: { id: string; items: number; cpuSeconds: number | null; killed: boolean }[];
  unattributedItems: number;
  killed: { workerId: string; afterItems: number; replacement: string } | null;
  /** [seconds since the workers were ready, items done], about once a second. */
  progress: [number, number][];
  /** This process (simulator, counting proxy, polling) while the workers ran. */
  harnessCpuSeconds: number;
  /** The whole machine while the workers ran (null off Linux). */
  machineCpuSeconds: number | null;
};

type Targets = Map<string, { shop: string; customers: string[] }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Installs the app on every shop and creates its jobs, each with customers of its own. */
async function createJobs(o: ScaleOutOptions, sim: StoreSimulator, queue: BullmqQueue) {
  const targets: Targets = new Map();
  const perShop = o.jobsPerShop * o.customersPerJob;
  for (const shop of sim.simulator.domains()) {
    await installApp(shop.replace(".myshopify.com", ""));
    const customers = customerIds(sim.shop(shop), invitable);
    if (customers.length < perShop)
      throw new Error(`${shop} has ${customers.length} invitable customers, ${perShop} needed`);
    for (let k = 0; k < o.jobsPerShop; k++) {
      const mine = customers.slice(k * o.customersPerJob, (k + 1) * o.customersPerJob);
      const job = await createJob(
        { db: o.db, queue },
        {
          shop,
          kind: "invite",
          mode: "paced",
          targets: mine.map((target) => ({ target, data: { state: "DISABLED" } })),
        },
      );
      targets.set(job.id, { shop, customers: mine });
    }
  }
  return targets;
}

/** Each customer of the jobs by the invitation emails the simulator sent them. */
function tallyInvitations(sim: StoreSimulator, targets: Targets) {
  const tally = { none: 0, once: 0, more: 0, extra: 0, strays: 0 };
  for (const shop of sim.simulator.domains()) {
    const sent = invitesPerCustomer(sim.outbox(shop));
    for (const { customers } of [...targets.values()].filter((t) => t.shop === shop)) {
      for (const customer of customers) {
        const n = sent.get(customer) ?? 0;
        if (n === 0) tally.none++;
        else if (n === 1) tally.once++;
        else tally.more++;
        tally.extra += Math.max(0, n - 1);
        sent.delete(customer);
      }
    }
    for (const n of sent.values()) tally.strays += n;
  }
  return tally;
}

async function deleteKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/**
 * Polls until every job completed; at `killAt`, SIGKILLs the worker holding
 * the most job leases (the one whose death leaves the most to take over) and
 * starts a replacement under a new id.
 */
async function untilDone(o: ScaleOutOptions, pool: WorkerPool, watch: JobWatch, items: number) {
  const deadline = Date.now() + (o.timeoutMs ?? 600_000);
  const startedAt = Date.now();
  const progress: [number, number][] = [];
  let killed: ScaleOutReport["killed"] = null;
  let replacementReady: Promise<void> = Promise.resolve();
  for (;;) {
    await watch.poll();
    const seconds = Math.round((Date.now() - startedAt) / 100) / 10;
    if (!progress.length || seconds - progress.at(-1)![0] >= 1)
      progress.push([seconds, watch.finished]);
    const failed = watch.jobs.find((j) => j.status === "failed" || j.status === "cancelled");
    if (failed) throw new Error(`job ${failed.id} ${failed.status}: ${failed.error}`);
    if (watch.jobs.every((j) => j.status === "completed")) break;
    const crashed = pool.crashed();
    if (crashed) throw new Error(`worker ${crashed.id} stopped:\n${crashed.process.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${watch.finished} of ${items} items done when the run timed out`);
    if (o.killAt !== undefined && !killed && watch.finished >= o.killAt * items) {
      const held = watch.leasesHeld();
      const victim = pool.workers
        .filter((w) => !w.killed)
        .reduce((a, b) => ((held.get(b.id) ?? 0) > (held.get(a.id) ?? 0) ? b : a));
      await pool.kill(victim);
      const replacement = pool.start(`${o.name}-w${pool.workers.length + 1}`);
      // Not awaited here: the polling goes on while it boots.
      replacementReady = replacement.process.ready;
      replacementReady.catch(() => undefined);
      killed = { workerId: victim.id, afterItems: watch.finished, replacement: replacement.id };
    }
    await sleep(o.pollMs ?? 200);
  }
  await replacementReady;
  return { progress, killed };
}

/**
 * N simulated shops with K invitation jobs of C customers each (disjoint),
 * run by W `npm run worker` processes on Redis and the given database until
 * every job completed; optionally one worker is killed with -9 mid-run and
 * replaced. Reports throughput, invitations per customer (the simulator's
 * outbox), Admin API requests and THROTTLED answers per shop (counted by a
 * proxy the workers talk through) and who held the jobs' leases.
 */
export async function runScaleOut(o: ScaleOutOptions): Promise<ScaleOutReport> {
  const perShop = o.jobsPerShop * o.customersPerJob;
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET_KEY,
    // About 60 % of seeded customers are invitable (DISABLED, with an email).
    shops: Array.from({ length: o.shops }, (_, i) => ({
      domain: `${o.name}-${i + 1}.myshopify.com`,
      ...o.shop,
      seed: { customers: Math.ceil(perShop * 1.8) + 50, seed: i + 1 },
    })),
  });
  const proxy = await startCountingProxy(sim.url);
  const prefix = `patron-${o.name}-${process.pid}`;
  const queue = new BullmqQueue(o.redisUrl, { prefix });
  const pool = new WorkerPool({
    REDIS_URL: o.redisUrl,
    DATABASE_URL: o.databaseUrl,
    PATRON_QUEUE_PREFIX: prefix,
    STORE_SIMULATOR_URL: proxy.url,
    ...o.workerEnv,
  });
  routeShopsTo(sim.url);
  try {
    const targets = await createJobs(o, sim, queue);
    const items = perShop * o.shops;
    for (let i = 1; i <= o.workers; i++) pool.start(`${o.name}-w${i}`);
    await Promise.all(pool.workers.map((w) => w.process.ready));

    const cpuAtStart = process.cpuUsage();
    const machineAtStart = machineBusySeconds();
    const watch = new JobWatch(o.db, [...targets.keys()]);
    const { progress, killed } = await untilDone(o, pool, watch, items);
    const machineAtEnd = machineBusySeconds();
    const cpu = process.cpuUsage(cpuAtStart);
    pool.readCpu();

    const rows = await o.db.job.findMany({ where: { id: { in: [...targets.keys()] } } });
    const first = Math.min(...rows.map((r) => r.startedAt!.getTime()));
    const wallSeconds = (Math.max(...rows.map((r) => r.finishedAt!.getTime())) - first) / 1000;
    const counts = proxy.counts();
    const shops = sim.simulator.domains().map((shop) => ({
      shop,
      ...(counts.get(shop) ?? { requests: 0, throttled: 0 }),
    }));
    return {
      items,
      wallSeconds,
      itemsPerSecond: items / wallSeconds,
      invitations: tallyInvitations(sim, targets),
      shops,
      requests: shops.reduce((sum, s) => sum + s.requests, 0),
      throttled: shops.reduce((sum, s) => sum + s.throttled, 0),
      jobs: watch.jobs.map(({ id, shop, status }) => ({
        id,
        shop,
        status,
        runners: [...watch.runnersOf.get(id)!],
      })),
      workers: pool.workers.map((w) => ({
        id: w.id,
        items: watch.itemsBy.get(w.id) ?? 0,
        cpuSeconds: w.cpuSeconds,
        killed: w.killed,
      })),
      unattributedItems: watch.itemsBy.get("unattributed") ?? 0,
      killed,
      progress,
      harnessCpuSeconds: (cpu.user + cpu.system) / 1e6,
      machineCpuSeconds:
        machineAtStart === null || machineAtEnd === null ? null : machineAtEnd - machineAtStart,
    };
  } finally {
    await pool.stopAll();
    unrouteShops();
    await queue.close();
    await proxy.stop();
    await sim.stop();
    await deleteKeys(o.redisUrl, prefix);
  }
}
