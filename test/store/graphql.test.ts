import { describe, expect, it } from "vitest";
import { handleGraphQL } from "./graphql";
import { DEFAULT_SCOPES } from "./simulator";
import { addCustomer, customerGid, gql, makeSimulator, SHOP, type Json } from "./testing";

describe("request errors in Shopify's shape", () => {
  const sim = makeSimulator();

  it("parse errors: message with position, no data", () => {
    const res = gql(sim, "{ customers(first: 1 ");
    expect(res).toEqual({
      errors: [
        {
          message: "Parse error on <EOF> at [1, 22]",
          locations: [{ line: 1, column: 22 }],
          extensions: { code: "GRAPHQL_PARSE_FAILED" },
        },
      ],
    });
  });

  it("validation errors use graphql-ruby's messages and codes", () => {
    expect(gql(sim, "{ shop { nope } }").errors[0]).toEqual({
      message: "Field 'nope' doesn't exist on type 'Shop'",
      locations: [{ line: 1, column: 10 }],
      extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nope" },
    });
    expect(gql(sim, "{ customer { id } }").errors[0]).toMatchObject({
      message: "Field 'customer' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments" },
    });
    expect(gql(sim, `{ customer(id: "x", foo: 1) { id } }`).errors[0]).toMatchObject({
      message: "Field 'customer' doesn't accept argument 'foo'",
    });
    expect(gql(sim, "{ shop }").errors[0].extensions.code).toBe("selectionMismatch");
  });

  it("variable errors name the variable and type", () => {
    const res = gql(sim, "query($id: ID!) { customer(id: $id) { id } }", {});
    expect(res.errors[0]).toMatchObject({
      message: "Variable $id of type ID! was provided invalid value",
      extensions: { value: null, problems: [{ path: [] }] },
    });
    expect(res.data).toBeUndefined();
  });

  it("malformed global ids are coercion errors; well-formed unknown ids are null", () => {
    expect(gql(sim, `{ customer(id: "42") { id } }`).errors[0]).toMatchObject({
      message: "Invalid global id '42'",
      path: ["customer"],
    });
    expect(gql(sim, `{ customer(id: "gid://shopify/Customer/42") { id } }`).data).toEqual({
      customer: null,
    });
    expect(gql(sim, `{ customer(id: "gid://shopify/Order/42") { id } }`).data).toEqual({
      customer: null,
    });
  });

  it("a field the simulator does not resolve is an error naming it, not a silent null", () => {
    const c = addCustomer(sim, { email: "x@x.com" });
    const res = gql(
      sim,
      "query($id: ID!) { customer(id: $id) { id statistics { predictedSpendTier } } }",
      { id: customerGid(c) },
    );
    expect(res.errors[0]).toMatchObject({
      message: expect.stringContaining("'Customer.statistics' is not implemented"),
      extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" },
      path: ["customer", "statistics"],
    });
  });

  it("picks operations by name", () => {
    const query = "query A { shop { name } } query B { shop { currencyCode } }";
    const { store, bucket } = sim.runtime(SHOP);
    const run = (operationName?: string) =>
      handleGraphQL(sim.env, store, bucket, { query, operationName }).body as Json;
    expect(run().errors[0].message).toBe("An operation name is required");
    expect(run("B").data).toEqual({ shop: { currencyCode: "EUR" } });
    expect(run("C").errors[0].message).toBe('No operation named "C"');
  });

  it("answers 400 when the body has no query", () => {
    const { store, bucket } = sim.runtime(SHOP);
    expect(handleGraphQL(sim.env, store, bucket, { variables: {} })).toEqual({
      status: 400,
      body: { errors: { query: "Required parameter missing or invalid" } },
    });
  });

  it("reports ignored search filters in extensions.search", () => {
    const res = gql(sim, `{ customers(first: 1, query: "created_at:>2020") { nodes { id } } }`);
    expect(res.extensions.search).toEqual([
      {
        path: ["customers"],
        query: "created_at:>2020",
        warnings: [{ field: "created_at", message: "Invalid search field for this query." }],
      },
    ]);
  });
});

describe("customer fields", () => {
  it("formats scalars like Shopify: UnsignedInt64 as strings, money as decimals, dates without ms", () => {
    const sim = makeSimulator({ currencyCode: "SEK" });
    const c = addCustomer(sim, {
      firstName: "Åsa",
      lastName: "Lind",
      email: "asa@x.se",
      phone: "+46701234567",
      tags: ["VIP"],
      state: "INVITED",
      acceptsMarketing: true,
      locale: "sv",
      address: {
        address1: "Storgatan 1",
        city: "Stockholm",
        province: "Stockholms län",
        provinceCode: "AB",
        country: "Sweden",
        countryCode: "SE",
        zip: "111 22",
      },
    });
    sim.actions(SHOP).placeOrder({ customerId: c.id, subtotal: 100.5, shipping: 0 });
    const res = gql(
      sim,
      `query($id: ID!) { customer(id: $id) {
      id legacyResourceId firstName lastName displayName email defaultEmailAddress { emailAddress marketingState } verifiedEmail state tags locale
      numberOfOrders amountSpent { amount currencyCode } canDelete createdAt dataSaleOptOut
      defaultAddress { address1 city province provinceCode country countryCodeV2 zip }
      addressesV2(first: 5) { nodes { city } } addresses(first: 1) { zip }
      emailMarketingConsent { marketingState } lastOrder { name } orders(first: 5) { nodes { name } }
    } }`,
      { id: customerGid(c) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.customer).toEqual({
      id: customerGid(c),
      legacyResourceId: String(c.id),
      firstName: "Åsa",
      lastName: "Lind",
      displayName: "Åsa Lind",
      email: "asa@x.se",
      defaultEmailAddress: { emailAddress: "asa@x.se", marketingState: "SUBSCRIBED" },
      verifiedEmail: true,
      state: "INVITED",
      tags: ["VIP"],
      locale: "sv",
      numberOfOrders: "1",
      amountSpent: { amount: "100.5", currencyCode: "SEK" },
      canDelete: false,
      createdAt: "2026-06-01T12:00:00Z",
      dataSaleOptOut: false,
      defaultAddress: {
        address1: "Storgatan 1",
        city: "Stockholm",
        province: "Stockholms län",
        provinceCode: "AB",
        country: "Sweden",
        countryCodeV2: "SE",
        zip: "111 22",
      },
      addressesV2: { nodes: [{ city: "Stockholm" }] },
      addresses: [{ zip: "111 22" }],
      emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      lastOrder: { name: "#1001" },
      orders: { nodes: [{ name: "#1001" }] },
    });
  });

  it("node and nodes resolve customers, orders and discounts", () => {
    const sim = makeSimulator();
    const a = addCustomer(sim, { email: "a@x.com" });
    const order = sim.actions(SHOP).placeOrder({ customerId: a.id });
    const res = gql(
      sim,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Customer { email } ... on Order { name } } }`,
      {
        ids: [customerGid(a), `gid://shopify/Order/${order.id}`, "gid://shopify/Customer/1"],
      },
    );
    expect(res.data.nodes).toEqual([
      { __typename: "Customer", id: customerGid(a), email: "a@x.com" },
      { __typename: "Order", id: `gid://shopify/Order/${order.id}`, name: "#1001" },
      null,
    ]);
  });

  it("nodes takes at most 250 ids", () => {
    const sim = makeSimulator();
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `gid://shopify/Customer/${i + 1}`);
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    expect(gql(sim, query, { ids: ids(250) }).data.nodes).toHaveLength(250);
    expect(gql(sim, query, { ids: ids(251) }).errors[0]).toMatchObject({
      message: "The input array size of 251 is greater than the maximum allowed of 250.",
      extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
    });
  });

  it("orders older than 60 days are hidden without read_all_orders", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "old@x.com" });
    const old = sim.actions(SHOP).placeOrder({ customerId: c.id });
    sim.clock.advance(61 * 86_400_000);
    const recent = sim.actions(SHOP).placeOrder({ customerId: c.id });
    const names = gql(sim, "{ orders(first: 10) { nodes { name } } }").data.orders.nodes.map(
      (o: { name: string }) => o.name,
    );
    expect(names).toEqual([recent.name]);
    expect(gql(sim, `{ order(id: "gid://shopify/Order/${old.id}") { id } }`).data.order).toBeNull();
    const all = makeSimulator({}, { scopes: "read_customers,read_orders,read_all_orders" });
    const c2 = addCustomer(all, { email: "o@x.com" });
    all.actions(SHOP).placeOrder({ customerId: c2.id });
    all.clock.advance(61 * 86_400_000);
    expect(gql(all, "{ orders(first: 10) { nodes { name } } }").data.orders.nodes).toHaveLength(1);
  });
});

describe("metafields", () => {
  const SET = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key type value owner { ... on Customer { id } } } userErrors { code field message elementIndex } } }`;

  it("sets and reads metafields on customers and orders ($app namespace by default)", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "m@x.com" });
    const o = sim.actions(SHOP).placeOrder({ customerId: c.id });
    const res = gql(sim, SET, {
      m: [
        {
          ownerId: customerGid(c),
          key: "reward_code",
          type: "single_line_text_field",
          value: "THANKS-ABC",
        },
        {
          ownerId: `gid://shopify/Order/${o.id}`,
          namespace: "patron",
          key: "offer",
          type: "json",
          value: '{"code":"X"}',
        },
      ],
    }).data.metafieldsSet;
    expect(res.userErrors).toEqual([]);
    expect(res.metafields[0]).toMatchObject({
      namespace: "app--1234567",
      key: "reward_code",
      value: "THANKS-ABC",
      owner: { id: customerGid(c) },
    });
    const read = gql(
      sim,
      `query($c: ID!, $o: ID!) { customer(id: $c) { metafield(key: "reward_code") { value } } order(id: $o) { metafield(namespace: "patron", key: "offer") { jsonValue } } }`,
      {
        c: customerGid(c),
        o: `gid://shopify/Order/${o.id}`,
      },
    );
    expect(read.data).toEqual({
      customer: { metafield: { value: "THANKS-ABC" } },
      order: { metafield: { jsonValue: { code: "X" } } },
    });
  });

  it("is atomic and reports errors with codes and element indexes", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "m@x.com" });
    const res = gql(sim, SET, {
      m: [
        { ownerId: customerGid(c), key: "ok", type: "number_integer", value: "12" },
        { ownerId: customerGid(c), key: "bad", type: "number_integer", value: "twelve" },
        { ownerId: "gid://shopify/Customer/1", key: "gone", type: "boolean", value: "true" },
      ],
    }).data.metafieldsSet;
    expect(res.metafields).toBeNull();
    expect(res.userErrors).toEqual([
      {
        code: "INVALID_VALUE",
        field: ["metafields", "1", "value"],
        message: expect.any(String),
        elementIndex: 1,
      },
      {
        code: "INVALID",
        field: ["metafields", "2", "ownerId"],
        message: "Owner does not exist.",
        elementIndex: 2,
      },
    ]);
    expect(sim.shop(SHOP).metafieldsOf(customerGid(c))).toEqual([]);
    const tooMany = gql(sim, SET, {
      m: Array.from({ length: 26 }, (_, i) => ({
        ownerId: customerGid(c),
        key: `k${i}`,
        type: "boolean",
        value: "true",
      })),
    });
    expect(tooMany.data.metafieldsSet.userErrors[0].code).toBe("LESS_THAN_OR_EQUAL_TO");
  });
});

describe("shop and subscription fields", () => {
  it("lists customer tags, reads shop metafields and subscription contracts", () => {
    // SubscriptionContract needs read_own_subscription_contracts (scopes.test.ts).
    const sim = makeSimulator({}, { scopes: `${DEFAULT_SCOPES},read_own_subscription_contracts` });
    const c = addCustomer(sim, { email: "s@x.com", tags: ["b", "A"], hasActiveSubscription: true });
    addCustomer(sim, { email: "t@x.com", tags: ["a", "C"] });
    gql(
      sim,
      `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
      {
        m: [
          {
            ownerId: `gid://shopify/Shop/${sim.shop(SHOP).settings.id}`,
            namespace: "patron",
            key: "mode",
            type: "single_line_text_field",
            value: "on",
          },
        ],
      },
    );
    const res = gql(
      sim,
      `query($id: ID!) {
      shop { customerTags(first: 10) { nodes } metafield(namespace: "patron", key: "mode") { value } }
      customer(id: $id) { productSubscriberStatus subscriptionContracts(first: 5) { nodes { status } } }
    }`,
      { id: customerGid(c) },
    );
    expect(res.data).toEqual({
      shop: { customerTags: { nodes: ["A", "b", "C"] }, metafield: { value: "on" } },
      customer: {
        productSubscriberStatus: "ACTIVE",
        subscriptionContracts: { nodes: [{ status: "ACTIVE" }] },
      },
    });
  });

  it("cancels a pending data erasure", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "e@x.com", pendingDataErasure: true });
    const q =
      "mutation($id: ID!) { customerCancelDataErasure(customerId: $id) { customerId userErrors { code } } }";
    expect(gql(sim, q, { id: customerGid(c) }).data.customerCancelDataErasure).toEqual({
      customerId: customerGid(c),
      userErrors: [],
    });
    expect(gql(sim, q, { id: customerGid(c) }).data.customerCancelDataErasure.userErrors).toEqual([
      { code: "NOT_BEING_ERASED" },
    ]);
  });
});
