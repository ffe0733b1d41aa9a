import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./auth";
import { cliOptions, startStoreSimulator, type StoreSimulator } from "./server";
import { API_KEY, API_SECRET, graphqlPath, post, SHOP, type Json } from "./testing";

let sim: StoreSimulator;
beforeAll(async () => {
  sim = await startStoreSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    shops: [
      { domain: SHOP, seed: { customers: 50, seed: 3 } },
      { domain: "other", seed: false, plan: "PLUS" },
    ],
  });
});
afterAll(() => sim.stop());

async function control(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const res = await request(`${sim.url}/__simulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

describe("routing", () => {
  it("routes by Host or X-Forwarded-Host and answers 404 for unknown shops and paths", async () => {
    const token = sim.issueAccessToken("other");
    const byHost = await post(
      sim.url,
      graphqlPath(),
      { query: "{ shop { myshopifyDomain plan { shopifyPlus } } }" },
      { "x-shopify-access-token": token },
      "other.myshopify.com",
    );
    expect(byHost.json.data.shop).toEqual({
      myshopifyDomain: "other.myshopify.com",
      plan: { shopifyPlus: true },
    });
    const forwarded = await post(
      sim.url,
      graphqlPath(),
      { query: "{ shop { myshopifyDomain } }" },
      { "x-shopify-access-token": token, "x-forwarded-host": "other.myshopify.com" },
      "127.0.0.1",
    );
    expect(forwarded.json.data.shop.myshopifyDomain).toBe("other.myshopify.com");
    expect(
      (await post(sim.url, graphqlPath(), { query: "{ shop { id } }" }, {}, "nobody.myshopify.com"))
        .status,
    ).toBe(404);
    expect((await post(sim.url, "/admin/api/2026-10/products.json", {}, {}, SHOP)).status).toBe(
      404,
    );
    expect((await request(`${sim.url}/__files/bulk/none.jsonl`)).statusCode).toBe(404);
  });

  it("answers invalid JSON bodies with 400", async () => {
    const token = sim.issueAccessToken(SHOP);
    const res = await post(sim.url, graphqlPath(), "{not json", {
      "x-shopify-access-token": token,
    });
    expect(res.status).toBe(400);
  });
});

describe("control API", () => {
  it("lists shops with counts and settings", async () => {
    const { json } = await control("GET", "/shops");
    expect(json.map((s: Json) => s.domain)).toEqual([SHOP, "other.myshopify.com"]);
    expect(json[0]).toMatchObject({
      counts: { customers: 50, discounts: 5, segments: 5 },
      customerAccountsVersion: "CLASSIC",
      installed: true,
    });
  });

  it("creates a customer, accepts the invitation, and records the events", async () => {
    const created = await control("POST", `/shops/${SHOP}/customers`, {
      firstName: "Ola",
      email: "ola@x.no",
      state: "INVITED",
    });
    expect(created.status).toBe(200);
    const accepted = await control(
      "POST",
      `/shops/${SHOP}/customers/${encodeURIComponent(created.json.id)}/accept-invitation`,
    );
    expect(accepted.json.state).toBe("ENABLED");
    expect(
      (
        await control(
          "POST",
          `/shops/${SHOP}/customers/${encodeURIComponent(created.json.id)}/accept-invitation`,
        )
      ).status,
    ).toBe(409);
    const events = await control("GET", `/shops/${SHOP}/events?topic=customers/enable`);
    expect(events.json).toHaveLength(1);
    expect(events.json[0].payload).toMatchObject({ email: "ola@x.no", state: "enabled" });
  });

  it("places orders with discount codes and refuses codes that don't apply", async () => {
    const created = await control("POST", `/shops/${SHOP}/customers`, { email: "buyer@x.no" });
    const order = await control("POST", `/shops/${SHOP}/orders`, {
      customerId: created.json.id,
      discountCode: "welcome10",
      subtotal: 100,
      shipping: 0,
    });
    expect(order.json).toMatchObject({
      name: expect.stringMatching(/^#\d+$/),
      discountCodes: ["WELCOME10"],
      total: "90.00",
    });
    const expired = await control("POST", `/shops/${SHOP}/orders`, {
      customerId: created.json.id,
      discountCode: "SUMMER20",
    });
    expect(expired).toEqual({ status: 422, json: { error: "Discount code SUMMER20 is expired" } });
  });

  it("deletes and expires discounts", async () => {
    const list = (await control("GET", `/shops/${SHOP}/discounts`)).json as Json[];
    const freeship = list.find((d) => d.codes.includes("FREESHIP"))!;
    expect(freeship.status).toBe("ACTIVE");
    expect(
      (await control("POST", `/shops/${SHOP}/discounts/${encodeURIComponent(freeship.id)}/expire`))
        .status,
    ).toBe(200);
    expect(
      (await control("GET", `/shops/${SHOP}/discounts`)).json.find(
        (d: Json) => d.id === freeship.id,
      ).status,
    ).toBe("EXPIRED");
    expect(
      (await control("POST", `/shops/${SHOP}/discounts/${encodeURIComponent(freeship.id)}/delete`))
        .status,
    ).toBe(200);
    expect(
      (await control("POST", `/shops/${SHOP}/discounts/${encodeURIComponent(freeship.id)}/delete`))
        .status,
    ).toBe(404);
  });

  it("switches account mode and plan, and validates input", async () => {
    expect(
      (
        await control("POST", `/shops/${SHOP}/account-mode`, {
          customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
        })
      ).json.customerAccountsVersion,
    ).toBe("NEW_CUSTOMER_ACCOUNTS");
    expect(
      (await control("POST", `/shops/${SHOP}/account-mode`, { customerAccountsVersion: "LEGACY" }))
        .status,
    ).toBe(400);
    const plan = await control("POST", `/shops/${SHOP}/plan`, { plan: "ADVANCED" });
    expect(plan.json.throttleStatus).toMatchObject({ maximumAvailable: 4000, restoreRate: 200 });
    await control("POST", `/shops/${SHOP}/account-mode`, { customerAccountsVersion: "CLASSIC" });
  });

  it("sets faults, mints session and access tokens, moves the clock, resets the shop", async () => {
    expect(
      (await control("POST", `/shops/${SHOP}/faults`, { errorRate: 0.25, seed: 9 })).json,
    ).toMatchObject({ errorRate: 0.25, seed: 9 });
    expect((await control("POST", `/shops/${SHOP}/faults`, { reset: true })).json.errorRate).toBe(
      0,
    );

    const { json: session } = await control("POST", `/shops/${SHOP}/session-token`, { userId: 3 });
    const exchanged = await post(sim.url, "/admin/oauth/access_token", {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: session.token,
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    });
    expect(exchanged.status).toBe(200);
    const { json: issued } = await control("POST", `/shops/${SHOP}/access-token`);
    expect(
      (
        await post(
          sim.url,
          graphqlPath(),
          { query: "{ shop { id } }" },
          { "x-shopify-access-token": issued.accessToken },
        )
      ).status,
    ).toBe(200);

    const before = Date.parse((await control("GET", "/clock")).json.now);
    const moved = await control("POST", "/clock", { advanceMs: 86_400_000 });
    expect(Date.parse(moved.json.now) - before).toBeGreaterThanOrEqual(86_400_000);

    await control("POST", `/shops/${SHOP}/customers`, { email: "extra@x.no" });
    const reset = await control("POST", `/shops/${SHOP}/reset`);
    expect(reset.json.counts.customers).toBe(50);
    // Reset keeps the app installed: the token still works.
    expect(
      (
        await post(
          sim.url,
          graphqlPath(),
          { query: "{ shop { id } }" },
          { "x-shopify-access-token": issued.accessToken },
        )
      ).status,
    ).toBe(200);
    expect((await control("GET", "/nope")).status).toBe(404);
  });
});

describe("CLI options", () => {
  it("reads flags, repeated shops and the toml file", () => {
    const options = cliOptions(
      [
        "--port",
        "4011",
        "--api-key",
        "k",
        "--api-secret",
        "s",
        "--shop",
        "a",
        "--shop",
        "b.myshopify.com",
        "--customers",
        "10",
        "--accounts",
        "new",
        "--toml",
        "x.toml",
      ],
      () => `[[webhooks.subscriptions]]\ntopics = ["orders/create"]\nuri = "/w"\n`,
    );
    expect(options).toMatchObject({
      port: 4011,
      apiKey: "k",
      apiSecret: "s",
      webhookSubscriptions: expect.stringContaining("orders/create"),
    });
    expect(
      options.shops.map((s) => [s.domain, s.customerAccountsVersion, s.seed && s.seed.customers]),
    ).toEqual([
      ["a", "NEW_CUSTOMER_ACCOUNTS", 10],
      ["b.myshopify.com", "NEW_CUSTOMER_ACCOUNTS", 10],
    ]);
  });
});
