import { describe, expect, it } from "vitest";
import db from "../db/db.server";
import { MAX_BUCKETS, throughputSeries } from "./throughput.server";

const SHOP = "throughput-a.myshopify.com";
const OTHER = "throughput-b.myshopify.com";

async function jobWith(shop: string, finished: (string | null)[]) {
  const job = await db.job.create({
    data: { shop, kind: "invite", params: "{}", status: "running", total: finished.length },
  });
  await db.jobItem.createMany({
    data: finished.map((at, seq) => ({
      shop,
      jobId: job.id,
      seq,
      target: `gid://shopify/Customer/${seq + 1}`,
      status: at ? "succeeded" : "pending",
      finishedAt: at ? new Date(at) : null,
    })),
  });
  return job.id;
}

describe("throughputSeries", () => {
  it("GIVEN no finished item THEN is empty", async () => {
    const jobId = await jobWith(SHOP, [null, null]);
    await expect(throughputSeries(db, SHOP, jobId)).resolves.toEqual([]);
  });

  it("GIVEN items finished over three minutes THEN counts them per minute, the empty minute included", async () => {
    const jobId = await jobWith(SHOP, [
      "2026-11-23T10:00:05.000Z",
      "2026-11-23T10:00:59.999Z",
      "2026-11-23T10:02:00.000Z",
      null,
    ]);
    await expect(throughputSeries(db, SHOP, jobId)).resolves.toEqual([
      { at: "2026-11-23T10:00:00.000Z", count: 2 },
      { at: "2026-11-23T10:01:00.000Z", count: 0 },
      { at: "2026-11-23T10:02:00.000Z", count: 1 },
    ]);
  });

  it("GIVEN a bucket size THEN buckets by it", async () => {
    const jobId = await jobWith(SHOP, [
      "2026-11-23T10:00:01.000Z",
      "2026-11-23T10:00:09.000Z",
      "2026-11-23T10:00:25.000Z",
    ]);
    await expect(throughputSeries(db, SHOP, jobId, 10_000)).resolves.toEqual([
      { at: "2026-11-23T10:00:00.000Z", count: 2 },
      { at: "2026-11-23T10:00:10.000Z", count: 0 },
      { at: "2026-11-23T10:00:20.000Z", count: 1 },
    ]);
  });

  it("GIVEN a long job THEN keeps only the most recent buckets", async () => {
    const start = Date.parse("2026-11-23T08:00:00.000Z");
    const minutes = Array.from({ length: 200 }, (_, i) =>
      new Date(start + i * 60_000 + 30_000).toISOString(),
    );
    const jobId = await jobWith(SHOP, minutes);
    const series = await throughputSeries(db, SHOP, jobId);
    expect(series).toHaveLength(MAX_BUCKETS);
    expect(series[0]).toEqual({ at: new Date(start + 80 * 60_000).toISOString(), count: 1 });
    expect(series.at(-1)).toEqual({ at: new Date(start + 199 * 60_000).toISOString(), count: 1 });
  });

  it("GIVEN another shop's job THEN reads nothing of it", async () => {
    const jobId = await jobWith(OTHER, ["2026-11-23T10:00:05.000Z"]);
    await expect(throughputSeries(db, SHOP, jobId)).resolves.toEqual([]);
    await expect(throughputSeries(db, OTHER, jobId)).resolves.toHaveLength(1);
  });
});
