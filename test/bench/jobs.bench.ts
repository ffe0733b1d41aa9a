// Invitations through the job engine at the shop's rate limit, against the
// budget-limited maximum and a naive client in the same run; and fairness: a
// small shop's job while large ones run, against the same job alone.
import { startStoreSimulator, type StoreSimulator } from "../store";
import { routeShopsTo } from "../store/route-shops";
import { prepareAppEnv } from "./app-env";

const INVITES = Number(process.env.BENCH_INVITES ?? 10_000);
const SMALL = Number(process.env.BENCH_SMALL_JOB ?? 300);
const INVITE_COST = 10; // Shopify's cost of a mutation
// What a real Admin API mutation takes to answer; without it a one-at-a-time client looks as good as any.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150);

const INVITE = `mutation Invite($customerId: ID!) {
  customerSendAccountInviteEmail(customerId: $customerId) { customer { id } userErrors { message } }
}`;

const shops = {
  standard: "bench-standard.myshopify.com",
  plus: "bench-plus.myshopify.com",
  baseline: "bench-baseline.myshopify.com",
  smallSolo: "bench-small-solo.myshopify.com",
  smallBusy: "bench-small-busy.myshopify.com",
};

type Customers = { customers: Map<number, { id: number; state: string; email: string | null }> };
function invitable(store: Customers, n: number) {
  const ids: string[] = [];
  for (const c of store.customers.values()) {
    if (c.state === "DISABLED" && c.email) ids.push(`gid://shopify/Customer/${c.id}`);
    if (ids.length === n) break;
  }
  if (ids.length < n) throw new Error(`only ${ids.length} invitable customers`);
  return ids;
}

function outboxFigures(sim: StoreSimulator, shop: string, targets: string[]) {
  const counts = new Map<string, number>();
  for (const email of sim.outbox(shop))
    counts.set(email.customerId, (counts.get(email.customerId) ?? 0) + 1);
  let duplicates = 0;
  for (const n of counts.values()) duplicates += n - 1;
  return { duplicates, lost: targets.filter((t) => !counts.has(t)).length };
}

/** The budget-limited shortest time for n calls: what the full bucket does not cover, at the restore rate. */
function minimumSeconds(n: number, bucket: number, restoreRate: number) {
  return Math.max(0, n * INVITE_COST - bucket) / restoreRate;
}

/** The naive client: one call at a time, and one second's sleep whenever Shopify throttles. */
async function naiveInvites(shop: string, token: string, targets: string[]) {
  let throttled = 0;
  for (const customerId of targets) {
    for (;;) {
      const response = await fetch(`https://${shop}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": token },
        body: JSON.stringify({ query: INVITE, variables: { customerId } }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) {
        throttled++;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      break;
    }
  }
  return throttled;
}

export async function jobsBench() {
  const { apiKey, apiSecret } = prepareAppEnv();
  const seed = { customers: Math.ceil(INVITES * 1.6), seed: 5 };
  const latencyMs = LATENCY_MS;
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey,
    apiSecret,
    shops: [
      { domain: shops.standard, plan: "STANDARD", latencyMs, seed },
      { domain: shops.plus, plan: "PLUS", latencyMs, seed },
      { domain: shops.baseline, plan: "STANDARD", latencyMs, seed },
      {
        domain: shops.smallSolo,
        plan: "STANDARD",
        latencyMs,
        seed: { customers: SMALL * 2, seed: 6 },
      },
      {
        domain: shops.smallBusy,
        plan: "STANDARD",
        latencyMs,
        seed: { customers: SMALL * 2, seed: 6 },
      },
    ],
  });
  routeShopsTo(sim.url);
  const { default: db } = await import("../../app/db/db.server");
  const { createJob } = await import("../../app/jobs/jobs.server");
  const { LocalQueue } = await import("../../app/jobs/local-queue.server");
  const { taskHandlers } = await import("../../app/jobs/worker.server");
  const { FEATURES } = await import("../../app/features.server");
  const { installApp } = await import("../support/jobs");
  for (const shop of Object.values(shops)) await installApp(shop.replace(".myshopify.com", ""));

  const queue = new LocalQueue(db, { pollMs: 20 });
  const worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
    concurrency: 4,
    workerId: "bench",
  });
  const runJob = async (shop: string, targets: string[]) => {
    const job = await createJob(
      { db, queue },
      {
        shop,
        kind: "invite",
        targets: targets.map((target) => ({ target, data: { state: "DISABLED" } })),
        mode: "paced",
      },
    );
    for (;;) {
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === "completed")
        return (row.finishedAt!.getTime() - row.startedAt!.getTime()) / 1000;
      if (row.status !== "running" && row.status !== "queued") throw new Error(`job ${row.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  try {
    const smallSoloTargets = invitable(sim.shop(shops.smallSolo), SMALL);
    const smallSolo = await runJob(shops.smallSolo, smallSoloTargets);
    console.info(`  small job alone: ${smallSolo.toFixed(1)} s`);

    const targets = {
      standard: invitable(sim.shop(shops.standard), INVITES),
      plus: invitable(sim.shop(shops.plus), INVITES),
      baseline: invitable(sim.shop(shops.baseline), INVITES),
      smallBusy: invitable(sim.shop(shops.smallBusy), SMALL),
    };
    const baselineToken = sim.issueAccessToken(shops.baseline);
    const started = Date.now();
    const standard = runJob(shops.standard, targets.standard);
    const plus = runJob(shops.plus, targets.plus);
    const baseline = naiveInvites(shops.baseline, baselineToken, targets.baseline).then(
      (throttled) => ({
        throttled,
        seconds: (Date.now() - started) / 1000,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const smallBusy = await runJob(shops.smallBusy, targets.smallBusy);
    console.info(`  small job beside two ${INVITES}-invitation jobs: ${smallBusy.toFixed(1)} s`);
    const plusSeconds = await plus;
    console.info(`  Plus: ${plusSeconds.toFixed(1)} s`);
    const [standardSeconds, naive] = await Promise.all([standard, baseline]);

    const pct = (seconds: number, bucket: number, rate: number) =>
      Math.round((minimumSeconds(INVITES, bucket, rate) / seconds) * 1000) / 10;
    const figures = {
      standard: outboxFigures(sim, shops.standard, targets.standard),
      plus: outboxFigures(sim, shops.plus, targets.plus),
    };
    const row = (name: string, seconds: number, n = INVITES) => ({
      name,
      requests: n,
      perSecond: n / seconds,
      p50Ms: 0,
      p99Ms: 0,
      errors: 0,
    });
    return {
      rows: [
        row(
          `invites paced, Standard (min ${minimumSeconds(INVITES, 2000, 100).toFixed(0)} s)`,
          standardSeconds,
        ),
        row(
          `invites paced, Plus (min ${minimumSeconds(INVITES, 20000, 1000).toFixed(0)} s)`,
          plusSeconds,
        ),
        row(`invites naive baseline, Standard (${naive.throttled} throttled)`, naive.seconds),
        row("small job alone", smallSolo, SMALL),
        row("small job beside two large jobs", smallBusy, SMALL),
      ],
      figures: {
        invitesPctOfBudgetStandard: pct(standardSeconds, 2000, 100),
        invitesPctOfBudgetPlus: pct(plusSeconds, 20000, 1000),
        baselinePctOfBudgetStandard: pct(naive.seconds, 2000, 100),
        duplicates: figures.standard.duplicates + figures.plus.duplicates,
        lost: figures.standard.lost + figures.plus.lost,
        fairnessRatio: Math.round((smallBusy / smallSolo) * 100) / 100,
      },
    };
  } finally {
    await worker.stop();
    await sim.stop();
  }
}
