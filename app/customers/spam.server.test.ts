// The spam finder end to end on the store simulator: the app's real code reads
// the customers through its session (token exchange) and the job engine, page
// by page or by a bulk query, then scores them; nothing of ours is mocked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import type { Worker } from "../jobs/queue";
import type { CustomerRecord } from "../../test/store/model";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, startTestWorker, testQueue, waitForJob } from "../../test/support/jobs";
import { SPAM_REASONS, SPAM_THRESHOLD, profileReasons, spamScore, type SpamReason } from "./spam";
import { SPAM_CUSTOMER_DATA } from "./spam-data.server";
import {
  cancelSpamScan,
  completeScan,
  listSuspects,
  purgeAbandonedScans,
  scanOverview,
  startSpamScan,
} from "./spam.server";

const SEEDED = "spam-seeded.myshopify.com";
const MADE = "spam-made.myshopify.com";
const EMPTY = "spam-empty.myshopify.com";
const SLOW = "spam-slow.myshopify.com";
const LEVEL1 = "spam-level1.myshopify.com";
const SHOPS = [SEEDED, MADE, EMPTY, SLOW, LEVEL1];
const gid = (id: number) => `gid://shopify/Customer/${id}`;
const DAY = 86_400_000;

describe("the spam finder", () => {
  const simulator = useStoreSimulator([
    { domain: SEEDED, plan: "PLUS", seed: { customers: 600, seed: 61 } },
    { domain: MADE, plan: "PLUS", seed: false },
    { domain: EMPTY, seed: false },
    { domain: SLOW, plan: "PLUS", latencyMs: 250, seed: { customers: 300, seed: 64 } },
    { domain: LEVEL1, protectedCustomerData: "level1", seed: { customers: 30, seed: 65 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    for (const shop of SHOPS) await installApp(shop.replace(".myshopify.com", ""));
    worker = startTestWorker(db, queue, SHOPS, "spam-worker");
  });
  afterAll(() => worker.stop());

  const deps = (shop: string) => ({ db, queue, executor: executorFor(shop) });
  const store = (shop: string) => simulator().shop(shop);
  const customers = (shop: string) => [...store(shop).customers.values()];

  async function scan(shop: string) {
    const { scanId, started } = await startSpamScan(deps(shop), shop, { staff: "user:1" });
    expect(started).toBe(true);
    const { jobId } = await db.spamScan.findUniqueOrThrow({ where: { id: scanId } });
    const job = await waitForJob(db, jobId!);
    return { scanId, job, scan: await db.spamScan.findUniqueOrThrow({ where: { id: scanId } }) };
  }

  const rowsOf = (shop: string, scanId: string) =>
    db.spamScore.findMany({ where: { shop, scanId }, orderBy: { customerId: "asc" } });

  /** What the rules say of a simulator record's own profile. */
  const ownReasons = (c: CustomerRecord) =>
    profileReasons({
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      verifiedEmail: c.verifiedEmail,
      numberOfOrders: c.numberOfOrders,
    });

  it("GIVEN a seeded store WHEN scanned THEN every customer is read, those at the threshold are kept with their own reasons, and the seeder's spam is found", async () => {
    const { scanId, job, scan: done } = await scan(SEEDED);
    expect(job.status).toBe("completed");
    const all = customers(SEEDED);
    expect(done).toMatchObject({ status: "done", expected: all.length, read: all.length });
    const rows = await rowsOf(SEEDED, scanId);
    expect(done.flagged).toBe(rows.length);
    const byId = new Map(all.map((c) => [gid(c.id), c]));
    for (const row of rows) {
      const c = byId.get(row.customerId)!;
      // The row's own reasons are exactly what the customer's profile gives.
      expect(row.reasons.split(",").filter(Boolean)).toEqual(ownReasons(c));
      const reasons = [
        ...ownReasons(c),
        ...(row.burst ? (["burst"] as const) : []),
        ...(row.pattern ? (["repeated_pattern"] as const) : []),
      ];
      expect(row.score).toBe(spamScore(reasons));
      expect(row.score).toBeGreaterThanOrEqual(SPAM_THRESHOLD);
      // Nothing but ids, scores and reason codes is left once the scan is over.
      expect(row).toMatchObject({
        signedUpAt: null,
        burstA: null,
        burstB: null,
        hourA: null,
        hourB: null,
        shape: null,
      });
    }
    const spam = all.filter((c) => c.seedLabel === "spam").map((c) => gid(c.id));
    const flagged = new Set(rows.map((r) => r.customerId));
    const found = spam.filter((id) => flagged.has(id)).length;
    expect(spam.length).toBeGreaterThan(20);
    expect(found / spam.length).toBeGreaterThanOrEqual(0.9);
    expect(found / flagged.size).toBeGreaterThanOrEqual(0.9);
    // Customers with orders are never in the list here (the seeder's spam never orders).
    expect(rows.every((r) => byId.get(r.customerId)!.numberOfOrders === 0)).toBe(true);
  });

  it("GIVEN the list THEN a page shows the highest scores first with names and emails read from Shopify, and the next page follows", async () => {
    const { latest } = await scanOverview(db, SEEDED);
    expect(latest?.phase).toBe("done");
    const first = await listSuspects(db, executorFor(SEEDED), SEEDED, latest!.id, 1);
    expect(first.total).toBe(latest!.flagged);
    const scores = first.suspects.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const byId = new Map(customers(SEEDED).map((c) => [gid(c.id), c]));
    for (const s of first.suspects) {
      const c = byId.get(s.id)!;
      expect(s.email).toBe(c.email);
      expect(s.reasons.every((r) => (SPAM_REASONS as readonly string[]).includes(r))).toBe(true);
    }
    if (first.pages > 1) {
      const second = await listSuspects(db, executorFor(SEEDED), SEEDED, latest!.id, 2);
      expect(second.suspects[0]!.score).toBeLessThanOrEqual(scores[scores.length - 1]!);
      expect(second.suspects.some((s) => first.suspects.some((f) => f.id === s.id))).toBe(false);
    }
  });

  it("GIVEN the same store read by a bulk query (past the threshold) THEN the scores are the same as page by page", async () => {
    const { latest } = await scanOverview(db, SEEDED);
    const paged = (await rowsOf(SEEDED, latest!.id)).map((r) => [r.customerId, r.score, r.reasons]);
    const before = store(SEEDED).bulkOperations.size;
    process.env.PATRON_BULK_QUERY_THRESHOLD = "100";
    process.env.PATRON_BULK_POLL_MS = "100";
    try {
      const { scanId } = await scan(SEEDED);
      expect(store(SEEDED).bulkOperations.size).toBe(before + 1);
      const bulk = (await rowsOf(SEEDED, scanId)).map((r) => [r.customerId, r.score, r.reasons]);
      expect(bulk).toEqual(paged);
      // The earlier scan's list gave way to this one.
      expect(await db.spamScore.count({ where: { shop: SEEDED, scanId: { not: scanId } } })).toBe(
        0,
      );
    } finally {
      delete process.env.PATRON_BULK_QUERY_THRESHOLD;
      delete process.env.PATRON_BULK_POLL_MS;
    }
  });

  describe("on customers made for the test", () => {
    const made: Record<string, number> = {};
    beforeAll(() => {
      const actions = simulator().actions(MADE);
      const start = Date.UTC(2025, 0, 1);
      const make = (
        key: string,
        input: object,
        at: number,
        patch: Partial<CustomerRecord> = {},
      ) => {
        const c = actions.createCustomer(input);
        Object.assign(c, { createdAt: at, updatedAt: at }, patch);
        made[key] = c.id;
        return c;
      };
      // Sixty real customers over two years, a third with an order.
      for (let i = 0; i < 60; i++) {
        const c = make(
          `real${i}`,
          {
            firstName: "Ingrid",
            lastName: `Berg${"abcdefghij"[i % 10]}`,
            email: `ingrid.berg${i}@telia.com`,
          },
          start + i * 12 * DAY,
        );
        if (i % 3 === 0) actions.placeOrder({ customerId: c.id });
      }
      // A bot: twelve sign-ups ten seconds apart, real-looking names, one email template.
      const burst = start + 200 * DAY + 3_600_000;
      const names = ["Emma Lund", "Oskar Holm", "Maja Ek", "Liam Berg", "Alva Sjö", "Noah Falk"];
      for (let i = 0; i < 12; i++) {
        const [first, last] = names[i % names.length]!.split(" ");
        make(
          `bot${i}`,
          {
            firstName: first,
            lastName: last,
            email: `${first!.toLowerCase()}${last!.toLowerCase().replace("ö", "o")}${4000 + i}@gmail.com`,
          },
          burst + i * 10_000,
          { verifiedEmail: false },
        );
      }
      // A link where the name goes, on its own.
      make(
        "link",
        { firstName: "www.win-prize.top", lastName: "Claim", email: "x1@yopmail.com" },
        start + 400 * DAY,
        { verifiedEmail: false },
      );
      // Redacted (or never given): no name, no email.
      make("redacted", { firstName: null, lastName: null, email: null }, start + 401 * DAY, {
        verifiedEmail: false,
      });
      // A real customer with an unusual name, no order yet, an email never verified.
      make(
        "unusual",
        { firstName: "Grzegorz", lastName: "Brzęczyszczykiewicz", email: "grzegorz.b@gmail.com" },
        start + 402 * DAY,
        { verifiedEmail: false },
      );
    });

    it("GIVEN twelve sign-ups in two minutes from one template THEN each is listed for the burst and the repeated pattern; the real customers are not", async () => {
      const { scanId } = await scan(MADE);
      const rows = new Map((await rowsOf(MADE, scanId)).map((r) => [r.customerId, r]));
      for (let i = 0; i < 12; i++) {
        const row = rows.get(gid(made[`bot${i}`]!));
        expect(row, `bot${i}`).toBeDefined();
        expect(row).toMatchObject({ burst: true, pattern: true });
        expect(row!.reasons.split(",")).toEqual(["no_orders", "unverified_email"]);
        expect(row!.score).toBe(75);
      }
      for (let i = 0; i < 60; i++) expect(rows.has(gid(made[`real${i}`]!))).toBe(false);
      expect(rows.get(gid(made.link!))).toMatchObject({
        reasons: "link_in_name,disposable_email,no_orders,unverified_email",
        score: 100,
        burst: false,
      });
      // Neither is listed: no name or email gives no reason but "no orders", and
      // an unusual name alone stays under the threshold.
      expect(rows.has(gid(made.redacted!))).toBe(false);
      expect(rows.has(gid(made.unusual!))).toBe(false);
    });

    it("GIVEN names and emails Shopify returns as null THEN they are scored on what is there, and listed without them", async () => {
      for (const key of ["bot0", "bot1"])
        Object.assign(store(MADE).customers.get(made[key]!)!, { firstName: null, lastName: null });
      const bot2 = store(MADE).customers.get(made.bot2!)!;
      store(MADE).removeCustomer(bot2.id);
      store(MADE).addCustomer(Object.assign(bot2, { email: null }));
      const { scanId, scan: done } = await scan(MADE);
      expect(done.status).toBe("done");
      const rows = new Map((await rowsOf(MADE, scanId)).map((r) => [r.customerId, r]));
      // Without a name their shape is another, so only the burst and their own
      // profile count: 45 (no orders, unverified, burst) and 35 (no email).
      for (const key of ["bot0", "bot1", "bot2"])
        expect(rows.has(gid(made[key]!)), key).toBe(false);
      for (let i = 3; i < 12; i++)
        expect(rows.get(gid(made[`bot${i}`]!))).toMatchObject({ burst: true, pattern: true });
      // Shopify no longer gives a listed customer's name and email: the list shows it without.
      Object.assign(store(MADE).customers.get(made.bot3!)!, {
        firstName: null,
        lastName: null,
        email: null,
      });
      const list = await listSuspects(db, executorFor(MADE), MADE, scanId, 1);
      expect(list.suspects.find((s) => s.id === gid(made.bot3!))).toMatchObject({
        name: null,
        email: null,
        score: 75,
      });
    });

    it("GIVEN a listed customer deleted since the scan THEN the list drops it and forgets its score", async () => {
      const { latest } = await scanOverview(db, MADE);
      const before = await listSuspects(db, executorFor(MADE), MADE, latest!.id, 1);
      const victim = gid(made.bot11!);
      expect(before.suspects.map((s) => s.id)).toContain(victim);
      store(MADE).removeCustomer(Number(victim.split("/").pop()));
      const after = await listSuspects(db, executorFor(MADE), MADE, latest!.id, 1);
      expect(after.total).toBe(before.total - 1);
      expect(after.suspects.map((s) => s.id)).not.toContain(victim);
      expect(await db.spamScore.count({ where: { shop: MADE, customerId: victim } })).toBe(0);
    });

    it("GIVEN a customer's GDPR requests THEN the score is exported and erased, and nobody else's", async () => {
      const { latest } = await scanOverview(db, MADE);
      const [holder] = SPAM_CUSTOMER_DATA;
      const customer = { id: String(made.link), gid: gid(made.link!), email: null, phone: null };
      const exported = await holder!.export(db, MADE, customer);
      expect(exported).toEqual([
        {
          scan: latest!.id,
          scannedAt: expect.any(Date),
          score: 100,
          reasons: ["link_in_name", "disposable_email", "no_orders", "unverified_email"],
        },
      ]);
      const others = await db.spamScore.count({ where: { shop: MADE } });
      expect(await holder!.erase(db, MADE, customer)).toBe(1);
      expect(await holder!.export(db, MADE, customer)).toEqual([]);
      expect(await db.spamScore.count({ where: { shop: MADE } })).toBe(others - 1);
    });
  });

  it("GIVEN an empty store THEN the scan finishes with nobody read or listed", async () => {
    const { scan: done } = await scan(EMPTY);
    expect(done).toMatchObject({ status: "done", expected: 0, read: 0, flagged: 0 });
    const { latest } = await scanOverview(db, EMPTY);
    expect(latest).toMatchObject({ phase: "done", read: 0, flagged: 0 });
    expect(await listSuspects(db, executorFor(EMPTY), EMPTY, latest!.id, 1)).toEqual({
      total: 0,
      pages: 1,
      suspects: [],
    });
  });

  it("GIVEN a customer deleted while the scan reads THEN the scan finishes without it", async () => {
    const { scanId } = await startSpamScan(deps(SLOW), SLOW, { staff: null });
    const last = Math.max(...customers(SLOW).map((c) => c.id));
    for (let i = 0; i < 400; i++) {
      if ((await db.spamScore.count({ where: { shop: SLOW, scanId } })) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { latest } = await scanOverview(db, SLOW);
    expect(latest).toMatchObject({ phase: "reading", expected: 300 });
    expect(latest!.read).toBeLessThan(300);
    store(SLOW).removeCustomer(last);
    const { jobId } = await db.spamScan.findUniqueOrThrow({ where: { id: scanId } });
    expect((await waitForJob(db, jobId!)).status).toBe("completed");
    const done = await db.spamScan.findUniqueOrThrow({ where: { id: scanId } });
    expect(done).toMatchObject({ status: "done", expected: 300, read: 299 });
    expect(await db.spamScore.count({ where: { shop: SLOW, customerId: gid(last) } })).toBe(0);
  });

  it("GIVEN a scan at work THEN a second start starts nothing, a cancel stops it, and the next scan drops its rows", async () => {
    const first = await startSpamScan(deps(SLOW), SLOW, { staff: null });
    expect(first.started).toBe(true);
    const again = await startSpamScan(deps(SLOW), SLOW, { staff: null });
    expect(again).toEqual({ scanId: first.scanId, started: false });
    expect(await cancelSpamScan(deps(SLOW), SLOW)).toBe(true);
    const { jobId } = await db.spamScan.findUniqueOrThrow({ where: { id: first.scanId } });
    expect((await waitForJob(db, jobId!)).status).toBe("cancelled");
    expect((await scanOverview(db, SLOW)).latest?.phase).toBe("cancelled");
    // The list of the last finished scan is still there while nothing runs.
    expect((await scanOverview(db, SLOW)).lastDone?.phase).toBe("done");
    expect(await cancelSpamScan(deps(SLOW), SLOW)).toBe(false);
    const next = await startSpamScan(deps(SLOW), SLOW, { staff: null });
    expect(next.started).toBe(true);
    expect(await db.spamScan.count({ where: { shop: SLOW, id: first.scanId } })).toBe(0);
    expect(await db.spamScore.count({ where: { shop: SLOW, scanId: first.scanId } })).toBe(0);
    const { jobId: nextJob } = await db.spamScan.findUniqueOrThrow({ where: { id: next.scanId } });
    await waitForJob(db, nextJob!);
  });

  it("GIVEN a store where Shopify hides names and emails (protected data not approved) THEN the scan fails with protected_data and lists nothing", async () => {
    const { scanId } = await startSpamScan(deps(LEVEL1), LEVEL1, { staff: null });
    const { jobId } = await db.spamScan.findUniqueOrThrow({ where: { id: scanId } });
    const job = await waitForJob(db, jobId!);
    expect(job).toMatchObject({ status: "failed", errorCode: "protected_data" });
    const { latest, lastDone } = await scanOverview(db, LEVEL1);
    expect(latest).toMatchObject({ phase: "failed", job: { errorCode: "protected_data" } });
    expect(lastDone).toBeNull();
  });

  it("GIVEN a finished scan THEN its second pass run again changes nothing, and the daily cleanup keeps it", async () => {
    const { latest } = await scanOverview(db, MADE);
    const before = await rowsOf(MADE, latest!.id);
    await completeScan(db, MADE, latest!.id);
    expect(await rowsOf(MADE, latest!.id)).toEqual(before);
    await purgeAbandonedScans(db, Date.now() + 2 * DAY);
    expect(await rowsOf(MADE, latest!.id)).toEqual(before);
    // The failed scan of the hidden store goes a day after.
    await purgeAbandonedScans(db, Date.now() + 2 * DAY);
    expect(await db.spamScan.count({ where: { shop: LEVEL1 } })).toBe(0);
  });

  it("scores only the known reasons", () => {
    const all: SpamReason[] = [...SPAM_REASONS];
    expect(spamScore(all)).toBe(100);
    expect(spamScore([])).toBe(0);
  });
});
