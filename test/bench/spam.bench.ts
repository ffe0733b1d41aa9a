// The spam finder measured: a store seeded with a seed no test uses (2026;
// the rules were tuned on seed 7), scanned through the app's own code (token
// exchange, the job engine reading 100,000 customers by a bulk query, the
// second pass), and the list at the page's threshold compared with the
// seeder's labels. Baselines in the same run: the naive rules "no orders" and
// "no orders and never verified" on the same customers.
//
// The labels are the seeder's own ground truth (test/store/seed-spam.ts says
// how they are made and how circular that is): the figures say how well the
// finder tells the seeder's spam from its customers, hard cases included, not
// how it would do on a real store.
import { startStoreSimulator } from "../store";
import type { CustomerRecord } from "../store/model";
import { routeShopsTo } from "../store/route-shops";
import { SEED_CASES } from "../store/seed-spam";
import { prepareAppEnv } from "./app-env";

const CUSTOMERS = Number(process.env.BENCH_SPAM_CUSTOMERS ?? 100_000);
const SEED = Number(process.env.BENCH_SPAM_SEED ?? 2026);
const SHOP = "bench-spam.myshopify.com";

type Figures = { precision: number; recall: number; flagged: number };

function measure(customers: CustomerRecord[], flagged: (c: CustomerRecord) => boolean): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const c of customers) {
    const spam = c.seedLabel === "spam";
    const hit = flagged(c);
    if (hit && spam) tp++;
    else if (hit) fp++;
    else if (spam) fn++;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    precision: round(tp + fp ? tp / (tp + fp) : 0),
    recall: round(tp + fn ? tp / (tp + fn) : 0),
    flagged: tp + fp,
  };
}

export async function spamBench() {
  const { apiKey, apiSecret } = prepareAppEnv({ PATRON_BULK_POLL_MS: "500" });
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey,
    apiSecret,
    shops: [{ domain: SHOP, plan: "PLUS", seed: { customers: CUSTOMERS, seed: SEED } }],
  });
  routeShopsTo(sim.url);
  const { default: db } = await import("../../app/db/db.server");
  const { LocalQueue } = await import("../../app/jobs/local-queue.server");
  const { taskHandlers } = await import("../../app/jobs/worker.server");
  const { FEATURES } = await import("../../app/features.server");
  const { installApp } = await import("../support/jobs");
  const { executorFor } = await import("../../app/admin-api/client.server");
  const { SPAM_THRESHOLD } = await import("../../app/customers/spam");
  const { startSpamScan } = await import("../../app/customers/spam.server");
  await installApp(SHOP.replace(".myshopify.com", ""));
  const queue = new LocalQueue(db, { pollMs: 20 });
  const worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
    concurrency: 2,
    workerId: "bench-spam",
  });
  try {
    const started = performance.now();
    const { scanId } = await startSpamScan({ db, queue, executor: executorFor(SHOP) }, SHOP, {
      staff: "user:bench",
    });
    let scan = await db.spamScan.findUniqueOrThrow({ where: { id: scanId } });
    while (scan.status !== "done") {
      const job = scan.jobId ? await db.job.findUnique({ where: { id: scan.jobId } }) : null;
      if (job && ["failed", "cancelled"].includes(job.status))
        throw new Error(`spam scan ${job.status}: ${job.error ?? ""}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      scan = await db.spamScan.findUniqueOrThrow({ where: { id: scanId } });
    }
    const seconds = (performance.now() - started) / 1000;

    const rows = await db.spamScore.findMany({
      where: { shop: SHOP, scanId, score: { gte: SPAM_THRESHOLD } },
      select: { customerId: true, reasons: true, burst: true, pattern: true },
    });
    const listed = new Set(rows.map((r) => r.customerId));
    const customers = [...sim.shop(SHOP).customers.values()];
    const gid = (c: CustomerRecord) => `gid://shopify/Customer/${c.id}`;
    const finder = measure(customers, (c) => listed.has(gid(c)));
    const noOrders = measure(customers, (c) => c.numberOfOrders === 0);
    const unverified = measure(customers, (c) => c.numberOfOrders === 0 && !c.verifiedEmail);
    const spam = customers.filter((c) => c.seedLabel === "spam").length;

    console.info(
      `  ${customers.length} customers (seed ${SEED}), ${spam} labelled spam, scanned in ${seconds.toFixed(1)} s; threshold ${SPAM_THRESHOLD}`,
    );
    console.info(
      `  finder:                          precision ${finder.precision}  recall ${finder.recall}  (${finder.flagged} listed)`,
    );
    console.info(
      `  baseline "no orders":            precision ${noOrders.precision}  recall ${noOrders.recall}  (${noOrders.flagged} listed)`,
    );
    console.info(
      `  baseline "no orders, unverified": precision ${unverified.precision}  recall ${unverified.recall}  (${unverified.flagged} listed)`,
    );
    // Each hard case apart: how much of it the finder lists (spam: found; genuine: misread).
    for (const name of [...SEED_CASES, "other spam", "other genuine"]) {
      const group = customers.filter((c) =>
        name === "other spam"
          ? c.seedLabel === "spam" && !c.seedCase
          : name === "other genuine"
            ? c.seedLabel !== "spam" && !c.seedCase
            : c.seedCase === name,
      );
      const hits = group.filter((c) => listed.has(gid(c))).length;
      console.info(
        `    ${name.padEnd(20)} ${String(group.length).padStart(6)} customers, ${hits} listed`,
      );
    }
    // What the genuine customers listed have, for whoever tunes the rules next.
    const labels = new Map(customers.map((c) => [gid(c), c.seedLabel]));
    const mistaken = new Map<string, number>();
    for (const r of rows) {
      if (labels.get(r.customerId) === "spam") continue;
      const key = [r.reasons, r.burst ? "burst" : "", r.pattern ? "repeated_pattern" : ""]
        .filter(Boolean)
        .join(",");
      mistaken.set(key, (mistaken.get(key) ?? 0) + 1);
    }
    for (const [key, n] of [...mistaken].sort((a, b) => b[1] - a[1]).slice(0, 5))
      console.info(`    genuine listed for ${key}: ${n}`);
    const row = (name: string, ms: number, n: number) => ({
      name,
      requests: n,
      perSecond: n / (ms / 1000),
      p50Ms: ms,
      p99Ms: ms,
      errors: 0,
    });
    return {
      rows: [
        row(
          `spam scan, ${customers.length} customers (read + second pass)`,
          seconds * 1000,
          customers.length,
        ),
      ],
      figures: {
        spamPrecision: finder.precision,
        spamRecall: finder.recall,
        spamBaselineNoOrdersPrecision: noOrders.precision,
        spamBaselineNoOrdersRecall: noOrders.recall,
        spamBaselineUnverifiedPrecision: unverified.precision,
        spamBaselineUnverifiedRecall: unverified.recall,
        spamScanSeconds: Math.round(seconds * 10) / 10,
      },
    };
  } finally {
    await worker.stop();
    await sim.stop();
  }
}
