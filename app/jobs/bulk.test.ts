// Jobs run as one bulk mutation: cancelled while Shopify runs it, and a bulk
// operation that fails part-way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { cancelJob, createJob } from "./jobs.server";
import { getJobProgress } from "./progress.server";
import type { Worker } from "./queue";
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

process.env.PATRON_BULK_POLL_MS = "100";
process.env.PATRON_RECONCILE_GRACE_MS = "300";

const CANCEL = "bulk-cancel.myshopify.com";
const FAILING = "bulk-failing.myshopify.com";

describe("bulk-mode jobs", () => {
  const simulator = useStoreSimulator([
    { domain: CANCEL, plan: "PLUS", bulkMinDurationMs: 3_000, seed: { customers: 800, seed: 21 } },
    { domain: FAILING, plan: "PLUS", seed: { customers: 800, seed: 22 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("bulk-cancel");
    await installApp("bulk-failing");
    worker = startTestWorker(db, queue, [CANCEL, FAILING], "bulk-worker");
  });
  afterAll(() => worker.stop());

  const bulkJob = (shop: string) =>
    createJob(
      { db, queue },
      {
        shop,
        kind: "invite",
        mode: "bulk",
        targets: customerIds(simulator().shop(shop), invitable).map((target) => ({
          target,
          data: { state: "DISABLED" },
        })),
      },
    );

  it("GIVEN a job cancelled while Shopify runs its bulk operation THEN the operation is cancelled, what ran is recorded and the rest cancelled", async () => {
    const job = await bulkJob(CANCEL);
    const store = simulator().shop(CANCEL);
    while (simulator().outbox(CANCEL).length < 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await cancelJob({ db, queue }, CANCEL, job.id)).toBe(true);
    const done = await waitForJob(db, job.id, ["cancelled"], 30_000);
    expect(done.finishedAt).toBeInstanceOf(Date);
    const operation = [...store.bulkOperations.values()].find((op) => op.type === "MUTATION")!;
    expect(operation.status).toBe("CANCELED");

    const sent = invitesPerCustomer(simulator().outbox(CANCEL));
    const progress = (await getJobProgress(db, CANCEL, job.id))!;
    expect(progress.counts).toMatchObject({ pending: 0, in_flight: 0, failed: 0 });
    expect(progress.counts.succeeded).toBe(sent.size);
    expect(progress.counts.cancelled).toBe(progress.total - sent.size);
    expect(progress.counts.cancelled).toBeGreaterThan(0);
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    const items = await db.jobItem.findMany({ where: { jobId: job.id, status: "succeeded" } });
    expect(items.every((i) => sent.get(i.target) === 1)).toBe(true);
  });

  it("GIVEN a bulk operation that fails part-way THEN its partial results count, the rest is settled from Shopify's state and finished call by call", async () => {
    simulator().setFaults(FAILING, { bulkFailAfterLines: 150 });
    const job = await bulkJob(FAILING);
    const done = await waitForJob(db, job.id, undefined, 60_000);
    expect(done).toMatchObject({ status: "completed", mode: "paced" });
    expect(done.error).toMatch(/Bulk operation failed/);
    const sent = invitesPerCustomer(simulator().outbox(FAILING));
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    expect(sent.size).toBe(done.total);
    expect((await getJobProgress(db, FAILING, job.id))!.counts.succeeded).toBe(done.total);
  });
});
