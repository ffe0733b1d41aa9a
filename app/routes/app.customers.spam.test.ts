// The spam finder's page: its loader and action called with real session
// tokens, against the store simulator, with the job engine's worker running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import type { Worker } from "../jobs/queue";
import { SPAM_THRESHOLD } from "../customers/spam";
import { SUSPECTS_PAGE_SIZE } from "../customers/spam.server";
import { action, loader } from "./app.customers.spam";
import { adminRequest } from "../../test/support/admin-request";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, startTestWorker, testQueue, waitForJob } from "../../test/support/jobs";

const SHOP = "spam-page.myshopify.com";
const FRESH = "spam-page-fresh.myshopify.com";
const PATH = "/app/customers/spam";

async function load(shop: string, search = "") {
  return loader(routeArgs(await adminRequest(shop, `${PATH}${search}`)));
}

async function post(shop: string, body: Record<string, string>) {
  const request = await adminRequest(shop, PATH, {
    method: "POST",
    body: new URLSearchParams(body),
  });
  return (await action(routeArgs(request))) as Response;
}

async function thrown(promise: Promise<unknown>) {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(Response);
  return failure as Response;
}

describe("the spam finder's page", () => {
  useStoreSimulator([
    { domain: SHOP, plan: "PLUS", seed: { customers: 600, seed: 67 } },
    { domain: FRESH, seed: { customers: 20, seed: 68 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    for (const shop of [SHOP, FRESH]) await installApp(shop.replace(".myshopify.com", ""));
    worker = startTestWorker(db, queue, [SHOP, FRESH], "spam-page-worker");
  });
  afterAll(() => worker.stop());

  it("GIVEN a request without a session token THEN nothing is read or started", async () => {
    const request = new Request(`https://patron.test${PATH}`, { method: "POST" });
    await thrown(loader(routeArgs(new Request(`https://patron.test${PATH}`))));
    await thrown(action(routeArgs(request)));
    expect(await db.spamScan.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("GIVEN no scan yet THEN the page has no scan and an empty list", async () => {
    const data = await load(SHOP);
    expect(data).toMatchObject({
      scan: null,
      listedId: null,
      page: 1,
      total: 0,
      pages: 1,
      suspects: [],
      threshold: SPAM_THRESHOLD,
      pageSize: SUSPECTS_PAGE_SIZE,
    });
  });

  it("GIVEN a scan started from the page THEN it shows its progress, a second start changes nothing, and the list comes sorted by score with reasons", async () => {
    const started = await post(SHOP, { intent: "scan" });
    expect(await started.json()).toEqual({ intent: "scan", changed: true });
    const running = await load(SHOP);
    expect(["reading", "scoring", "done"]).toContain(running.scan?.phase);
    expect(running.scan?.expected).toBe(600);
    if (running.scan?.phase !== "done") {
      expect(await (await post(SHOP, { intent: "scan" })).json()).toEqual({
        intent: "scan",
        changed: false,
      });
      // Nothing to list until the first scan is over.
      expect(running.listedId).toBeNull();
    }
    const scan = await db.spamScan.findFirstOrThrow({ where: { shop: SHOP } });
    await waitForJob(db, scan.jobId!);

    const data = await load(SHOP);
    expect(data.scan).toMatchObject({ phase: "done", read: 600, expected: 600 });
    expect(data.listedId).toBe(scan.id);
    expect(data.total).toBe(data.scan!.flagged);
    expect(data.total).toBeGreaterThan(SUSPECTS_PAGE_SIZE);
    expect(data.pages).toBe(Math.ceil(data.total / SUSPECTS_PAGE_SIZE));
    expect(data.suspects).toHaveLength(SUSPECTS_PAGE_SIZE);
    const scores = data.suspects.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(SPAM_THRESHOLD);
    for (const s of data.suspects) {
      expect(s.id).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
      expect(s.reasons.length).toBeGreaterThan(0);
    }
    // Names and emails were shown: the access is logged, without them.
    const logged = await db.dataAccess.findMany({ where: { shop: SHOP, action: "spam_review" } });
    expect(logged).toEqual([
      expect.objectContaining({
        subject: scan.id,
        records: SUSPECTS_PAGE_SIZE,
        staff: expect.stringMatching(/^user:\d+$/),
      }),
    ]);

    // The next page continues where the first stopped.
    const second = await load(SHOP, "?page=2");
    expect(second.page).toBe(2);
    expect(second.suspects[0]!.score).toBeLessThanOrEqual(scores[scores.length - 1]!);
    expect(second.suspects.some((s) => data.suspects.some((f) => f.id === s.id))).toBe(false);
    // Past the end: an empty page, the total still there.
    const beyond = await load(SHOP, `?page=${data.pages + 1}`);
    expect(beyond).toMatchObject({ suspects: [], total: data.total });
  });

  it("GIVEN bad input THEN it is refused and changes nothing", async () => {
    expect((await thrown(load(SHOP, "?page=abc"))).status).toBe(400);
    expect((await thrown(load(SHOP, "?page=0"))).status).toBe(400);
    const scans = await db.spamScan.count({ where: { shop: SHOP } });
    const bogus = await post(SHOP, { intent: "delete-everything" });
    expect(bogus.status).toBe(400);
    expect((await post(SHOP, {})).status).toBe(400);
    // Nothing runs: there is nothing to stop.
    expect(await (await post(SHOP, { intent: "cancel" })).json()).toEqual({
      intent: "cancel",
      changed: false,
    });
    expect(await db.spamScan.count({ where: { shop: SHOP } })).toBe(scans);
  });

  it("GIVEN another shop THEN it sees none of this shop's scan, and its own scan and stop are its own", async () => {
    expect(await load(FRESH)).toMatchObject({ scan: null, suspects: [], total: 0 });
    expect(await (await post(FRESH, { intent: "scan" })).json()).toEqual({
      intent: "scan",
      changed: true,
    });
    expect(await (await post(FRESH, { intent: "cancel" })).json()).toMatchObject({
      intent: "cancel",
    });
    const scan = await db.spamScan.findFirstOrThrow({ where: { shop: FRESH } });
    await waitForJob(db, scan.jobId!);
    const fresh = await load(FRESH);
    expect(["done", "cancelled"]).toContain(fresh.scan?.phase);
    // The first shop's scan is untouched.
    expect((await load(SHOP)).scan?.phase).toBe("done");
  });
});
