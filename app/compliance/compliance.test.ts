import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import { getQueue } from "../jobs/queue.server";
import type { LocalQueue } from "../jobs/local-queue.server";
import { taskHandlers } from "../jobs/worker.server";
import { Prisma } from "../generated/prisma/client";
import { loader as privacyLoader } from "../routes/app.privacy._index";
import { loader as exportLoader } from "../routes/app.privacy.$id.export";
import { action as dataRequest } from "../routes/webhooks.customers.data_request";
import { action as customersRedact } from "../routes/webhooks.customers.redact";
import { deleteShopData } from "../shop/shop-data.server";
import { routeArgs } from "../../test/support/route-args";
import { adminRequest } from "../../test/support/admin-request";
import { webhookRequest } from "../../test/support/webhook-request";
import { useStoreSimulator } from "../../test/support/store-simulator";

const SHOP = "privacy-shop.myshopify.com";
const OTHER = "privacy-other.myshopify.com";
const CUSTOMER = { id: 7_700_001, email: "ingrid.berg@example.no", phone: "+4791234567" };
const GID = `gid://shopify/Customer/${CUSTOMER.id}`;
const BYSTANDER = "gid://shopify/Customer/7700002";

const work = () => {
  const queue = getQueue() as LocalQueue;
  return queue.drain(taskHandlers(db, queue, FEATURES), { shops: [SHOP, OTHER] });
};

const compliancePayload = (shop: string, extra: object = {}) => ({
  shop_id: 1,
  shop_domain: shop,
  customer: CUSTOMER,
  ...extra,
});

/** Every row the shop holds, in every model, as text. */
async function everything(shop: string) {
  const rows = await Promise.all([
    db.session.findMany({ where: { shop } }),
    db.shop.findMany({ where: { shop } }),
    db.complianceRequest.findMany({ where: { shop } }),
    db.task.findMany({ where: { shop } }),
    db.job.findMany({ where: { shop } }),
    db.jobItem.findMany({ where: { shop } }),
  ]);
  return JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? String(value) : value));
}

/** The customer's traces in every model that can hold them, and a bystander's. */
async function seedTraces(shop: string) {
  const job = await db.job.create({
    data: {
      shop,
      kind: "invite",
      status: "completed",
      params: JSON.stringify({
        audience: { query: `email:"${CUSTOMER.email}" OR phone:${CUSTOMER.phone}` },
      }),
    },
  });
  await db.jobItem.createMany({
    data: [
      {
        shop,
        jobId: job.id,
        seq: 0,
        target: GID,
        data: JSON.stringify({ state: "DISABLED" }),
        status: "failed",
        error: `Email ${CUSTOMER.email} is invalid`,
      },
      { shop, jobId: job.id, seq: 1, target: BYSTANDER, status: "succeeded" },
    ],
  });
  // A delivery about the customer still queued, and one kept as a dead letter.
  for (const status of ["queued", "dead"]) {
    await db.task.create({
      data: {
        shop,
        name: "webhook",
        status,
        runAt: new Date(Date.now() + 3_600_000),
        dedupeKey: `webhook:${randomUUID()}`,
        payload: JSON.stringify({
          topic: "customers/data_request",
          webhookId: randomUUID(),
          triggeredAt: null,
          payload: compliancePayload(shop),
        }),
      },
    });
  }
  return job;
}

async function clear() {
  for (const shop of [SHOP, OTHER]) await deleteShopData(db, shop);
}

describe("GDPR requests", () => {
  useStoreSimulator([
    { domain: SHOP, seed: false },
    { domain: OTHER, seed: false },
  ]);
  beforeEach(clear);
  afterAll(clear);

  it("every model of the schema says how its customer data is exported and erased, or why it holds none", () => {
    const covered = [
      ...FEATURES.customerData.flatMap((holder) => holder.models),
      ...Object.keys(FEATURES.noCustomerData),
    ];
    expect([...new Set(covered)].sort()).toEqual(Object.values(Prisma.ModelName).sort());
    expect(new Set(covered).size).toBe(covered.length); // each model in one place
  });

  it("GIVEN the customer's traces in every model WHEN customers/redact is handled THEN none is left, and another shop's are untouched", async () => {
    const job = await seedTraces(SHOP);
    await seedTraces(OTHER);
    // An earlier data request left an export with the customer's data.
    await db.complianceRequest.create({
      data: {
        shop: SHOP,
        topic: "customers/data_request",
        customerId: String(CUSTOMER.id),
        payload: "{}",
        export: JSON.stringify({ email: CUSTOMER.email, target: GID }),
      },
    });
    const before = await everything(SHOP);
    expect(before).toContain(CUSTOMER.email);
    expect(before).toContain(GID);

    const response = await customersRedact(
      routeArgs(
        webhookRequest({
          topic: "customers/redact",
          shop: SHOP,
          payload: compliancePayload(SHOP, { orders_to_redact: [1] }),
        }),
      ),
    );
    expect(response.status).toBe(200);
    await work();

    const after = await everything(SHOP);
    for (const trace of [CUSTOMER.email, CUSTOMER.phone, GID]) expect(after).not.toContain(trace);
    // The outcome counts stay true; the bystander's item is as it was.
    const items = await db.jobItem.findMany({ where: { jobId: job.id }, orderBy: { seq: "asc" } });
    expect(items.map((i) => i.status)).toEqual(["failed", "succeeded"]);
    expect(items[1]!.target).toBe(BYSTANDER);
    expect(items[0]!.error).toBe("Email [redacted] is invalid");
    // The record that the request was honoured keeps Shopify's id of the customer, nothing else.
    const record = await db.complianceRequest.findFirstOrThrow({
      where: { shop: SHOP, topic: "customers/redact" },
    });
    expect(record).toMatchObject({ customerId: String(CUSTOMER.id), export: null });
    expect(await everything(OTHER)).toContain(CUSTOMER.email);
  });

  it("GIVEN a data request THEN the merchant can download a JSON document of what the app holds, listed on the privacy page", async () => {
    const job = await seedTraces(SHOP);
    const response = await dataRequest(
      routeArgs(
        webhookRequest({
          topic: "customers/data_request",
          shop: SHOP,
          payload: compliancePayload(SHOP, { orders_requested: [11, 12], data_request: { id: 9 } }),
        }),
      ),
    );
    expect(response.status).toBe(200);
    await work();

    const page = await privacyLoader(routeArgs(await adminRequest(SHOP, "/app/privacy")));
    const request = page.requests.find((r) => r.topic === "customers/data_request" && r.hasExport);
    expect(request).toMatchObject({ customerId: String(CUSTOMER.id) });

    const file = await exportLoader({
      ...routeArgs(await adminRequest(SHOP, `/app/privacy/${request!.id}/export`)),
      params: { id: request!.id },
    });
    expect(file.headers.get("Content-Disposition")).toContain(`customer-${CUSTOMER.id}-data-`);
    const document = JSON.parse(await file.text());
    expect(document).toMatchObject({
      shop: SHOP,
      customer: { id: String(CUSTOMER.id) },
      ordersRequested: [11, 12],
    });
    expect(document.data.jobItems).toEqual([
      expect.objectContaining({ job: job.id, kind: "invite", status: "failed" }),
    ]);
    expect(document.data.jobs).toEqual([expect.objectContaining({ job: job.id })]);

    // Another shop cannot fetch it.
    const elsewhere = exportLoader({
      ...routeArgs(await adminRequest(OTHER, `/app/privacy/${request!.id}/export`)),
      params: { id: request!.id },
    });
    await expect(elsewhere).rejects.toMatchObject({ status: 404 });
  });

  it("GIVEN a redact after a data request THEN the export is erased and the page says so", async () => {
    await dataRequest(
      routeArgs(
        webhookRequest({
          topic: "customers/data_request",
          shop: SHOP,
          payload: compliancePayload(SHOP),
        }),
      ),
    );
    await work();
    await customersRedact(
      routeArgs(
        webhookRequest({ topic: "customers/redact", shop: SHOP, payload: compliancePayload(SHOP) }),
      ),
    );
    await work();
    const page = await privacyLoader(routeArgs(await adminRequest(SHOP, "/app/privacy")));
    expect(page.requests.map((r) => [r.topic, r.hasExport])).toEqual([
      ["customers/redact", false],
      ["customers/data_request", false],
    ]);
  });
});
