import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { bulkInsert } from "./bulk-insert.server";
import db from "./db.server";

const SHOP = "sqlite-connection.myshopify.com";

afterAll(async () => {
  await db.task.deleteMany({ where: { shop: SHOP } });
});

/**
 * Another process (a separate worker) holding SQLite's write lock for `ms`.
 * Resolves `locked` once it holds it, `done` when it has committed.
 */
function holdWriteLock(ms: number) {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { createClient } from "@libsql/client";
       const c = createClient({ url: process.env.DATABASE_URL });
       await c.execute("BEGIN IMMEDIATE");
       console.log("locked");
       await new Promise((r) => setTimeout(r, ${ms}));
       await c.execute("COMMIT");`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const locked = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const done = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`)))),
  );
  return { locked, done };
}

const task = (dedupeKey: string) => ({ shop: SHOP, name: "probe", payload: "{}", dedupeKey });

describe("the SQLite connection", () => {
  it("waits for another writer after earlier transactions instead of failing busy", async () => {
    // updateMany and createMany are internal transactions; each used to cost the
    // client its connection and the busy_timeout set on it.
    await db.task.createMany({ data: [task("a"), task("b")] });
    await db.task.updateMany({ where: { shop: SHOP }, data: { status: "done" } });

    const held = holdWriteLock(400);
    await held.locked;
    const started = Date.now();
    const updated = await db.task.updateMany({
      where: { shop: SHOP, dedupeKey: "a" },
      data: { status: "queued" },
    });
    await held.done;
    expect(updated.count).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("rolls back a failed transaction and stays usable", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await tx.task.create({ data: task("rolled-back") });
        await tx.task.create({ data: task("a") }); // unique (shop, dedupeKey): fails
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await db.task.count({ where: { shop: SHOP, dedupeKey: "rolled-back" } })).toBe(0);
    await db.task.create({ data: task("after") });
    expect(await db.task.count({ where: { shop: SHOP } })).toBe(3);
  });

  it("keeps a burst of concurrent writes apart and complete", async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? db.task.createMany({ data: [task(`burst-${i}`)] })
          : db.task.updateMany({
              where: { shop: SHOP, dedupeKey: "a" },
              data: { attempts: { increment: 1 } },
            }),
      ),
    );
    expect(
      await db.task.count({ where: { shop: SHOP, dedupeKey: { startsWith: "burst-" } } }),
    ).toBe(100);
    expect(
      (await db.task.findFirstOrThrow({ where: { shop: SHOP, dedupeKey: "a" } })).attempts,
    ).toBe(100);
  });

  it("bulk inserts through the driver wait for another writer too", async () => {
    const held = holdWriteLock(300);
    await held.locked;
    await bulkInsert(
      db,
      "Task",
      Array.from({ length: 1_200 }, (_, i) => ({
        id: `bulk-${i}`,
        ...task(`bulk-${i}`),
        updatedAt: new Date(),
      })),
    );
    await held.done;
    expect(await db.task.count({ where: { shop: SHOP, dedupeKey: { startsWith: "bulk-" } } })).toBe(
      1_200,
    );
  });

  it("runs a bulk insert beside an open transaction of this process, outside it", async () => {
    // A second connection of this process would wait for the lock synchronously
    // and stall the event loop the open transaction needs to finish.
    let insert: Promise<unknown> | undefined;
    await expect(
      db.$transaction(async (tx) => {
        await tx.task.create({ data: task("inside") });
        insert = bulkInsert(db, "Task", [
          { id: "beside", ...task("beside"), updatedAt: new Date() },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await insert;
    expect(await db.task.count({ where: { shop: SHOP, dedupeKey: "inside" } })).toBe(0);
    expect(await db.task.count({ where: { shop: SHOP, dedupeKey: "beside" } })).toBe(1);
  });

  it("lets timers and requests in while a loop of queries runs", async () => {
    // The driver is synchronous: without a turn of the event loop per statement,
    // a worker draining a backlog kept the server from reading any request.
    let queries = 0;
    let timerSaw = -1;
    setTimeout(() => (timerSaw = queries), 0);
    for (let i = 0; i < 200; i++) {
      await db.task.count({ where: { shop: SHOP } });
      queries++;
    }
    expect(timerSaw).toBeGreaterThanOrEqual(0);
    expect(timerSaw).toBeLessThan(200);
  });
});
