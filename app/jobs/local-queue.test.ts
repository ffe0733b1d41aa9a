import { describe, expect, it } from "vitest";
import db from "../db/db.server";
import { LocalQueue } from "./local-queue.server";
import type { TaskHandlers } from "./queue";
import { expectConsoleError } from "../../test/support/console";

const SHOP = "local-queue.myshopify.com";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await sleep(20);
  }
}

describe("the database task queue", () => {
  it("GIVEN a burst of deliveries with repeats THEN queues each key once and says which were repeats", async () => {
    const queue = new LocalQueue(db);
    const keys = Array.from({ length: 50 }, (_, i) => `burst-${i % 40}`);
    const created = await Promise.all(
      keys.map((dedupeKey) =>
        queue.enqueueOnce({ name: "burst", shop: SHOP, payload: null, dedupeKey }),
      ),
    );
    expect(created.filter(Boolean)).toHaveLength(40);
    expect(await db.task.count({ where: { shop: SHOP, name: "burst" } })).toBe(40);
    // Later, after they ran: still known, still not queued again.
    expect(
      await queue.enqueueOnce({ name: "burst", shop: SHOP, payload: null, dedupeKey: "burst-3" }),
    ).toBe(false);
  });

  it("GIVEN a failing handler THEN retries with backoff and keeps the task as a dead letter after maxAttempts", async () => {
    expectConsoleError(/task fails for .* failed \(attempt \d\): Shopify said no/);
    const queue = new LocalQueue(db, { pollMs: 10 });
    await queue.enqueue({ name: "fails", shop: SHOP, payload: { n: 1 }, maxAttempts: 2 });
    const handlers: TaskHandlers = {
      fails: async () => {
        throw new Error("Shopify said no");
      },
    };
    expect(await queue.drain(handlers, { shops: [SHOP] })).toBe(1);
    const retrying = await db.task.findFirstOrThrow({ where: { shop: SHOP, name: "fails" } });
    expect(retrying).toMatchObject({ status: "queued", attempts: 1, lastError: "Shopify said no" });
    expect(retrying.runAt.getTime()).toBeGreaterThan(Date.now() + 200); // backed off
    await db.task.update({ where: { id: retrying.id }, data: { runAt: new Date() } });
    await queue.drain(handlers, { shops: [SHOP] });
    expect(await db.task.findUniqueOrThrow({ where: { id: retrying.id } })).toMatchObject({
      status: "dead",
      attempts: 2,
    });
  });

  it("GIVEN a task scheduled later THEN it does not run before its time", async () => {
    const queue = new LocalQueue(db);
    let ran = 0;
    await queue.enqueue({
      name: "later",
      shop: SHOP,
      payload: null,
      runAt: new Date(Date.now() + 60_000),
    });
    await queue.drain({ later: async () => void ran++ }, { shops: [SHOP] });
    expect(ran).toBe(0);
  });

  it("GIVEN a worker that died holding a task THEN another worker takes it once the lease runs out", async () => {
    const queue = new LocalQueue(db, { leaseMs: 300, pollMs: 10 });
    await queue.enqueue({ name: "orphan", shop: SHOP, payload: null });
    // The dead worker: a lease taken and never renewed.
    await db.task.updateMany({
      where: { shop: SHOP, name: "orphan" },
      data: {
        status: "leased",
        leasedBy: "dead#1",
        leaseUntil: new Date(Date.now() + 300),
        attempts: 1,
      },
    });
    let ran = 0;
    const worker = queue.startWorker(
      { orphan: async () => void ran++ },
      { workerId: "alive", shops: [SHOP] },
    );
    await sleep(150);
    expect(ran).toBe(0); // the lease still holds
    await until(async () => ran === 1);
    await worker.stop();
    expect(await db.task.findFirstOrThrow({ where: { shop: SHOP, name: "orphan" } })).toMatchObject(
      { status: "done" },
    );
  });

  it("GIVEN a task whose worker dies under it attempt after attempt THEN it becomes a dead letter instead of running for ever", async () => {
    const queue = new LocalQueue(db, { leaseMs: 300, pollMs: 10 });
    await queue.enqueue({ name: "killer", shop: SHOP, payload: null, maxAttempts: 3 });
    // Its third worker died too: a lease taken, never renewed, the attempts used up.
    await db.task.updateMany({
      where: { shop: SHOP, name: "killer" },
      data: {
        status: "leased",
        leasedBy: "dead#3",
        leaseUntil: new Date(Date.now() - 1),
        attempts: 3,
      },
    });
    let ran = 0;
    expect(await queue.drain({ killer: async () => void ran++ }, { shops: [SHOP] })).toBe(0);
    expect(ran).toBe(0);
    expect(await db.task.findFirstOrThrow({ where: { shop: SHOP, name: "killer" } })).toMatchObject(
      {
        status: "dead",
        lastError: "its worker stopped while running it (3 attempts)",
      },
    );
  });

  it("GIVEN a finished task THEN its payload is not kept, only the record of its key", async () => {
    const queue = new LocalQueue(db, { pollMs: 10 });
    await queue.enqueueOnce({
      name: "kept",
      shop: SHOP,
      payload: { email: "a@example.com" },
      dedupeKey: "kept-1",
    });
    await queue.drain({ kept: async () => undefined }, { shops: [SHOP] });
    expect(
      await db.task.findFirstOrThrow({ where: { shop: SHOP, dedupeKey: "kept-1" } }),
    ).toMatchObject({ status: "done", payload: "null" });
    expect(
      await queue.enqueueOnce({ name: "kept", shop: SHOP, payload: null, dedupeKey: "kept-1" }),
    ).toBe(false);
  });

  it("GIVEN the same key enqueued while its task runs THEN it runs again afterwards", async () => {
    const queue = new LocalQueue(db, { pollMs: 10 });
    let runs = 0;
    let release!: () => void;
    const handlers: TaskHandlers = {
      again: async () => {
        runs++;
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    };
    await queue.enqueue({ name: "again", shop: SHOP, payload: null, dedupeKey: "again" });
    const worker = queue.startWorker(handlers, { workerId: "again-worker", shops: [SHOP] });
    await until(async () => runs === 1);
    await queue.enqueue({ name: "again", shop: SHOP, payload: null, dedupeKey: "again" });
    release();
    await until(async () => runs === 2);
    await worker.stop();
  });

  it("GIVEN the database refuses a task's outcome THEN the worker keeps going and the task runs again", async () => {
    expectConsoleError(/task refused for .*Foreign key constraint/s);
    const queue = new LocalQueue(db, { leaseMs: 300, pollMs: 10 });
    // A real write failure, in the database itself, for this one task.
    await db.$executeRawUnsafe(`
      CREATE TRIGGER refuse_outcome BEFORE UPDATE OF status ON "Task"
      WHEN NEW."name" = 'refused' AND OLD."status" = 'leased' AND NEW."status" <> 'leased'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END`);
    const runs: string[] = [];
    const handlers: TaskHandlers = {
      refused: async () => void runs.push("refused"),
      next: async () => void runs.push("next"),
    };
    await queue.enqueue({ name: "refused", shop: SHOP, payload: null });
    const worker = queue.startWorker(handlers, { workerId: "refused-worker", shops: [SHOP] });
    try {
      await until(async () => runs.includes("refused"));
      await sleep(50);
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_outcome`);
      // Still alive: later work runs, and the refused task runs again after its lease.
      await queue.enqueue({ name: "next", shop: SHOP, payload: null });
      await until(async () => runs.includes("next"));
      await until(async () => runs.filter((r) => r === "refused").length === 2);
      await until(
        async () =>
          (await db.task.findFirstOrThrow({ where: { shop: SHOP, name: "refused" } })).status ===
          "done",
      );
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_outcome`);
      await worker.stop();
    }
  });
});
