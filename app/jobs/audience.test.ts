// Reading a job's audience: a search, a segment, a list of ids; the kind's
// check turns customers into items to do or skipped with the reason; a held
// job waits "ready" until it is started.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import { createJob, startJob } from "./jobs.server";
import type { JobKind } from "./kinds";
import type { Worker } from "./queue";
import { taskHandlers } from "./worker.server";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";

const SHOP = "audience-plans.myshopify.com";

/** A kind that does nothing but record, and skips customers with an account. */
const done: string[] = [];
const probe: JobKind = {
  perform: async (item) => {
    done.push(item.target);
    return { status: "succeeded" };
  },
  reconcile: async () => ({ status: "not_applied" }),
  audience: {
    fields: "id state tags",
    classify: async (nodes) =>
      nodes.map((node) => ({
        target: node.id,
        data: { tags: node.tags },
        skip: node.state === "ENABLED" ? "enabled" : undefined,
      })),
  },
};

describe("job audiences", () => {
  const simulator = useStoreSimulator([{ domain: SHOP, seed: { customers: 300, seed: 9 } }]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("audience-plans");
    worker = queue.startWorker(
      taskHandlers(db, queue, { ...FEATURES, kinds: { ...FEATURES.kinds, probe } }),
      { concurrency: 2, workerId: "audience-plans-worker", shops: [SHOP] },
    );
  });
  afterAll(() => worker.stop());

  const customers = () => [...simulator().shop(SHOP).customers.values()];
  const gid = (id: number) => `gid://shopify/Customer/${id}`;
  const items = (jobId: string) =>
    db.jobItem.findMany({ where: { jobId }, orderBy: { seq: "asc" } });

  it("GIVEN a segment query THEN its members are read, checked by the kind, and the held job waits ready until started", async () => {
    const tagged = customers().filter((c) => c.tags.some((t) => t.toLowerCase() === "vip"));
    expect(tagged.length).toBeGreaterThan(3);
    const job = await createJob(
      { db, queue },
      {
        shop: SHOP,
        kind: "probe",
        audience: { segmentQuery: "customer_tags CONTAINS 'vip'" },
        hold: true,
      },
    );
    const ready = await waitForJob(db, job.id, ["ready"]);
    expect(ready.total).toBe(tagged.length);
    const read = await items(job.id);
    expect(read.map((i) => i.target).sort()).toEqual(tagged.map((c) => gid(c.id)).sort());
    const enabled = tagged.filter((c) => c.state === "ENABLED").map((c) => gid(c.id));
    expect(
      read
        .filter((i) => i.status === "skipped")
        .map((i) => i.target)
        .sort(),
    ).toEqual(enabled.sort());
    expect(read.filter((i) => i.status === "skipped").every((i) => i.error === "enabled")).toBe(
      true,
    );
    expect(done).toEqual([]); // held: nothing done yet

    expect(await startJob({ db, queue }, SHOP, job.id)).toBe(true);
    expect((await waitForJob(db, job.id)).status).toBe("completed");
    expect(done.sort()).toEqual(
      tagged
        .filter((c) => c.state !== "ENABLED")
        .map((c) => gid(c.id))
        .sort(),
    );
  });

  it("GIVEN a list of ids, some of them no customer THEN those are left out and the rest read in order", async () => {
    const picked = customers()
      .slice(0, 150)
      .map((c) => gid(c.id));
    const ids = [...picked.slice(0, 60), "gid://shopify/Customer/999999999", ...picked.slice(60)];
    const job = await createJob(
      { db, queue },
      { shop: SHOP, kind: "probe", audience: { ids }, hold: true },
    );
    const ready = await waitForJob(db, job.id, ["ready"]);
    expect(ready.total).toBe(150);
    expect((await items(job.id)).map((i) => i.target)).toEqual(picked);
  });
});
