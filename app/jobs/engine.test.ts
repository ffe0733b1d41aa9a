import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { createJob, pauseJob, resumeJob, cancelJob } from "./jobs.server";
import { getJobProgress } from "./progress.server";
import { useStoreSimulator } from "../../test/support/store-simulator";
import {
  customerIds,
  installApp,
  invitable,
  invitesPerCustomer,
  startTestWorker,
  testQueue,
  waitForJob,
} from "../../test/support/jobs";
import type { Worker } from "./queue";

process.env.PATRON_API_TIMEOUT_MS = "1000";
process.env.PATRON_BULK_POLL_MS = "100";
process.env.PATRON_RECONCILE_GRACE_MS = "300";

const PACED = "engine-paced.myshopify.com";
const FAULTY = "engine-faulty.myshopify.com";
const BULK = "engine-bulk.myshopify.com";
const PAUSE = "engine-pause.myshopify.com";
const CLAIMS = "engine-claims.myshopify.com";
const AUDIENCE = "state:DISABLED";

describe("job engine on the store simulator (database queue)", () => {
  const simulator = useStoreSimulator([
    { domain: PACED, plan: "PLUS", seed: { customers: 300 } },
    { domain: FAULTY, plan: "PLUS", seed: { customers: 300 } },
    { domain: BULK, plan: "STANDARD", bulkMinDurationMs: 50, seed: { customers: 300 } },
    { domain: PAUSE, plan: "STANDARD", restoreRate: 50, bucketSize: 600, seed: { customers: 200 } },
    {
      domain: CLAIMS,
      plan: "STANDARD",
      restoreRate: 50,
      bucketSize: 400,
      latencyMs: 30,
      seed: { customers: 120 },
    },
  ]);
  const queue = testQueue(db);
  let worker: Worker;

  beforeAll(async () => {
    for (const shop of [PACED, FAULTY, BULK, PAUSE, CLAIMS])
      await installApp(shop.replace(".myshopify.com", ""));
    worker = startTestWorker(db, queue, [PACED, FAULTY, BULK, PAUSE, CLAIMS]);
  });
  afterAll(() => worker.stop());

  const invitableIds = (shop: string) => customerIds(simulator().shop(shop), invitable);

  it("GIVEN an audience search THEN invites every matching customer exactly once and reports progress", async () => {
    const expected = invitableIds(PACED);
    const audience = customerIds(simulator().shop(PACED), (c) => c.state === "DISABLED");
    const job = await createJob(
      { db, queue },
      { shop: PACED, kind: "invite", audience: { query: AUDIENCE }, mode: "paced" },
    );
    const done = await waitForJob(db, job.id);
    expect(done.status).toBe("completed");
    const sent = invitesPerCustomer(simulator().outbox(PACED));
    expect([...sent.keys()].sort()).toEqual(expected.sort());
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    const progress = await getJobProgress(db, PACED, job.id);
    expect(progress).toMatchObject({
      status: "completed",
      total: audience.length,
      done: audience.length,
    });
    expect(progress!.counts.succeeded).toBe(expected.length);
    // Customers without an email are reported with Shopify's reason.
    const failed = await db.jobItem.findMany({ where: { jobId: job.id, status: "failed" } });
    expect(failed.length).toBe(audience.length - expected.length);
    for (const item of failed) expect(item.error).toContain("must have an email address");
    expect(await getJobProgress(db, FAULTY, job.id)).toBeNull(); // scoped by shop
  });

  it("GIVEN 10% 5xx, timeouts, lost answers and a throttle storm THEN completes with no duplicate", async () => {
    const expected = invitableIds(FAULTY);
    simulator().setFaults(FAULTY, {
      seed: 7,
      errorRate: 0.04,
      timeoutRate: 0.03,
      timeoutMs: null,
      lostResponseRate: 0.03,
      lostResponseMode: "5xx",
      throttleForMs: 1500,
    });
    const job = await createJob(
      { db, queue },
      { shop: FAULTY, kind: "invite", audience: { query: AUDIENCE }, mode: "paced" },
    );
    const done = await waitForJob(db, job.id, undefined, 120_000);
    simulator().setFaults(FAULTY, { reset: true } as never);
    expect(done.status).toBe("completed");
    const sent = invitesPerCustomer(simulator().outbox(FAULTY));
    expect([...sent.values()].filter((n) => n > 1)).toEqual([]);
    const items = await db.jobItem.findMany({ where: { jobId: job.id } });
    // Every target was invited once, or is reported failed with the reason.
    for (const item of items) {
      if (item.status === "succeeded") expect(sent.get(item.target)).toBe(1);
      else expect(item).toMatchObject({ status: "failed", error: expect.any(String) });
    }
    expect(items.filter((i) => i.status === "succeeded").length).toBeGreaterThan(
      expected.length * 0.9,
    );
    for (const item of items.filter((i) => i.status === "failed" && expected.includes(i.target))) {
      expect(sent.get(item.target)).toBeUndefined();
    }
  });

  it("GIVEN bulk mode THEN one bulk mutation invites everyone once and maps every result line to its item", async () => {
    const expected = invitableIds(BULK);
    const alreadyEnabled = customerIds(simulator().shop(BULK), (c) => c.state === "ENABLED")[0]!;
    const targets = [...expected, alreadyEnabled].map((target) => ({
      target,
      data: { state: "DISABLED" },
    }));
    const job = await createJob(
      { db, queue },
      { shop: BULK, kind: "invite", targets, mode: "bulk" },
    );
    const done = await waitForJob(db, job.id);
    expect(done).toMatchObject({ status: "completed", mode: "bulk" });
    const sent = invitesPerCustomer(simulator().outbox(BULK));
    expect([...sent.keys()].sort()).toEqual(expected.sort());
    const failed = await db.jobItem.findFirstOrThrow({
      where: { jobId: job.id, target: alreadyEnabled },
    });
    expect(failed).toMatchObject({
      status: "failed",
      error: expect.stringContaining("Account already enabled"),
    });
  });

  it("GIVEN a shop whose budget allows a few calls at a time THEN only about that many items are claimed at once (a crash leaves little to reconcile)", async () => {
    const job = await createJob(
      { db, queue },
      { shop: CLAIMS, kind: "invite", audience: { query: AUDIENCE }, mode: "paced" },
    );
    await waitForJob(db, job.id, ["running"]);
    let most = 0;
    for (let i = 0; i < 40; i++) {
      most = Math.max(
        most,
        await db.jobItem.count({ where: { jobId: job.id, status: "in_flight" } }),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    // Far fewer than the 32 lanes (or twice that) a run may have.
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(8);
    await cancelJob({ db, queue }, CLAIMS, job.id);
    await waitForJob(db, job.id, ["cancelled"]);
  });

  it("GIVEN pause, resume and cancel THEN the job stops, continues, and sends nothing after cancel", async () => {
    const job = await createJob(
      { db, queue },
      { shop: PAUSE, kind: "invite", audience: { query: AUDIENCE }, mode: "paced" },
    );
    await waitForJob(db, job.id, ["running"]);
    while ((await db.jobItem.count({ where: { jobId: job.id, status: "succeeded" } })) < 5)
      await new Promise((r) => setTimeout(r, 50));
    expect(await pauseJob({ db, queue }, PAUSE, job.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    const pausedAt = simulator().outbox(PAUSE).length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(simulator().outbox(PAUSE).length).toBe(pausedAt);
    expect(await resumeJob({ db, queue }, PAUSE, job.id)).toBe(true);
    while (simulator().outbox(PAUSE).length < pausedAt + 5)
      await new Promise((r) => setTimeout(r, 50));
    expect(await cancelJob({ db, queue }, PAUSE, job.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    const cancelledAt = simulator().outbox(PAUSE).length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(simulator().outbox(PAUSE).length).toBe(cancelledAt);
    const progress = (await getJobProgress(db, PAUSE, job.id))!;
    expect(progress.status).toBe("cancelled");
    expect(progress.counts.cancelled).toBeGreaterThan(0);
    expect(progress.counts.succeeded).toBe(cancelledAt);
  }, 60_000);
});
