// Bulk delete on the store simulator: the eligibility report, the sealed
// backup, the typed confirmation, then only eligible customers deleted, each
// once, with Shopify's reason for those that became ineligible.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import { backupFile } from "./backup.server";
import {
  confirmDeletion,
  findDeletion,
  purgeBackups,
  reportDeletion,
  startBackup,
} from "./deletions.server";

const SHOP = "bulk-delete.myshopify.com";
const gid = (id: number) => `gid://shopify/Customer/${id}`;

describe("bulk delete", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", seed: { customers: 200, seed: 29 } },
  ]);
  const queue = testQueue(db);
  const deps = { db, queue };
  let worker: Worker;
  beforeAll(async () => {
    await installApp("bulk-delete");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 4,
      workerId: "bulk-delete-worker",
      shops: [SHOP],
    });
  });
  afterAll(() => worker.stop());

  const store = () => simulator().shop(SHOP);
  const customers = () => [...store().customers.values()];

  /** A mixed pick: customers Shopify can delete, some with orders, one with a subscription. */
  function pick(deletable: number, withOrders: number) {
    const free = customers().filter(
      (c) => c.numberOfOrders === 0 && c.email && !c.hasActiveSubscription && !c.pendingDataErasure,
    );
    const buyers = customers().filter((c) => c.numberOfOrders > 0);
    const subscribed = customers().filter((c) => c.numberOfOrders === 0 && c.hasActiveSubscription);
    return {
      free: free.slice(0, deletable),
      buyers: buyers.slice(0, withOrders),
      subscribed: subscribed.slice(0, 1),
    };
  }

  async function reported(ids: number[]) {
    const deletion = await reportDeletion(
      deps,
      SHOP,
      { source: { type: "manual", customerIds: ids.map(gid) } },
      { staff: "user:5" },
    );
    await waitForJob(db, deletion.jobId, ["ready"]);
    return deletion;
  }

  async function backedUp(id: string) {
    expect(await startBackup(deps, SHOP, id)).toBe(true);
    for (let i = 0; i < 200; i++) {
      const row = await findDeletion(db, SHOP, id);
      if (row?.backupStatus !== "running") return row!;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the backup did not finish");
  }

  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it("GIVEN a mixed audience THEN the report says who can go and why not, the backup holds each profile, and only eligible customers are deleted once", async () => {
    const { free, buyers, subscribed } = pick(6, 3);
    expect(subscribed).toHaveLength(1);
    const deletion = await reported([...free, ...buyers, ...subscribed].map((c) => c.id));
    const items = await db.jobItem.findMany({ where: { jobId: deletion.jobId } });
    expect(items.filter((i) => i.status === "pending")).toHaveLength(6);
    expect(items.filter((i) => i.error === "has_orders")).toHaveLength(3);
    expect(items.filter((i) => i.error === "not_deletable")).toHaveLength(1);

    const ready = await backedUp(deletion.id);
    expect(ready.backupStatus).toBe("ready");
    expect(ready.backupCount).toBe(6);
    // Sealed at rest: no email in the stored rows.
    const rows = await db.customerBackupRecord.findMany({ where: { deletionId: deletion.id } });
    for (const c of free) expect(JSON.stringify(rows)).not.toContain(c.email!);
    const jsonl = (await read(backupFile(db, SHOP, deletion.id, "jsonl"))).trim().split("\n");
    expect(jsonl.map((l) => JSON.parse(l).id).sort()).toEqual(free.map((c) => gid(c.id)).sort());
    const csv = await read(backupFile(db, SHOP, deletion.id, "csv"));
    for (const c of free) expect(csv).toContain(c.email!);

    // Since the report, one customer placed an order and staff deleted another.
    const [ordered, goneByStaff] = [free[0]!, free[1]!];
    simulator().actions(SHOP).placeOrder({ customerId: ordered.id, subtotal: 20 });
    store().removeCustomer(goneByStaff.id);

    expect(await confirmDeletion(deps, SHOP, deletion.id, "5", "user:5")).toBe("wrong_count");
    expect(await confirmDeletion(deps, SHOP, deletion.id, "6", "user:5")).toBe("started");
    expect(await confirmDeletion(deps, SHOP, deletion.id, "6", "user:5")).toBe("already");
    expect((await waitForJob(db, deletion.jobId)).status).toBe("completed");

    const left = new Set(customers().map((c) => c.id));
    for (const c of free.slice(2)) expect(left.has(c.id)).toBe(false);
    for (const c of [ordered, ...buyers, ...subscribed]) expect(left.has(c.id)).toBe(true);
    const outcome = await db.jobItem.findMany({ where: { jobId: deletion.jobId } });
    const of = (id: number) => outcome.find((i) => i.target === gid(id))!;
    expect(of(ordered.id)).toMatchObject({ status: "skipped" });
    expect(of(ordered.id).error).toMatch(/order/i);
    expect(of(goneByStaff.id)).toMatchObject({ status: "skipped", error: "not_found" });
    expect(outcome.filter((i) => i.status === "succeeded")).toHaveLength(4);
    const activity = await db.activityEntry.findMany({ where: { shop: SHOP } });
    expect(activity.map((a) => [a.action, a.staff, JSON.parse(a.details).customers])).toEqual([
      ["customers.delete", "user:5", 6],
    ]);
  });

  it("GIVEN a backup that fails to write THEN nothing can be deleted and the reason is kept", async () => {
    const before = customers().length;
    const { free } = pick(3, 0);
    const deletion = await reported(free.map((c) => c.id));
    // A real write failure: the database refuses the backup's rows.
    await db.$executeRawUnsafe(
      `CREATE TRIGGER fail_backup BEFORE INSERT ON "CustomerBackupRecord" WHEN NEW."deletionId" = '${deletion.id}' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`,
    );
    try {
      const failed = await backedUp(deletion.id);
      expect(failed.backupStatus).toBe("failed");
      expect(failed.backupError).toBeTruthy(); // the database's own words, shown on the page
      expect(await confirmDeletion(deps, SHOP, deletion.id, "3", "user:5")).toBe("not_ready");
      expect(customers().length).toBe(before);
      expect((await db.job.findUniqueOrThrow({ where: { id: deletion.jobId } })).status).toBe(
        "ready",
      );
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER fail_backup");
    }
    // Fixed, the backup is made again and the deletion can go on.
    expect((await backedUp(deletion.id)).backupStatus).toBe("ready");
  });

  it("GIVEN a backup past its retention THEN the daily cleanup removes its profiles", async () => {
    const { free } = pick(2, 0);
    const deletion = await reported(free.map((c) => c.id));
    await backedUp(deletion.id);
    await purgeBackups(db, new Date(Date.now() + 31 * 86_400_000));
    expect(await db.customerBackupRecord.count({ where: { deletionId: deletion.id } })).toBe(0);
    expect((await findDeletion(db, SHOP, deletion.id))!.backupStatus).toBe("expired");
  });
});
