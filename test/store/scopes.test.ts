import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRule } from "./scopes";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { DEFAULT_SCOPES } from "./simulator";
import {
  addCustomer,
  API_KEY,
  API_SECRET,
  customerGid,
  exchangeToken,
  gql,
  graphqlPath,
  makeSimulator,
  post,
  SHOP,
} from "./testing";
import { bulkClient, RUN_QUERY } from "./testing-bulk";

const ORDERS_ACCESS =
  "`read_orders` access scope, `read_marketplace_orders` access scope or `read_quick_sale` access scope.";

const denied = (field: string, requiredAccess: string) => ({
  message: `Access denied for ${field} field. Required access: ${requiredAccess}`,
  extensions: {
    code: "ACCESS_DENIED",
    documentation: "https://shopify.dev/api/usage/access-scopes",
    requiredAccess,
  },
});

describe("access scopes on queries", () => {
  it("GIVEN a token without read_orders WHEN it lists orders THEN ACCESS_DENIED at `orders` with Shopify's shape and no data", () => {
    const sim = makeSimulator({}, { scopes: "read_customers" });
    const res = gql(sim, "{ orders(first: 5) { nodes { id } } }");
    expect(res.errors).toEqual([
      { ...denied("orders", ORDERS_ACCESS), locations: [{ line: 1, column: 3 }], path: ["orders"] },
    ]);
    // orders is non-null, so the null reaches the root, as graphql-ruby does.
    expect(res.data).toBeNull();
  });

  it("GIVEN read_orders only WHEN an order's customer is read THEN that field alone is null with ACCESS_DENIED", () => {
    const sim = makeSimulator({}, { scopes: "read_orders" });
    const c = addCustomer(sim, { email: "o@x.com" });
    const order = sim.actions(SHOP).placeOrder({ customerId: c.id });
    const res = gql(sim, "{ orders(first: 5) { nodes { name customer { id } } } }");
    expect(res.data.orders.nodes).toEqual([{ name: order.name, customer: null }]);
    expect(res.errors).toEqual([
      expect.objectContaining({
        ...denied("customer", "`read_customers` access scope."),
        path: ["orders", "nodes", 0, "customer"],
      }),
    ]);
  });

  it("GIVEN write_customers without read_customers THEN customers can be read (write implies read)", () => {
    const sim = makeSimulator({}, { scopes: "write_customers" });
    const c = addCustomer(sim, { email: "w@x.com" });
    const res = gql(sim, "{ customers(first: 5) { nodes { id } } }");
    expect(res.errors).toBeUndefined();
    expect(res.data.customers.nodes).toEqual([{ id: customerGid(c) }]);
  });

  it("GIVEN a scope one field of an object needs THEN selecting that field is denied, the object without it is not", () => {
    const sim = makeSimulator({}, { scopes: "read_orders" });
    const res = gql(sim, "{ shop { name customerTags(first: 5) { nodes } } }");
    // customerTags and shop are both non-null: the null reaches the root.
    expect(res.data).toBeNull();
    expect(res.errors[0]).toMatchObject({
      ...denied("customerTags", "`read_customers` access scope."),
      path: ["shop", "customerTags"],
    });
    expect(gql(sim, "{ shop { name } }").data.shop.name).toBe("Test Shop");
  });

  it("GIVEN node(id:) reaching a type the token may not read THEN ACCESS_DENIED at node", () => {
    const sim = makeSimulator({}, { scopes: "read_customers" });
    const c = addCustomer(sim, { email: "n@x.com" });
    const order = sim.actions(SHOP).placeOrder({ customerId: c.id });
    const res = gql(sim, `{ node(id: "gid://shopify/Order/${order.id}") { id } }`);
    expect(res.data).toEqual({ node: null });
    expect(res.errors[0]).toMatchObject({ ...denied("node", ORDERS_ACCESS), path: ["node"] });
  });
});

describe("access scopes on mutations", () => {
  it("GIVEN read_customers only WHEN customerUpdate is sent THEN ACCESS_DENIED and the customer is unchanged", () => {
    const sim = makeSimulator({}, { scopes: "read_customers" });
    const c = addCustomer(sim, { email: "m@x.com", firstName: "Ann" });
    const res = gql(
      sim,
      `mutation($id: ID!) { customerUpdate(input: { id: $id, firstName: "Bob" }) { userErrors { message } } }`,
      { id: customerGid(c) },
    );
    expect(res.data).toEqual({ customerUpdate: null });
    expect(res.errors[0]).toMatchObject(
      denied("customerUpdate", "`write_customers` access scope."),
    );
    expect(c.firstName).toBe("Ann");
  });
});

describe("reading Shopify's access wording", () => {
  const item = (requiredAccess: string, offlineScopes: string[]) =>
    parseRule({ type: "type", typeName: "T", requiredAccess, offlineScopes });

  it("GIVEN 'a or b' THEN either scope is enough", () => {
    expect(
      item("`read_orders` access scope or `read_quick_sale` access scope.", [
        "read_orders",
        "read_quick_sale",
      ]),
    ).toMatchObject({
      query: [["read_orders", "read_quick_sale"]],
    });
  });

  it("GIVEN 'Also: Requires `x` scope' THEN both are needed", () => {
    expect(
      item("`read_customers` access scope. Also: Requires `read_customer_payment_methods` scope.", [
        "read_customers",
        "read_customer_payment_methods",
      ]),
    ).toMatchObject({ query: [["read_customers"], ["read_customer_payment_methods"]] });
  });

  it("GIVEN a scope for queries and two for mutations THEN mutations need both", () => {
    expect(
      item(
        "`read_markets` for queries and both `read_markets` as well as `write_markets` for mutations.",
        ["read_markets", "read_markets", "write_markets"],
      ),
    ).toEqual({
      requiredAccess: expect.any(String),
      query: [["read_markets"]],
      mutation: [["read_markets"], ["write_markets"]],
    });
  });

  it("GIVEN no scope THEN there is no rule", () => {
    expect(item("", [])).toBeNull();
  });
});

const TOML = `
[access_scopes]
# what the app asks for
scopes = "read_customers, write_customers"
`;

describe("granted scopes over HTTP", () => {
  let sim: StoreSimulator;
  let token = "";
  beforeAll(async () => {
    sim = await startStoreSimulator({
      appUrl: "http://127.0.0.1:9",
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      scopes: "read_orders", // the toml wins when both are given
      webhookSubscriptions: TOML,
      shops: [{ domain: SHOP, seed: false }],
    });
  });
  afterAll(() => sim.stop());

  it("GIVEN the toml's [access_scopes] THEN token exchange grants them and the token carries them", async () => {
    expect(sim.simulator.config.scopes).toBe("read_customers,write_customers");
    const exchanged = await exchangeToken(sim.url, sim.simulator);
    expect(exchanged.json.scope).toBe("read_customers,write_customers");
    token = exchanged.json.access_token;
    const call = (query: string) =>
      post(sim.url, graphqlPath(), { query }, { "x-shopify-access-token": token });
    const customers = await call("{ customers(first: 1) { nodes { id } } }");
    expect(customers.json.errors).toBeUndefined();
    const orders = await call("{ orders(first: 1) { nodes { id } } }");
    expect(orders.status).toBe(200);
    expect(orders.json.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });

  it("GIVEN a bulk query needing a scope the token lacks THEN the operation FAILS with ACCESS_DENIED and no data", async () => {
    const bulk = bulkClient(sim, () => token || sim.issueAccessToken(SHOP));
    const started = (await bulk.gql(RUN_QUERY, { q: "{ orders { edges { node { id } } } }" })).data
      .bulkOperationRunQuery;
    expect(started.userErrors).toEqual([]);
    expect(await bulk.finished(started.bulkOperation.id)).toMatchObject({
      status: "FAILED",
      errorCode: "ACCESS_DENIED",
      url: null,
      partialDataUrl: null,
    });
  });

  it("GIVEN a bulk mutation needing a scope the token lacks THEN it FAILS with ACCESS_DENIED before any line runs", async () => {
    const bulk = bulkClient(sim, () => token || sim.issueAccessToken(SHOP));
    const started = await bulk.runMutation(
      `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }`,
      [
        {
          input: {
            title: "x",
            code: "X1",
            startsAt: "2026-01-01T00:00:00Z",
            customerGets: { value: { percentage: 0.1 }, items: { all: true } },
            context: { all: "ALL" },
          },
        },
      ],
    );
    expect(started.userErrors).toEqual([]);
    expect(await bulk.finished(started.bulkOperation.id)).toMatchObject({
      status: "FAILED",
      errorCode: "ACCESS_DENIED",
      objectCount: "0",
      partialDataUrl: null,
    });
    expect(sim.shop(SHOP).discounts.size).toBe(0);
  });
});

describe("where the granted scopes come from", () => {
  it("GIVEN no toml THEN the scopes option, else DEFAULT_SCOPES", () => {
    expect(makeSimulator({}, { scopes: "read_orders" }).config.scopes).toBe("read_orders");
    expect(makeSimulator().config.scopes).toBe(DEFAULT_SCOPES);
  });
});
