// Bulk tags on the store simulator: the preview, the change with tagsAdd and
// tagsRemove only, and an undo that reverses exactly what the job changed,
// while staff edit tags in the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import {
  applyTagOperation,
  previewTagOperation,
  TagInputError,
  tagFigures,
  undoTagOperation,
  type NewTagOperation,
} from "./tags.server";

const SHOP = "bulk-tags.myshopify.com";
const numeric = (gid: string) => Number(gid.split("/").pop());

describe("bulk tags", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", seed: { customers: 300, seed: 23 } },
  ]);
  const queue = testQueue(db);
  const deps = { db, queue };
  let worker: Worker;
  beforeAll(async () => {
    await installApp("bulk-tags");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 4,
      workerId: "bulk-tags-worker",
      shops: [SHOP],
    });
  });
  afterAll(() => worker.stop());

  const store = () => simulator().shop(SHOP);
  const snapshot = () =>
    new Map([...store().customers.values()].map((c) => [c.id, [...c.tags].sort()]));
  const withTag = (tag: string) =>
    [...store().customers.values()].filter((c) =>
      c.tags.some((t) => t.toLowerCase() === tag.toLowerCase()),
    );

  async function preview(input: NewTagOperation) {
    const operation = await previewTagOperation(deps, SHOP, input, { staff: "user:7" });
    await waitForJob(db, operation.jobId, ["ready"]);
    return operation;
  }

  it("GIVEN tags to add to a tag's customers THEN the preview counts who gains each tag and who has it already, and changes nothing", async () => {
    const before = snapshot();
    const audience = withTag("newsletter");
    const op = await preview({
      op: "add",
      tags: ["vip", " Autumn "],
      source: { type: "tags", tags: ["newsletter"], match: "any" },
    });
    expect(op.checked.tags).toEqual(["vip", "Autumn"]);
    const figures = await tagFigures(db, SHOP, op.jobId, op.checked.tags);
    const hadVip = audience.filter((c) => c.tags.some((t) => t.toLowerCase() === "vip")).length;
    expect(figures).toEqual([
      { tag: "vip", changed: audience.length - hadVip, unchanged: hadVip },
      { tag: "Autumn", changed: audience.length, unchanged: 0 },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it("GIVEN a change applied while staff tag a customer THEN the undo restores exactly the original tags and leaves the staff's tag", async () => {
    const before = snapshot();
    const audience = withTag("wholesale");
    const op = await preview({
      op: "add",
      tags: ["Autumn", "VIP"],
      source: { type: "tags", tags: ["wholesale"], match: "any" },
    });
    // While the job runs, staff tag a customer by hand: at the job's first
    // read of a customer's tags, another customer of the audience (read later).
    let staffTagged: (typeof audience)[number] | undefined;
    simulator().setHooks({
      beforeGraphQL: (_shop, body) => {
        const id = (body as { variables?: { id?: string } }).variables?.id;
        if (staffTagged || !body.query?.includes("PatronCustomerTags") || !id) return;
        staffTagged = audience.find((c) => numeric(id) !== c.id)!;
        store().addCustomerTags(staffTagged, ["Autumn"]);
      },
    });
    expect(await applyTagOperation(deps, SHOP, op.id, "user:7")).toBe(true);
    expect(await applyTagOperation(deps, SHOP, op.id, "user:7")).toBe(false); // a double click
    expect((await waitForJob(db, op.jobId)).status).toBe("completed");
    simulator().setHooks({});
    for (const c of audience) expect(c.tags.map((t) => t.toLowerCase())).toContain("autumn");
    // Customers who had VIP in any spelling keep that spelling, once.
    for (const c of audience)
      expect(c.tags.filter((t) => t.toLowerCase() === "vip")).toHaveLength(1);

    const undo = await undoTagOperation(deps, SHOP, op.id, "user:7");
    expect(undo).not.toBeNull();
    expect(await undoTagOperation(deps, SHOP, op.id, "user:7")).toBeNull(); // undone once
    expect((await waitForJob(db, undo!.jobId)).status).toBe("completed");
    const after = snapshot();
    expect(staffTagged).toBeDefined();
    for (const [id, tags] of before) {
      if (id === staffTagged!.id) expect(after.get(id)).toEqual([...tags, "Autumn"].sort());
      else expect(after.get(id)).toEqual(tags);
    }
    const activity = await db.activityEntry.findMany({
      where: { shop: SHOP },
      orderBy: { at: "asc" },
    });
    expect(activity.map((a) => [a.action, a.staff])).toEqual([
      ["tags.add", "user:7"],
      ["tags.undo", "user:7"],
    ]);
  });

  it("GIVEN a removal run as one bulk mutation with a customer deleted by staff on the way THEN the deleted one is reported and the undo gives the others their tags back", async () => {
    const before = snapshot();
    const audience = withTag("imported");
    const gone = audience[0]!;
    const previous = process.env.PATRON_BULK_THRESHOLD;
    process.env.PATRON_BULK_THRESHOLD = "5";
    try {
      const op = await preview({
        op: "remove",
        tags: ["IMPORTED"],
        source: { type: "tags", tags: ["imported"], match: "any" },
      });
      store().removeCustomer(gone.id);
      await applyTagOperation(deps, SHOP, op.id, "user:8");
      const job = await waitForJob(db, op.jobId, undefined, 60_000);
      expect(job.mode).toBe("bulk");
      expect(withTag("imported")).toEqual([]);
      const items = await db.jobItem.findMany({ where: { jobId: op.jobId } });
      const missing = items.find((i) => numeric(i.target) === gone.id)!;
      expect(missing.status).toBe("failed");
      expect(items.filter((i) => i.status === "succeeded")).toHaveLength(audience.length - 1);

      const undo = await undoTagOperation(deps, SHOP, op.id, "user:8");
      await waitForJob(db, undo!.jobId, undefined, 60_000);
      const after = snapshot();
      for (const [id, tags] of before) if (id !== gone.id) expect(after.get(id)).toEqual(tags);
    } finally {
      if (previous === undefined) delete process.env.PATRON_BULK_THRESHOLD;
      else process.env.PATRON_BULK_THRESHOLD = previous;
    }
  });

  it("GIVEN bad tags (300 of them, an empty one, one with a comma, one too long) THEN nothing is made and each problem is named", async () => {
    const source = { type: "all" } as const;
    const attempts: [string[], string][] = [
      [Array.from({ length: 300 }, (_, i) => `t${i}`), "tooMany"],
      [["ok", "  "], "empty"],
      [["a,b"], "comma"],
      [["x".repeat(256)], "too_long"],
    ];
    const count = await db.tagOperation.count({ where: { shop: SHOP } });
    for (const [tags, problem] of attempts) {
      const error = await previewTagOperation(
        deps,
        SHOP,
        { op: "add", tags, source },
        {
          staff: null,
        },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TagInputError);
      const checked = (error as TagInputError).checked;
      if (problem === "tooMany") expect(checked.tooMany).toBe(true);
      else expect(checked.problems.map((p) => p.problem)).toContain(problem);
    }
    expect(await db.tagOperation.count({ where: { shop: SHOP } })).toBe(count);
  });
});
