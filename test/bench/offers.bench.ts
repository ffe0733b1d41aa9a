// Offer metrics measured: 1,000,000 OfferEvent rows (200 automations of one
// shop, a second shop's events as noise, spread over 90 days), then the
// page's query for one automation (automationMetrics) run repeatedly, against
// a baseline in the same run: the same figures from the automation's raw rows
// of the window summed in JavaScript. The two must agree. The shop's overview
// (shopMetrics) is timed too. On SQLite always; on PostgreSQL as well when the
// services tier's server answers (BENCH_OFFERS_PG=0 skips it), after a
// VACUUM ANALYZE of the loaded table.
import pg from "pg";
import { POSTGRES_ADMIN_URL, postgresUrl } from "../setup/postgres";
import { migrate } from "../setup/migrate";
import { prepareAppEnv } from "./app-env";
import type { Database } from "../../app/db/db.server";
import type { OfferMetrics } from "../../app/offers/metrics.server";

const EVENTS = Number(process.env.BENCH_OFFER_EVENTS ?? 1_000_000);
const AUTOMATIONS = 200;
const SHOP = "bench-offers.myshopify.com";
const NOISE_SHOP = "bench-offers-noise.myshopify.com";
const RUNS = 40;
const DAY = 86_400_000;
const NOW = new Date("2026-06-15T12:00:00.000Z");
const PG_DATABASE = "patron_bench_offers";

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type EventRow = {
  id: string;
  shop: string;
  automationId: string;
  offerId: string | null;
  kind: string;
  orderId: string;
  sourceId: string;
  customerId: string | null;
  amountMinor: number;
  currencyCode: string;
  at: Date;
};

/**
 * Events as the app records them: an order issues an offer; some offers are
 * redeemed by a later order; some of those orders are cancelled or refunded.
 * 90 % of the events are the measured shop's, 10 % the noise shop's.
 */
function* events(automations: string[], noise: string[]): Generator<EventRow> {
  const next = random(2026);
  let n = 0;
  let order = 0;
  while (n < EVENTS) {
    const mine = next() < 0.9;
    const shop = mine ? SHOP : NOISE_SHOP;
    const pool = mine ? automations : noise;
    const automationId = pool[Math.floor(next() * pool.length)]!;
    const customerId = `gid://shopify/Customer/${Math.floor(next() * 50_000)}`;
    const issuedAt = NOW.getTime() - next() * 90 * DAY;
    const orderId = `gid://shopify/Order/${++order}`;
    const base = { shop, automationId, offerId: null, customerId, currencyCode: "EUR" };
    yield {
      ...base,
      id: `ev${++n}`,
      kind: "issued",
      orderId,
      sourceId: orderId,
      amountMinor: 0,
      at: new Date(issuedAt),
    };
    if (next() > 0.5 || n >= EVENTS) continue;
    const redeemedAt = Math.min(NOW.getTime(), issuedAt + next() * 5 * DAY);
    const redemption = `gid://shopify/Order/${++order}`;
    const total = 1000 + Math.floor(next() * 20_000);
    const r = { ...base, orderId: redemption };
    yield {
      ...r,
      id: `ev${++n}`,
      kind: "redeemed",
      sourceId: redemption,
      amountMinor: total,
      at: new Date(redeemedAt),
    };
    const fate = next();
    if (fate < 0.08 && n < EVENTS)
      yield {
        ...r,
        id: `ev${++n}`,
        kind: "cancelled",
        sourceId: redemption,
        amountMinor: total,
        at: new Date(redeemedAt + DAY),
      };
    else if (fate < 0.2 && n < EVENTS)
      yield {
        ...r,
        id: `ev${++n}`,
        kind: "refunded",
        sourceId: `gid://shopify/Refund/${order}`,
        amountMinor: Math.floor(total / 3),
        at: new Date(redeemedAt + 2 * DAY),
      };
  }
}

async function seed(db: Database) {
  const { bulkInsert } = await import("../../app/db/bulk-insert.server");
  const automations = Array.from({ length: AUTOMATIONS }, (_, i) => `auto-${i}`);
  const noise = Array.from({ length: 20 }, (_, i) => `noise-${i}`);
  const automation = (shop: string) => (id: string) => ({
    id,
    shop,
    name: id,
    status: "active",
    discountKind: "percentage",
    value: "10",
    currencyCode: "EUR",
    codeMode: "unique",
  });
  await db.offerAutomation.createMany({
    data: [...automations.map(automation(SHOP)), ...noise.map(automation(NOISE_SHOP))],
  });
  const started = performance.now();
  let batch: EventRow[] = [];
  for (const row of events(automations, noise)) {
    batch.push(row);
    if (batch.length === 2000) {
      await bulkInsert(db, "OfferEvent", batch, { chunk: 2000 });
      batch = [];
    }
  }
  if (batch.length) await bulkInsert(db, "OfferEvent", batch, { chunk: 2000 });
  return { automations, seedSeconds: (performance.now() - started) / 1000 };
}

/** The baseline: the automation's rows of the window, read and summed in JavaScript. */
async function naiveMetrics(db: Database, automationId: string) {
  const from = new Date(NOW.getTime() - 30 * DAY);
  const rows = await db.offerEvent.findMany({
    where: { shop: SHOP, automationId, at: { gt: from, lte: NOW } },
    select: { kind: true, orderId: true, customerId: true, amountMinor: true },
  });
  const redeemed = new Set<string>();
  const cancelled = new Set<string>();
  const customers = new Set<string | null>();
  const f = { issued: 0, redeemedOrders: 0, salesMinor: 0, cancelledMinor: 0, refundedMinor: 0 };
  for (const r of rows)
    if (r.kind === "issued") {
      f.issued++;
      customers.add(r.customerId);
    } else if (r.kind === "redeemed") {
      f.redeemedOrders++;
      f.salesMinor += r.amountMinor;
      redeemed.add(r.orderId);
    }
  for (const r of rows)
    if (r.kind === "cancelled" && redeemed.has(r.orderId)) {
      f.cancelledMinor += r.amountMinor;
      cancelled.add(r.orderId);
    }
  for (const r of rows)
    if (r.kind === "refunded" && redeemed.has(r.orderId) && !cancelled.has(r.orderId))
      f.refundedMinor += r.amountMinor;
  return { ...f, recipients: customers.size };
}

async function timed<T>(runs: number, work: () => Promise<T>) {
  await work(); // warm-up
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { result, p50: at(0.5), p95: at(0.95), p99: at(0.99), runs };
}

async function measure(db: Database, label: string, settle?: () => Promise<unknown>) {
  const { automationMetrics, shopMetrics } = await import("../../app/offers/metrics.server");
  const { automations, seedSeconds } = await seed(db);
  await settle?.();
  const id = automations[0]!;
  const fast = await timed(RUNS, () => automationMetrics(db, SHOP, id, { now: NOW }));
  const naive = await timed(RUNS, () => naiveMetrics(db, id));
  const shop = await timed(5, () => shopMetrics(db, SHOP, { now: NOW }));
  const m: OfferMetrics = fast.result;
  const agree =
    m.issued === naive.result.issued &&
    m.recipients === naive.result.recipients &&
    m.redeemedOrders === naive.result.redeemedOrders &&
    m.salesMinor === naive.result.salesMinor &&
    m.cancelledMinor === naive.result.cancelledMinor &&
    m.refundedMinor === naive.result.refundedMinor;
  if (!agree)
    throw new Error(
      `${label}: metrics ${JSON.stringify(m)} differ from the baseline ${JSON.stringify(naive.result)}`,
    );
  console.info(
    `  ${label}: ${EVENTS} events seeded in ${seedSeconds.toFixed(1)} s; one automation's window: ${m.issued} issued, ${m.redeemedOrders} orders, sales ${m.salesMinor}, net ${m.netSalesMinor}`,
  );
  const row = (name: string, t: { p50: number; p99: number; runs: number }) => ({
    name,
    requests: t.runs,
    perSecond: 1000 / t.p50,
    p50Ms: t.p50,
    p99Ms: t.p99,
    errors: 0,
  });
  return {
    rows: [
      row(`offer metrics, one automation (${label})`, fast),
      row(`offer metrics, raw rows summed in JS (${label})`, naive),
      row(`offer metrics, shop and 200 automations (${label})`, shop),
    ],
    fast,
    naive,
    shop,
  };
}

async function postgresDatabase(): Promise<string | null> {
  if (process.env.BENCH_OFFERS_PG === "0") return null;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
  } catch {
    console.info(`  PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}: SQLite only`);
    return null;
  }
  await client.query(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${PG_DATABASE}`);
  await client.end();
  const url = postgresUrl(PG_DATABASE);
  migrate(url);
  return url;
}

const round = (x: number) => Math.round(x * 100) / 100;

export async function offersBench() {
  prepareAppEnv();
  const { default: db, createDatabase } = await import("../../app/db/db.server");
  const sqlite = await measure(db, "SQLite");
  const figures: Record<string, number> = {
    offerMetricsMs: round(sqlite.fast.p50),
    offerMetricsP95Ms: round(sqlite.fast.p95),
    offerMetricsNaiveMs: round(sqlite.naive.p50),
    offerMetricsVsNaiveRatio: round(sqlite.fast.p50 / sqlite.naive.p50),
    offerShopMetricsMs: round(sqlite.shop.p50),
  };
  const rows = [...sqlite.rows];
  const url = await postgresDatabase();
  if (url) {
    const pgDb = createDatabase(url);
    try {
      // What autovacuum does soon after a bulk load, which the bench does not
      // wait for: statistics for the planner, and the visibility map without
      // which an index-only scan still visits the table (about 4x slower here).
      const postgres = await measure(pgDb, "PostgreSQL", async () => {
        await pgDb.$executeRawUnsafe(`VACUUM ANALYZE "OfferEvent"`);
        await pgDb.$executeRawUnsafe(`ANALYZE "OfferAutomation"`);
      });
      rows.push(...postgres.rows);
      Object.assign(figures, {
        offerMetricsPgMs: round(postgres.fast.p50),
        offerMetricsPgP95Ms: round(postgres.fast.p95),
        offerMetricsPgNaiveMs: round(postgres.naive.p50),
        offerShopMetricsPgMs: round(postgres.shop.p50),
      });
    } finally {
      await pgDb.$disconnect();
    }
  }
  return { rows, figures };
}
