// How the engine meets Shopify's error classes, against the store simulator:
// each must end in the right state (a failure with its reason, a pause until
// the shop is back, a settled unknown outcome), never in a wrong outcome for
// every remaining item and never in a second invitation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { getJobProgress } from "./progress.server";
import { createJob, retryFailed } from "./jobs.server";
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

process.env.PATRON_API_TIMEOUT_MS = "600";
process.env.PATRON_RECONCILE_GRACE_MS = "2500";
process.env.PATRON_SHOP_RECHECK_MS = "300";

const LATE = "errors-late.myshopify.com";
const INTERNAL = "errors-internal.myshopify.com";
const FROZEN = "errors-frozen.myshopify.com";
const REVOKED = "errors-revoked.myshopify.com";
const DENIED = "errors-denied.myshopify.com";
const UNKNOWN = "errors-unknown.myshopify.com";
const LIMITED = "errors-limited.myshopify.com";
const SHOPS = [LATE, INTERNAL, FROZEN, REVOKED, DENIED, UNKNOWN, LIMITED];
const handle = (shop: string) => shop.replace(".myshopify.com", "");

describe("Shopify's error classes in the job engine", () => {
  const simulator = useStoreSimulator(
    SHOPS.map((domain) => ({
      domain,
      plan: "STANDARD" as const,
      restoreRate: 200,
      bucketSize: 400,
      seed: { customers: 60, seed: 3 },
    })),
  );
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    for (const shop of SHOPS) await installApp(handle(shop));
    worker = startTestWorker(db, queue, SHOPS, "errors-worker");
  });
  afterAll(() => worker.stop());

  const targetsOf = (shop: string, n = 20) =>
    customerIds(simulator().shop(shop), invitable)
      .slice(0, n)
      .map((target) => ({ target, data: { state: "DISABLED" } }));
  const invite = (shop: string, n?: number) =>
    createJob({ db, queue }, { shop, kind: "invite", targets: targetsOf(shop, n), mode: "paced" });
  const sentTwice = (shop: string) =>
    [...invitesPerCustomer(simulator().outbox(shop)).values()].filter((n) => n > 1);

  it("GIVEN a call that runs at Shopify after the app gave up on it THEN its state is read after the grace period, and it is not sent again", async () => {
    simulator().setFaults(LATE, { script: ["late"], lateMs: 1_500 });
    const job = await invite(LATE, 5);
    const done = await waitForJob(db, job.id, undefined, 30_000);
    expect(done.status).toBe("completed");
    expect(sentTwice(LATE)).toEqual([]);
    expect(invitesPerCustomer(simulator().outbox(LATE)).size).toBe(5);
    expect(await db.jobItem.count({ where: { jobId: job.id, status: "succeeded" } })).toBe(5);
  });

  it("GIVEN INTERNAL_SERVER_ERROR answers, before and after the call ran THEN each item is settled from Shopify's state, none twice", async () => {
    simulator().setFaults(INTERNAL, {
      script: ["internal", "internal_after", "none", "internal_after", "internal"],
      appliesTo: "mutations",
    });
    const job = await invite(INTERNAL, 8);
    const done = await waitForJob(db, job.id, undefined, 30_000);
    expect(done.status).toBe("completed");
    expect(sentTwice(INTERNAL)).toEqual([]);
    expect(await db.jobItem.count({ where: { jobId: job.id, status: "succeeded" } })).toBe(8);
  });

  it("GIVEN the shop frozen mid-job (402) THEN the job pauses with the reason, no item fails, and it goes on by itself once the shop is active", async () => {
    const job = await invite(FROZEN, 30);
    while ((await db.jobItem.count({ where: { jobId: job.id, status: "succeeded" } })) < 3)
      await new Promise((resolve) => setTimeout(resolve, 20));
    simulator().actions(FROZEN).setShopStatus("frozen");
    const paused = await waitForJob(db, job.id, ["paused"], 20_000);
    expect(paused).toMatchObject({
      errorCode: "shop_frozen",
      error: expect.stringContaining("Unavailable Shop"),
    });
    expect((await getJobProgress(db, FROZEN, job.id))!.counts.failed).toBe(0);
    simulator().actions(FROZEN).setShopStatus("active");
    const done = await waitForJob(db, job.id, undefined, 20_000);
    expect(done).toMatchObject({ status: "completed", errorCode: null });
    expect(invitesPerCustomer(simulator().outbox(FROZEN)).size).toBe(30);
    expect(sentTwice(FROZEN)).toEqual([]);
  });

  it("GIVEN the shop's token revoked THEN the job pauses as revoked; once the merchant opens the app again (a new token) it completes", async () => {
    simulator().actions(REVOKED).revokeAccessTokens();
    const job = await invite(REVOKED, 10);
    const paused = await waitForJob(db, job.id, ["paused"], 20_000);
    expect(paused.errorCode).toBe("shop_revoked");
    // The refused token was dropped, so the next visit exchanges a new one.
    expect(await db.session.count({ where: { shop: REVOKED, isOnline: false } })).toBe(0);
    expect((await getJobProgress(db, REVOKED, job.id))!.counts.failed).toBe(0);
    await installApp(handle(REVOKED));
    expect((await waitForJob(db, job.id, undefined, 20_000)).status).toBe("completed");
    expect(invitesPerCustomer(simulator().outbox(REVOKED)).size).toBe(10);
  });

  it("GIVEN a token without the scope the job needs (ACCESS_DENIED) THEN the job fails at once with the reason and its items wait; a retry with the scope completes it", async () => {
    const token = simulator().issueAccessToken(handle(DENIED), { scope: "read_customers" });
    await db.session.updateMany({
      where: { shop: DENIED, isOnline: false },
      data: { accessToken: token },
    });
    const job = await invite(DENIED, 6);
    const failed = await waitForJob(db, job.id, ["failed"], 20_000);
    expect(failed).toMatchObject({
      errorCode: "access_denied",
      error: expect.stringContaining("write_customers"),
    });
    const progress = (await getJobProgress(db, DENIED, job.id))!;
    expect(progress.counts).toMatchObject({ failed: 0, pending: 6, succeeded: 0 });
    expect(simulator().outbox(DENIED)).toEqual([]);
    // The merchant approves the scope: a new token, then "Retry".
    await db.session.deleteMany({ where: { shop: DENIED } });
    await installApp(handle(DENIED));
    expect(await retryFailed({ db, queue }, DENIED, job.id)).toBeGreaterThan(0);
    expect((await waitForJob(db, job.id, undefined, 20_000)).status).toBe("completed");
    expect(invitesPerCustomer(simulator().outbox(DENIED)).size).toBe(6);
  });

  it("GIVEN a store that hits Shopify's limit on invitation emails THEN the job waits with the reason instead of failing everyone left", async () => {
    simulator().setFaults(LIMITED, { inviteLimitPerDay: 3 });
    const job = await invite(LIMITED, 6);
    const paused = await waitForJob(db, job.id, ["paused"], 20_000);
    expect(paused).toMatchObject({
      errorCode: "wait_invite_limit",
      error: expect.stringMatching(/limit/i),
    });
    const progress = (await getJobProgress(db, LIMITED, job.id))!;
    expect(progress.counts).toMatchObject({ succeeded: 3, failed: 0, pending: 3 });
    expect(invitesPerCustomer(simulator().outbox(LIMITED)).size).toBe(3);
  });

  it("GIVEN a job of a kind this version does not know THEN it fails at its first run with the reason, not after fifty", async () => {
    const job = await createJob(
      { db, queue },
      { shop: UNKNOWN, kind: "no-such-kind", targets: [{ target: "gid://shopify/Customer/1" }] },
    );
    const failed = await waitForJob(db, job.id, ["failed"], 10_000);
    expect(failed).toMatchObject({
      errorCode: "unknown_kind",
      error: 'Unknown job kind "no-such-kind"',
    });
    const task = await db.task.findFirstOrThrow({
      where: { shop: UNKNOWN, dedupeKey: `job:${job.id}` },
    });
    expect(task).toMatchObject({ status: "done", attempts: 1 });
  });
});
