// The customer management pages through real session tokens: a tag change
// made from the form, a deletion confirmed from its page, a backup
// downloaded (and logged), the activity log of this shop only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { loader as activityLoader } from "../routes/app.activity";
import { action as newTags } from "../routes/app.customers.tags._index";
import { loader as tagPage } from "../routes/app.customers.tags.$id";
import {
  action as deletionAction,
  loader as deletionPage,
} from "../routes/app.customers.delete.$id";
import { loader as backupLoader } from "../routes/app.customers.delete.$id.backup";
import { action as newDeletion } from "../routes/app.customers.delete._index";
import { adminRequest } from "../../test/support/admin-request";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";

const SHOP = "customer-pages.myshopify.com";
const OTHER = "customer-pages-other.myshopify.com";

describe("customer management pages", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", seed: { customers: 80, seed: 61 } },
    { domain: OTHER, seed: false },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("customer-pages");
    await installApp("customer-pages-other");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 2,
      workerId: "customer-pages-worker",
      shops: [SHOP],
    });
  });
  // The routes queue their tasks in the database (getQueue); this worker takes them.
  afterAll(() => worker.stop());

  const form = (body: Record<string, string>) => ({
    method: "POST",
    body: new URLSearchParams(body),
  });

  it("GIVEN the tag form THEN a previewed change is made and its page shows the figures", async () => {
    const response = (await newTags(
      routeArgs(
        await adminRequest(
          SHOP,
          "/app/customers/tags",
          form({
            payload: JSON.stringify({
              op: "add",
              tags: ["Loyal"],
              source: { type: "tags", tags: ["newsletter"], match: "any" },
            }),
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    const operation = await db.tagOperation.findFirstOrThrow({ where: { id, shop: SHOP } });
    await waitForJob(db, operation.jobId!, ["ready"]);
    const page = await tagPage({
      ...routeArgs(await adminRequest(SHOP, `/app/customers/tags/${id}`)),
      params: { id },
    });
    const newsletter = [...simulator().shop(SHOP).customers.values()].filter((c) =>
      c.tags.some((t) => t.toLowerCase() === "newsletter"),
    );
    expect(page.figures).toEqual([{ tag: "Loyal", changed: newsletter.length, unchanged: 0 }]);
    expect(page.job.status).toBe("ready");
  });

  it("GIVEN a deletion from its pages THEN the backup is made, a wrong count is refused, the download is logged", async () => {
    const free = [...simulator().shop(SHOP).customers.values()]
      .filter((c) => c.numberOfOrders === 0 && !c.hasActiveSubscription && !c.pendingDataErasure)
      .slice(0, 2);
    const created = (await newDeletion(
      routeArgs(
        await adminRequest(
          SHOP,
          "/app/customers/delete",
          form({
            payload: JSON.stringify({
              source: {
                type: "manual",
                customerIds: free.map((c) => `gid://shopify/Customer/${c.id}`),
              },
            }),
          }),
        ),
      ),
    )) as Response;
    const id = created.headers.get("Location")!.split("/").pop()!;
    const deletion = await db.customerDeletion.findFirstOrThrow({ where: { id } });
    await waitForJob(db, deletion.jobId!, ["ready"]);
    const post = async (body: Record<string, string>) =>
      (await (
        await deletionAction({
          ...routeArgs(await adminRequest(SHOP, `/app/customers/delete/${id}`, form(body))),
          params: { id },
        })
      ).json()) as { result: string | null; changed: boolean };
    expect((await post({ intent: "confirm", typed: "2" })).result).toBe("not_ready");
    expect((await post({ intent: "backup" })).changed).toBe(true);
    for (let i = 0; i < 100; i++) {
      const page = await deletionPage({
        ...routeArgs(await adminRequest(SHOP, `/app/customers/delete/${id}`)),
        params: { id },
      });
      if (page.deletion.backupStatus === "ready") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await post({ intent: "confirm", typed: "3" })).result).toBe("wrong_count");
    const file = await backupLoader({
      ...routeArgs(await adminRequest(SHOP, `/app/customers/delete/${id}/backup?format=jsonl`)),
      params: { id },
    });
    expect((await file.text()).trim().split("\n")).toHaveLength(2);
    expect((await post({ intent: "confirm", typed: "2" })).result).toBe("started");
    await waitForJob(db, deletion.jobId!);
    for (const c of free) expect(simulator().shop(SHOP).customers.has(c.id)).toBe(false);

    const log = await activityLoader(routeArgs(await adminRequest(SHOP, "/app/activity")));
    expect(log.entries.map((e) => e.action)).toEqual([
      "customers.delete",
      "customers.backup_download",
    ]);
    expect(await db.dataAccess.count({ where: { shop: SHOP, action: "deletion_backup" } })).toBe(1);
    const other = await activityLoader(
      routeArgs(await adminRequest(OTHER, "/app/activity")),
    );
    expect(other.entries).toEqual([]);
  });
});
