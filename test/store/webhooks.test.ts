import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { addCustomer, API_KEY, API_SECRET, SHOP, type Json } from "./testing";
import { parseWebhookToml } from "./toml";

const TOML = `
[webhooks]
api_version = "2026-10" # comment

  [[webhooks.subscriptions]]
  topics = ["app/uninstalled", "bulk_operations/finish"]
  uri = "/webhooks"

  [[webhooks.subscriptions]]
  topics = [
    "customers/enable",   # accepted invitations
    "customers/update",
    "orders/create",
  ]
  uri = "/webhooks/store"
  include_fields = ["id"]

  [[webhooks.subscriptions]]
  compliance_topics = ["customers/data_request", "customers/redact", "shop/redact"]
  uri = "/webhooks/compliance"

[access_scopes]
scopes = "read_customers"
`;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let app: Server;
let appUrl: string;
let received: Received[] = [];
let respond: (r: Received) => number = () => 200;
let sim: StoreSimulator;

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = {
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(r);
      res.statusCode = respond(r);
      res.end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sim = await startStoreSimulator({
    appUrl,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    webhookSubscriptions: TOML,
    shops: [{ domain: SHOP, seed: false }],
    webhooks: { retryDelaysMs: [10, 20, 30] },
  });
});
afterAll(async () => {
  await sim.stop();
  await new Promise((r) => app.close(r));
});
beforeEach(() => {
  received = [];
  respond = () => 200;
  sim.simulator.resetShop(SHOP);
  sim.shop(SHOP).installed = true;
});

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  hostName: "patron.test",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: 0 },
});

async function validate(r: Received, body = r.body) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`${appUrl}${r.path}`, { method: "POST", headers, body });
  return shopify.webhooks.validate({ rawBody: body, rawRequest: request });
}

describe("shopify.app.toml subscriptions", () => {
  it("reads the project's own shopify.app.toml", () => {
    const config = parseWebhookToml(
      readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8"),
    );
    expect(config.apiVersion).toBe("2026-10");
    const topics = config.subscriptions.flatMap((s) => s.topics);
    expect(topics).toEqual(
      expect.arrayContaining([
        "app/uninstalled",
        "customers/data_request",
        "customers/redact",
        "shop/redact",
      ]),
    );
    for (const s of config.subscriptions) expect(s.uri).toMatch(/^\/|^https:\/\//);
  });

  it("reads topics, multi-line arrays, compliance topics, the API version and the access scopes", () => {
    expect(parseWebhookToml(TOML)).toEqual({
      apiVersion: "2026-10",
      scopes: "read_customers",
      subscriptions: [
        { topics: ["app/uninstalled", "bulk_operations/finish"], uri: "/webhooks" },
        {
          topics: ["customers/enable", "customers/update", "orders/create"],
          uri: "/webhooks/store",
        },
        {
          topics: ["customers/data_request", "customers/redact", "shop/redact"],
          uri: "/webhooks/compliance",
          compliance: true,
        },
      ],
    });
  });
});

describe("webhook deliveries", () => {
  it("accepting an invitation sends customers/enable and customers/update, signed so Shopify's library validates them", async () => {
    const c = addCustomer(sim.simulator, { email: "inv@x.com", state: "INVITED" });
    sim.actions(SHOP).acceptInvitation(c.id);
    await sim.idle();
    expect(received.map((r) => r.headers["x-shopify-topic"]).sort()).toEqual([
      "customers/enable",
      "customers/update",
    ]);
    for (const r of received) {
      expect(r.path).toBe("/webhooks/store");
      const result = await validate(r);
      expect(result).toMatchObject({
        valid: true,
        domain: SHOP,
        apiVersion: "2026-10",
        webhookId: r.headers["x-shopify-webhook-id"],
      });
      expect(r.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers["x-shopify-triggered-at"]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const payload: Json = JSON.parse(r.body);
      expect(payload).toMatchObject({
        id: c.id,
        state: "enabled",
        admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
      });
      // Since 2025-01 customer payloads carry no tags or marketing consent.
      expect(payload).not.toHaveProperty("tags");
      expect(payload).not.toHaveProperty("email_marketing_consent");
    }
    expect(
      (await validate(received[0]!, received[0]!.body.replace("enabled", "disabled"))).valid,
    ).toBe(false);
  });

  it("orders/create carries discount codes, customer and totals", async () => {
    const store = sim.shop(SHOP);
    const c = addCustomer(sim.simulator, { email: "buyer@x.com" });
    store.addDiscount({
      __typename: "DiscountCodeNode",
      id: store.nextId("discount"),
      kind: "basic",
      title: "Ten",
      codes: [{ id: store.nextId("code"), code: "TENOFF", usageCount: 0 }],
      startsAt: 0,
      endsAt: null,
      appliesOncePerCustomer: false,
      usageLimit: null,
      minimumSubtotalCents: null,
      minimumQuantity: null,
      context: { kind: "all" },
      value: { kind: "amount", amountCents: 1000, appliesOnEachItem: false },
      maximumShippingPriceCents: null,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
      recurringCycleLimit: null,
      tags: [],
      asyncUsageCount: 0,
      totalSalesCents: 0,
      usedByCustomerIds: new Set(),
      createdAt: 0,
      updatedAt: 0,
    });
    const order = sim
      .actions(SHOP)
      .placeOrder({ customerId: c.id, discountCode: "tenoff", subtotal: 60, shipping: 5 });
    await sim.idle();
    const r = received.find((x) => x.headers["x-shopify-topic"] === "orders/create")!;
    expect(JSON.parse(r.body)).toMatchObject({
      id: order.id,
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      name: "#1001",
      discount_codes: [{ code: "TENOFF", amount: "10.00", type: "fixed_amount" }],
      total_price: "55.00",
      current_total_price: "55.00",
      currency: "EUR",
      customer: { id: c.id, email: "buyer@x.com" },
    });
  });

  it("retries a failed delivery with the same webhook id and records every attempt", async () => {
    let calls = 0;
    respond = () => (++calls === 1 ? 500 : 200);
    const c = addCustomer(sim.simulator, { email: "r@x.com" });
    sim.actions(SHOP).requestCustomerData(c.id);
    await sim.idle();
    const attempts = sim.deliveries(SHOP).filter((d) => d.topic === "customers/data_request");
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect(attempts[0]!.webhookId).toBe(attempts[1]!.webhookId);
    expect(received.map((r) => r.path)).toEqual(["/webhooks/compliance", "/webhooks/compliance"]);
    expect(JSON.parse(received[0]!.body)).toEqual({
      shop_id: sim.shop(SHOP).settings.id,
      shop_domain: SHOP,
      orders_requested: [],
      customer: { id: c.id, email: "r@x.com", phone: null },
      data_request: { id: expect.any(Number) },
    });
  });

  it("gives up after the last attempt", async () => {
    respond = () => 503;
    sim.actions(SHOP).redactShop();
    await sim.idle();
    expect(sim.deliveries(SHOP).map((d) => d.status)).toEqual([503, 503, 503, 503]);
  });

  it("after uninstall sends app/uninstalled and compliance topics only", async () => {
    const c = addCustomer(sim.simulator, { email: "u@x.com", state: "INVITED" });
    sim.actions(SHOP).uninstall();
    sim.actions(SHOP).acceptInvitation(c.id);
    sim.actions(SHOP).redactCustomer(c.id);
    await sim.idle();
    expect(received.map((r) => r.headers["x-shopify-topic"]).sort()).toEqual([
      "app/uninstalled",
      "customers/redact",
    ]);
    expect(
      JSON.parse(received.find((r) => r.headers["x-shopify-topic"] === "app/uninstalled")!.body),
    ).toMatchObject({ myshopify_domain: SHOP });
  });

  it("duplicate faults deliver an event twice with the same webhook and event ids", async () => {
    sim.setFaults(SHOP, { webhookDuplicateRate: 1 });
    const c = addCustomer(sim.simulator, { email: "d@x.com" });
    sim.actions(SHOP).placeOrder({ customerId: c.id });
    await sim.idle();
    const orders = received.filter((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(orders).toHaveLength(2);
    expect(orders[0]!.headers["x-shopify-webhook-id"]).toBe(
      orders[1]!.headers["x-shopify-webhook-id"],
    );
    expect(orders[0]!.headers["x-shopify-event-id"]).toBe(orders[1]!.headers["x-shopify-event-id"]);
    expect(
      sim
        .deliveries(SHOP)
        .filter((d) => d.topic === "orders/create")
        .map((d) => d.duplicate)
        .sort(),
    ).toEqual([false, true]);
  });

  it("delay faults deliver out of order (seeded)", async () => {
    sim.setFaults(SHOP, { seed: 7, webhookMaxDelayMs: 150 });
    const customers = Array.from({ length: 8 }, (_, i) =>
      addCustomer(sim.simulator, { email: `o${i}@x.com`, state: "INVITED" }),
    );
    received = [];
    for (const c of customers) sim.actions(SHOP).declineInvitation(c.id);
    await sim.idle();
    const order = received.map((r) => (JSON.parse(r.body) as { id: number }).id);
    expect([...order].sort((a, b) => a - b)).toEqual(customers.map((c) => c.id));
    expect(order).not.toEqual(customers.map((c) => c.id));
  });
});
