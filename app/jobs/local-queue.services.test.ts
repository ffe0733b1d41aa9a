import { afterAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { LocalQueue } from "./local-queue.server";

// The database queue without Redis on PostgreSQL: its enqueue goes straight
// through the driver (INSERT … ON CONFLICT DO NOTHING RETURNING), so the
// PostgreSQL dialect and its timestamps are checked here for real.
const SHOP = "local-queue-postgres.myshopify.com";

afterAll(async () => {
  await db.task.deleteMany({ where: { shop: SHOP } });
  await db.$disconnect();
});

describe("the database task queue on PostgreSQL", () => {
  it("queues each key of a burst once, runs what is due and keeps what is scheduled", async () => {
    const queue = new LocalQueue(db);
    const keys = Array.from({ length: 60 }, (_, i) => `pg-${i % 45}`);
    const created = await Promise.all(
      keys.map((dedupeKey) =>
        queue.enqueueOnce({ name: "pg", shop: SHOP, payload: { dedupeKey }, dedupeKey }),
      ),
    );
    expect(created.filter(Boolean)).toHaveLength(45);
    expect(
      await queue.enqueueOnce({ name: "pg", shop: SHOP, payload: null, dedupeKey: "pg-1" }),
    ).toBe(false);
    await queue.enqueue({
      name: "pg",
      shop: SHOP,
      payload: { later: true },
      runAt: new Date(Date.now() + 60_000),
    });

    const ran: unknown[] = [];
    expect(
      await queue.drain({ pg: async (payload) => void ran.push(payload) }, { shops: [SHOP] }),
    ).toBe(45);
    expect(ran).not.toContainEqual({ later: true });
    const row = await db.task.findFirstOrThrow({ where: { shop: SHOP, dedupeKey: "pg-7" } });
    // Done: the row stays as the record of its key, without its payload.
    expect(row).toMatchObject({ status: "done", attempts: 1, payload: "null" });
    // Written through the driver, read through Prisma: the same instant, in any time zone.
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
