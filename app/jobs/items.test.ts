import { afterAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { claim, pendingIds } from "./items.server";
import { cancelJob } from "./jobs.server";
import { LocalQueue } from "./local-queue.server";

const SHOP = "items-claim.myshopify.com";

afterAll(async () => {
  await db.jobItem.deleteMany({ where: { shop: SHOP } });
  await db.job.deleteMany({ where: { shop: SHOP } });
  await db.task.deleteMany({ where: { shop: SHOP } });
});

describe("claiming items", () => {
  it("GIVEN items cancelled between the read and the claim THEN none of them is claimed (nothing is sent)", async () => {
    const job = await db.job.create({
      data: { shop: SHOP, kind: "invite", params: "{}", status: "running", total: 3 },
    });
    await db.jobItem.createMany({
      data: [0, 1, 2].map((seq) => ({ shop: SHOP, jobId: job.id, seq, target: `t${seq}` })),
    });
    const ids = await pendingIds(db, SHOP, job.id, 10);
    expect(ids).toHaveLength(3);
    await cancelJob({ db, queue: new LocalQueue(db) }, SHOP, job.id);
    expect(await claim(db, SHOP, ids)).toEqual([]);
    const items = await db.jobItem.findMany({ where: { jobId: job.id } });
    expect(items.map((i) => i.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  it("claims what is still pending, with the claim's attempt counted", async () => {
    const job = await db.job.create({
      data: { shop: SHOP, kind: "invite", params: "{}", status: "running", total: 2 },
    });
    await db.jobItem.createMany({
      data: [0, 1].map((seq) => ({ shop: SHOP, jobId: job.id, seq, target: `u${seq}` })),
    });
    const ids = await pendingIds(db, SHOP, job.id, 10);
    await db.jobItem.updateMany({ where: { id: ids[0] }, data: { status: "skipped" } });
    const claimed = await claim(db, SHOP, ids);
    expect(claimed.map((c) => [c.target, c.status, c.attempts])).toEqual([["u1", "in_flight", 1]]);
  });
});
