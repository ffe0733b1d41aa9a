// The offer blocks' backend through real extension session tokens (signed
// as Shopify signs them, by the simulator's extension-tokens.ts): the offer
// of an order as the thank-you page sees it (pending, then issued), a guest,
// another customer, another shop, forged and expired tokens, the preflight.
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { createAutomation, setAutomationState } from "../offers/automations.server";
import { action as ordersCreate } from "./webhooks.orders.create";
import { loader, action } from "./api.offers";
import { signExtensionToken, type ExtensionSurface } from "../../test/store/extension-tokens";
import { orderPayload } from "../../test/store/payloads";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { fifteenPercent } from "../../test/support/offers";
import { webhookRequest } from "../../test/support/webhook-request";

const SHOP = "offers-api.myshopify.com";
const OTHER = "offers-api-other.myshopify.com";
const NOT_INSTALLED = "offers-api-gone.myshopify.com";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
// A buyer's browser: shopify-app-remix answers 410 to user agents it takes for bots.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0.0.0 Safari/537.36";
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

type Token = { shop?: string; customerId?: number | null; now?: number; secret?: string };

function token(surface: ExtensionSurface, t: Token = {}) {
  return signExtensionToken({
    surface,
    shop: t.shop ?? SHOP,
    apiKey: API_KEY,
    apiSecret: t.secret ?? API_SECRET_KEY,
    customerId: t.customerId ?? null,
    now: t.now,
  });
}

function ask(
  orderId: string,
  { surface = "checkout", bearer }: { surface?: ExtensionSurface; bearer?: string | null } = {},
  method = "GET",
) {
  const url = new URL("https://patron.test/api/offers");
  url.searchParams.set("surface", surface);
  url.searchParams.set("orderId", orderId);
  const headers: Record<string, string> = { Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER };
  if (bearer !== null) headers.Authorization = `Bearer ${bearer ?? token(surface)}`;
  return new Request(url, { method, headers });
}

/** The route's answer, thrown Responses included (as Remix would send them). */
async function answer(request: Request) {
  let response: Response;
  try {
    response = await (request.method === "GET" || request.method === "OPTIONS"
      ? loader(routeArgs(request))
      : action(routeArgs(request)));
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const text = await response.text();
  return {
    status: response.status,
    cors: response.headers.get("Access-Control-Allow-Origin"),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    headers: response.headers,
  };
}

describe("GET /api/offers (the offer blocks' backend)", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", currencyCode: "EUR", seed: { customers: 20, seed: 5 } },
    { domain: OTHER, currencyCode: "SEK", seed: { customers: 5, seed: 6 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  let automationId: string;
  beforeAll(async () => {
    await installApp("offers-api");
    await installApp("offers-api-other");
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 2,
      workerId: "offers-api-worker",
      shops: [SHOP, OTHER],
    });
    const automation = await createAutomation(
      db,
      executorFor(SHOP),
      SHOP,
      fifteenPercent({ oncePerCustomer: false }),
      { currencyCode: "EUR", staff: "user:1" },
    );
    automationId = automation.id;
  });
  afterAll(async () => {
    await setAutomationState(db, SHOP, automationId, "pause");
    await worker.stop();
  });

  const store = () => simulator().shop(SHOP);
  let nextCustomer = 0;
  const customer = () => [...store().customers.values()].filter((c) => c.email)[nextCustomer++]!;

  /** An order placed in the store; `deliver` sends its orders/create and waits for its offer's job. */
  function place(customerId: number) {
    const placed = simulator().actions(SHOP).placeOrder({ customerId, subtotal: 80 });
    const orderId = gid("Order", placed.id);
    const deliver = async () => {
      const payload = orderPayload(store(), placed);
      const response = await ordersCreate(
        routeArgs(
          webhookRequest({
            topic: "orders/create",
            shop: SHOP,
            payload,
            webhookId: `o-${placed.id}`,
          }),
        ),
      );
      expect(response.status).toBe(200);
      for (let i = 0; i < 400; i++) {
        const handled = await db.offerOrder.findUnique({
          where: { shop_orderId: { shop: SHOP, orderId } },
        });
        if (handled) {
          if (handled.jobId) await waitForJob(db, handled.jobId);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error("orders/create was not handled");
    };
    return { orderId, number: placed.id, deliver };
  }

  it("GIVEN the thank-you page asks before orders/create arrived THEN pending, then the issued offer with its terms", async () => {
    const buyer = customer();
    const { orderId, number, deliver } = place(buyer.id);
    const bearer = token("checkout", { customerId: buyer.id });
    // orderConfirmation's id is an OrderIdentity gid: the same number names the order.
    const early = await answer(ask(`gid://shopify/OrderIdentity/${number}`, { bearer }));
    expect(early).toMatchObject({ status: 200, body: { status: "pending" } });
    expect(early.cors).toBe("*");
    expect(early.headers.get("Cache-Control")).toBe("no-store");

    await deliver();
    const issued = await answer(ask(orderId, { bearer }));
    const offer = await db.issuedOffer.findFirstOrThrow({ where: { shop: SHOP, orderId } });
    expect(issued).toMatchObject({
      status: 200,
      cors: "*",
      body: {
        status: "issued",
        offer: {
          code: offer.code,
          kind: "percentage",
          value: "15",
          currencyCode: "EUR",
          minimumSubtotal: null,
          endsAt: offer.endsAt.toISOString(),
        },
      },
    });
  });

  it("GIVEN the order status page of the order's customer THEN the offer; another customer's token THEN none", async () => {
    const buyer = customer();
    const { orderId, deliver } = place(buyer.id);
    await deliver();
    const own = await answer(
      ask(orderId, {
        surface: "customer_account",
        bearer: token("customer_account", { customerId: buyer.id }),
      }),
    );
    expect(own).toMatchObject({ status: 200, body: { status: "issued" } });
    const stranger = customer();
    const other = await answer(
      ask(orderId, {
        surface: "customer_account",
        bearer: token("customer_account", { customerId: stranger.id }),
      }),
    );
    expect(other).toMatchObject({ status: 200, cors: "*", body: { status: "none" } });
  });

  it("GIVEN a guest's token (no sub) THEN the order's offer is found by the order id alone", async () => {
    const buyer = customer();
    const { orderId, deliver } = place(buyer.id);
    await deliver();
    const guest = await answer(ask(orderId, { bearer: token("checkout", { customerId: null }) }));
    expect(guest).toMatchObject({ status: 200, body: { status: "issued" } });
  });

  it("GIVEN the offer's code was used THEN the order status page no longer shows it", async () => {
    const buyer = customer();
    const { orderId, deliver } = place(buyer.id);
    await deliver();
    const bearer = token("customer_account", { customerId: buyer.id });
    const before = await answer(ask(orderId, { surface: "customer_account", bearer }));
    expect(before.body).toMatchObject({ status: "issued" });
    await db.issuedOffer.updateMany({
      where: { shop: SHOP, orderId },
      data: { usedAt: new Date() },
    });
    const after = await answer(ask(orderId, { surface: "customer_account", bearer }));
    expect(after).toMatchObject({ status: 200, body: { status: "none" } });
  });

  it("GIVEN an order with no offer THEN none", async () => {
    await setAutomationState(db, SHOP, automationId, "pause");
    try {
      const { orderId, deliver } = place(customer().id);
      await deliver();
      expect(await answer(ask(orderId))).toMatchObject({ status: 200, body: { status: "none" } });
    } finally {
      await setAutomationState(db, SHOP, automationId, "activate");
    }
  });

  it("GIVEN another shop's token THEN this shop's order is not found there", async () => {
    const buyer = customer();
    const { orderId, deliver } = place(buyer.id);
    await deliver();
    const elsewhere = await answer(ask(orderId, { bearer: token("checkout", { shop: OTHER }) }));
    expect(elsewhere).toMatchObject({ status: 200, body: { status: "none" } });
    // A shop that does not have Patron installed is not answered for.
    const gone = await answer(ask(orderId, { bearer: token("checkout", { shop: NOT_INSTALLED }) }));
    expect(gone).toMatchObject({ status: 404, cors: "*" });
    expect(gone.body?.error).toMatch(/not installed/);
  });

  it("GIVEN a forged, expired or missing token THEN 401, with CORS headers so the block can tell", async () => {
    const orderId = gid("Order", 1);
    const forged = token("checkout", { secret: "not-the-app-secret" });
    const expired = token("checkout", { now: Date.now() - 10 * 60_000 });
    for (const bearer of [forged, expired, null, "not.a.jwt"]) {
      const result = await answer(ask(orderId, { bearer }));
      expect(result).toMatchObject({ status: 401, cors: "*" });
    }
    for (const surface of ["customer_account"] as const) {
      const result = await answer(ask(orderId, { surface, bearer: forged }));
      expect(result.status).toBe(401);
    }
  });

  it("GIVEN the browser's preflight THEN 204 with the CORS headers the extension needs", async () => {
    for (const surface of ["checkout", "customer_account"] as const) {
      const preflight = await answer(
        new Request(
          `https://patron.test/api/offers?surface=${surface}&orderId=gid%3A%2F%2Fshopify%2FOrder%2F1`,
          {
            method: "OPTIONS",
            headers: {
              Origin: EXTENSION_ORIGIN,
              "User-Agent": BROWSER,
              "Access-Control-Request-Method": "GET",
              "Access-Control-Request-Headers": "authorization",
            },
          },
        ),
      );
      expect(preflight.status).toBe(204);
      expect(preflight.cors).toBe("*");
      expect(preflight.headers.get("Access-Control-Allow-Headers")).toMatch(/Authorization/);
    }
  });

  it("GIVEN a bad order id or surface THEN 400 with a clear message", async () => {
    for (const orderId of [
      "12",
      "gid://shopify/Customer/12",
      "gid://shopify/Order/0",
      "gid://shopify/Order/12x",
      "",
    ]) {
      const result = await answer(ask(orderId));
      expect(result).toMatchObject({ status: 400, cors: "*" });
      expect(String(result.body?.error)).toMatch(/orderId/);
    }
    const url = new URL(
      "https://patron.test/api/offers?surface=admin&orderId=gid://shopify/Order/1",
    );
    const bad = await answer(
      new Request(url, {
        headers: { Authorization: `Bearer ${token("checkout")}`, "User-Agent": BROWSER },
      }),
    );
    expect(bad.status).toBe(400);
    expect(String(bad.body?.error)).toMatch(/surface/);
    const post = await answer(ask(gid("Order", 1), {}, "POST"));
    expect(post.status).toBe(405);
  });
});
