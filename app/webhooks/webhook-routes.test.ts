import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { action as uninstalled } from "../routes/webhooks.app.uninstalled";
import { action as scopesUpdate } from "../routes/webhooks.app.scopes_update";
import { action as dataRequest } from "../routes/webhooks.customers.data_request";
import { action as customersRedact } from "../routes/webhooks.customers.redact";
import { action as shopRedact } from "../routes/webhooks.shop.redact";
import { action as bulkFinished } from "../routes/webhooks.bulk_operations.finish";
import { WEBHOOK_BODY_LIMIT } from "../http/body-limits.mjs";
import { expectConsoleWarn } from "../../test/support/console";
import { cachedExecutorShops, executorFor } from "../admin-api/client.server";
import { webhookRequest } from "../../test/support/webhook-request";
import { routeArgs } from "../../test/support/route-args";
import { getQueue } from "../jobs/queue.server";
import type { LocalQueue } from "../jobs/local-queue.server";
import { FEATURES } from "../features.server";
import { taskHandlers } from "../jobs/worker.server";
import { receivingBurst } from "./receive.server";

// The routes only queue; the worker does the work.
async function work() {
  const queue = getQueue() as LocalQueue;
  return queue.drain(taskHandlers(db, queue, FEATURES), { shops: [SHOP, OTHER] });
}

const SHOP = "webhook-shop.myshopify.com";
const OTHER = "other-webhook-shop.myshopify.com";

async function seedShop(shop: string) {
  await db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      accessToken: "shpat_x",
      scope: "read_customers",
    },
  });
  // Installed a minute ago: deliveries triggered since then are for this installation.
  await db.shop.create({
    data: { shop, scopes: "read_customers", installedAt: new Date(Date.now() - 60_000) },
  });
  await db.complianceRequest.create({ data: { shop, topic: "customers/redact", payload: "{}" } });
  // A delivery handled earlier: its task row is the record of its webhook id.
  await db.task.create({
    data: {
      shop,
      name: "webhook",
      payload: "null",
      status: "done",
      dedupeKey: `webhook:${randomUUID()}`,
    },
  });
}

async function rowsOf(shop: string) {
  const [sessions, shops, events, requests] = await Promise.all([
    db.session.count({ where: { shop } }),
    db.shop.count({ where: { shop } }),
    db.task.count({ where: { shop, status: "done" } }),
    db.complianceRequest.count({ where: { shop } }),
  ]);
  return { sessions, shops, events, requests };
}

async function clear() {
  for (const shop of [SHOP, OTHER]) {
    await db.$transaction([
      db.session.deleteMany({ where: { shop } }),
      db.shop.deleteMany({ where: { shop } }),
      db.complianceRequest.deleteMany({ where: { shop } }),
      db.task.deleteMany({ where: { shop } }),
    ]);
  }
}

// The REST Shop resource Shopify sends with app/uninstalled: `domain` is the
// shop's primary domain, `myshopify_domain` the one the app knows it by.
const uninstallPayload = (shop: string) => ({
  id: 1,
  name: "Shop",
  domain: "shop.example",
  myshopify_domain: shop,
});

const customerPayload = {
  shop_id: 1,
  shop_domain: SHOP,
  customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
  orders_requested: [299938, 280263],
  data_request: { id: 9999 },
};

describe("webhook routes", () => {
  beforeEach(async () => {
    await clear();
    await seedShop(SHOP);
    await seedShop(OTHER);
  });
  afterAll(clear);

  describe("app/uninstalled", () => {
    it("GIVEN a valid HMAC WHEN delivered THEN removes every row of that shop and none of another", async () => {
      const response = await uninstalled(
        routeArgs(
          webhookRequest({ topic: "app/uninstalled", shop: SHOP, payload: uninstallPayload(SHOP) }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      expect(await rowsOf(SHOP)).toEqual({ sessions: 0, shops: 0, events: 0, requests: 0 });
      expect(await rowsOf(OTHER)).toEqual({ sessions: 1, shops: 1, events: 1, requests: 1 });
    });

    it("GIVEN the shop's Admin API executor (and token) cached WHEN uninstalled THEN this process forgets them", async () => {
      executorFor(SHOP);
      expect(cachedExecutorShops()).toContain(SHOP);
      await uninstalled(
        routeArgs(
          webhookRequest({ topic: "app/uninstalled", shop: SHOP, payload: uninstallPayload(SHOP) }),
        ),
      );
      await work();
      expect(cachedExecutorShops()).not.toContain(SHOP);
    });

    it("GIVEN a wrong HMAC WHEN delivered THEN answers 401 and changes nothing", async () => {
      const before = await rowsOf(SHOP);
      const request = webhookRequest({
        topic: "app/uninstalled",
        shop: SHOP,
        payload: uninstallPayload(SHOP),
        secret: "not-the-app-secret",
      });
      const response = await uninstalled(routeArgs(request));
      expect(response.status).toBe(401);
      expect(await rowsOf(SHOP)).toEqual(before);
    });

    it("GIVEN no HMAC header WHEN delivered THEN answers 401 and changes nothing", async () => {
      const before = await rowsOf(SHOP);
      const request = webhookRequest({
        topic: "app/uninstalled",
        shop: SHOP,
        payload: {},
        secret: null,
      });
      const response = await uninstalled(routeArgs(request));
      expect(response.status).toBe(401);
      expect(await rowsOf(SHOP)).toEqual(before);
    });

    it("GIVEN a signed body that was tampered with WHEN delivered THEN answers 401", async () => {
      const signed = webhookRequest({
        topic: "app/uninstalled",
        shop: SHOP,
        payload: uninstallPayload(SHOP),
      });
      const tampered = new Request(signed.url, {
        method: "POST",
        headers: signed.headers,
        body: JSON.stringify({ id: 2 }),
      });
      expect((await uninstalled(routeArgs(tampered))).status).toBe(401);
      expect((await rowsOf(SHOP)).sessions).toBe(1);
    });
  });

  describe("app/scopes_update", () => {
    it("records the new scopes on the shop's sessions", async () => {
      const response = await scopesUpdate(
        routeArgs(
          webhookRequest({
            topic: "app/scopes_update",
            shop: SHOP,
            payload: {
              previous: ["read_customers"],
              current: ["read_customers", "write_customers"],
            },
          }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      const session = await db.session.findFirstOrThrow({ where: { shop: SHOP } });
      expect(session.scope).toBe("read_customers,write_customers");
      const other = await db.session.findFirstOrThrow({ where: { shop: OTHER } });
      expect(other.scope).toBe("read_customers");
    });

    it("GIVEN a payload without scopes THEN answers 400 and queues nothing", async () => {
      const request = webhookRequest({
        topic: "app/scopes_update",
        shop: SHOP,
        payload: { nope: 1 },
      });
      const response = await scopesUpdate(routeArgs(request));
      expect(response.status).toBe(400);
      expect(await db.task.count({ where: { shop: SHOP, status: "queued" } })).toBe(0);
      await work();
      const session = await db.session.findFirstOrThrow({ where: { shop: SHOP } });
      expect(session.scope).toBe("read_customers");
    });
  });

  describe("compliance topics", () => {
    it("customers/data_request answers 200 and records the request", async () => {
      const response = await dataRequest(
        routeArgs(
          webhookRequest({ topic: "customers/data_request", shop: SHOP, payload: customerPayload }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      const recorded = await db.complianceRequest.findFirstOrThrow({
        where: { shop: SHOP, topic: "customers/data_request" },
      });
      expect(recorded.customerId).toBe("191167");
      expect(recorded.payload).not.toContain("john@example.com");
      expect(recorded.completedAt).not.toBeNull();
    });

    it("GIVEN a delivery handled again (its worker stopped before marking it done) THEN it is recorded once", async () => {
      const response = await dataRequest(
        routeArgs(
          webhookRequest({ topic: "customers/data_request", shop: SHOP, payload: customerPayload }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      // The task as a killed worker leaves it: handled, yet not marked done.
      await db.task.updateMany({
        where: { shop: SHOP, name: "webhook" },
        data: { status: "queued" },
      });
      await work();
      // The seeded earlier delivery, and this one once.
      expect(await db.task.count({ where: { shop: SHOP, status: "done" } })).toBe(2);
      expect(
        await db.complianceRequest.count({
          where: { shop: SHOP, topic: "customers/data_request" },
        }),
      ).toBe(1);
    });

    it("customers/redact answers 200 and records the request", async () => {
      const payload = { ...customerPayload, orders_to_redact: [1, 2] };
      const response = await customersRedact(
        routeArgs(webhookRequest({ topic: "customers/redact", shop: SHOP, payload })),
      );
      expect(response.status).toBe(200);
      await work();
      expect(
        await db.complianceRequest.count({ where: { shop: SHOP, topic: "customers/redact" } }),
      ).toBe(2);
    });

    it("shop/redact answers 200 and removes every row of that shop and none of another", async () => {
      const response = await shopRedact(
        routeArgs(
          webhookRequest({
            topic: "shop/redact",
            shop: SHOP,
            payload: { shop_id: 1, shop_domain: SHOP },
          }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      expect(await rowsOf(SHOP)).toEqual({ sessions: 0, shops: 0, events: 0, requests: 0 });
      expect(await rowsOf(OTHER)).toEqual({ sessions: 1, shops: 1, events: 1, requests: 1 });
    });

    it.each([
      ["customers/data_request", dataRequest],
      ["customers/redact", customersRedact],
      ["shop/redact", shopRedact],
    ] as const)("%s with a wrong HMAC answers 401 and records nothing", async (topic, action) => {
      const before = await rowsOf(SHOP);
      const request = webhookRequest({ topic, shop: SHOP, payload: customerPayload, secret: "x" });
      expect((await action(routeArgs(request))).status).toBe(401);
      expect(await rowsOf(SHOP)).toEqual(before);
    });
  });

  describe("duplicates and bad bodies", () => {
    it("GIVEN the same webhook id twice THEN handles it once and answers 200 both times", async () => {
      const webhookId = randomUUID();
      const deliver = () =>
        customersRedact(
          routeArgs(
            webhookRequest({
              topic: "customers/redact",
              shop: SHOP,
              payload: customerPayload,
              webhookId,
            }),
          ),
        );
      expect((await deliver()).status).toBe(200);
      expect((await deliver()).status).toBe(200);
      expect(await work()).toBe(1);
      expect((await deliver()).status).toBe(200); // after it was handled too
      expect(await work()).toBe(0);
      expect(
        await db.complianceRequest.count({ where: { shop: SHOP, topic: "customers/redact" } }),
      ).toBe(2); // the seeded one + one from the two deliveries
    });

    it("GIVEN a signed body that is not JSON THEN answers 400 and records nothing", async () => {
      const before = await rowsOf(SHOP);
      const request = webhookRequest({
        topic: "customers/redact",
        shop: SHOP,
        payload: null,
        rawBody: "this is not json",
      });
      expect((await customersRedact(routeArgs(request))).status).toBe(400);
      expect(await rowsOf(SHOP)).toEqual(before);
    });

    it("GIVEN a payload that does not fit the topic THEN answers 400 and a good redelivery is handled", async () => {
      const webhookId = randomUUID();
      const bad = webhookRequest({
        topic: "customers/redact",
        shop: SHOP,
        payload: { shop_domain: SHOP },
        webhookId,
      });
      expect((await customersRedact(routeArgs(bad))).status).toBe(400);
      const good = webhookRequest({
        topic: "customers/redact",
        shop: SHOP,
        payload: customerPayload,
        webhookId,
      });
      expect((await customersRedact(routeArgs(good))).status).toBe(200);
      expect(await work()).toBe(1);
      expect(
        await db.complianceRequest.count({ where: { shop: SHOP, topic: "customers/redact" } }),
      ).toBe(2);
    });

    it("GIVEN a delivery sent to another topic's address THEN answers 400", async () => {
      const request = webhookRequest({
        topic: "customers/data_request",
        shop: SHOP,
        payload: customerPayload,
      });
      expect((await customersRedact(routeArgs(request))).status).toBe(400);
      expect(await db.task.count({ where: { shop: SHOP, status: "queued" } })).toBe(0);
    });

    it("GIVEN a shop domain that is not a myshopify domain THEN answers 400", async () => {
      const request = webhookRequest({
        topic: "customers/redact",
        shop: "evil.example.com",
        payload: customerPayload,
      });
      expect((await customersRedact(routeArgs(request))).status).toBe(400);
    });
  });

  describe("deliveries replayed with another shop's headers", () => {
    it.each([
      ["app/uninstalled", uninstalled, uninstallPayload(OTHER)],
      ["shop/redact", shopRedact, { shop_id: 2, shop_domain: OTHER }],
      ["customers/redact", customersRedact, { ...customerPayload, shop_domain: OTHER }],
      ["customers/data_request", dataRequest, { ...customerPayload, shop_domain: OTHER }],
    ] as const)(
      "GIVEN a %s body signed for another shop, sent with this shop's header THEN answers 400 and changes nothing",
      async (topic, action, payload) => {
        expectConsoleWarn(/names other-webhook-shop.* the header webhook-shop/);
        const before = [await rowsOf(SHOP), await rowsOf(OTHER)];
        const replayed = webhookRequest({ topic, shop: SHOP, payload });
        const response = await action(routeArgs(replayed));
        expect(response.status).toBe(400);
        expect(await response.text()).toBe("The payload names another shop than the delivery");
        await work();
        expect([await rowsOf(SHOP), await rowsOf(OTHER)]).toEqual(before);
      },
    );

    it("GIVEN a payload that names no shop (bulk_operations/finish) replayed for another shop THEN only that shop's rows are looked at", async () => {
      const job = await db.job.create({
        data: {
          shop: OTHER,
          kind: "invite",
          params: "{}",
          status: "running",
          mode: "bulk",
          bulkOperationId: "gid://shopify/BulkOperation/77",
        },
      });
      const response = await bulkFinished(
        routeArgs(
          webhookRequest({
            topic: "bulk_operations/finish",
            shop: SHOP,
            payload: {
              admin_graphql_api_id: "gid://shopify/BulkOperation/77",
              status: "completed",
            },
          }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      // The other shop's job was not woken: no run of it was queued.
      expect(await db.task.count({ where: { dedupeKey: `job:${job.id}` } })).toBe(0);
      await db.job.delete({ where: { id: job.id } });
    });
  });

  describe("a late app/uninstalled", () => {
    it("GIVEN an uninstall Shopify triggered before the app was installed again THEN the new installation is kept", async () => {
      expectConsoleWarn(/predates its reinstallation/);
      const response = await uninstalled(
        routeArgs(
          webhookRequest({
            topic: "app/uninstalled",
            shop: SHOP,
            payload: uninstallPayload(SHOP),
            triggeredAt: new Date(Date.now() - 3_600_000),
          }),
        ),
      );
      expect(response.status).toBe(200);
      await work();
      expect(await rowsOf(SHOP)).toMatchObject({ sessions: 1, shops: 1, requests: 1 });
    });

    it("GIVEN an uninstall triggered after the installation THEN the shop's data goes", async () => {
      await uninstalled(
        routeArgs(
          webhookRequest({
            topic: "app/uninstalled",
            shop: SHOP,
            payload: uninstallPayload(SHOP),
            triggeredAt: new Date(Date.now() + 1000),
          }),
        ),
      );
      await work();
      expect(await rowsOf(SHOP)).toEqual({ sessions: 0, shops: 0, events: 0, requests: 0 });
    });
  });

  describe("sizes", () => {
    it("GIVEN a body over the webhook limit THEN answers 413 and queues nothing", async () => {
      const huge = JSON.stringify({ ...customerPayload, padding: "x".repeat(WEBHOOK_BODY_LIMIT) });
      const request = webhookRequest({
        topic: "customers/redact",
        shop: SHOP,
        payload: null,
        rawBody: huge,
      });
      const response = await customersRedact(routeArgs(request));
      expect(response.status).toBe(413);
      expect(await db.task.count({ where: { shop: SHOP, status: "queued" } })).toBe(0);
    });
  });

  describe("bursts", () => {
    it("GIVEN many deliveries at once THEN reports a burst (the embedded worker waits), and not once it is over", async () => {
      await Promise.all(
        Array.from({ length: 30 }, () =>
          dataRequest(
            routeArgs(
              webhookRequest({
                topic: "customers/data_request",
                shop: SHOP,
                payload: customerPayload,
              }),
            ),
          ),
        ),
      );
      expect(receivingBurst()).toBe(true);
      expect(receivingBurst(Date.now() + 250)).toBe(false);
      expect(await work()).toBe(30);
    });

    it("GIVEN a burst of forged deliveries THEN it is no burst: only signed ones hold the worker back", async () => {
      await new Promise((resolve) => setTimeout(resolve, 250)); // the previous burst is over
      const answers = await Promise.all(
        Array.from({ length: 300 }, () =>
          dataRequest(
            routeArgs(
              webhookRequest({
                topic: "customers/data_request",
                shop: SHOP,
                payload: customerPayload,
                secret: "forged",
              }),
            ),
          ).then((r) => r.status),
        ),
      );
      expect(new Set(answers)).toEqual(new Set([401]));
      expect(receivingBurst()).toBe(false);
    });
  });
});
