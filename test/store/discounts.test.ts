import { describe, expect, it } from "vitest";
import { addCustomer, gql, makeSimulator, SHOP, T0 } from "./testing";

const CREATE_BASIC = `mutation($d: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { __typename ... on DiscountCodeBasic { title status startsAt endsAt asyncUsageCount usageLimit appliesOncePerCustomer codes(first: 5) { nodes { code } } customerGets { value { ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount } } } } } } }
    userErrors { code field message }
  }
}`;
const CREATE_SHIPPING = `mutation($d: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { __typename ... on DiscountCodeFreeShipping { title status codes(first: 1) { nodes { code } } } } }
    userErrors { code field message }
  }
}`;
const BY_CODE = `query($code: String!) { codeDiscountNodeByCode(code: $code) { id codeDiscount { ... on DiscountCodeBasic { title status asyncUsageCount } ... on DiscountCodeFreeShipping { title status asyncUsageCount } } } }`;

const iso = (ms: number) => new Date(ms).toISOString();
const basic = (over: Record<string, unknown> = {}) => ({
  title: "Thanks",
  code: "THANKS-1",
  startsAt: iso(T0 - 1000),
  context: { all: "ALL" },
  customerGets: { value: { percentage: 0.15 }, items: { all: true } },
  appliesOncePerCustomer: true,
  usageLimit: 1,
  ...over,
});

describe("discount code creation", () => {
  it("creates a basic percentage discount, ACTIVE from its dates", () => {
    const sim = makeSimulator();
    const res = gql(sim, CREATE_BASIC, { d: basic() }).data.discountCodeBasicCreate;
    expect(res.userErrors).toEqual([]);
    expect(res.codeDiscountNode.codeDiscount).toMatchObject({
      __typename: "DiscountCodeBasic",
      title: "Thanks",
      status: "ACTIVE",
      endsAt: null,
      asyncUsageCount: 0,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      codes: { nodes: [{ code: "THANKS-1" }] },
      customerGets: { value: { percentage: 0.15 } },
    });
    expect(sim.webhooks.events(SHOP).map((e) => e.topic)).toEqual(["discounts/create"]);
  });

  it("creates free shipping and fixed amount discounts; SCHEDULED when starting later", () => {
    const sim = makeSimulator();
    const ship = gql(sim, CREATE_SHIPPING, {
      d: {
        title: "Ship",
        code: "SHIPFREE",
        startsAt: iso(T0 + 86_400_000),
        context: { all: "ALL" },
      },
    }).data;
    expect(ship.discountCodeFreeShippingCreate.codeDiscountNode.codeDiscount).toMatchObject({
      __typename: "DiscountCodeFreeShipping",
      status: "SCHEDULED",
    });
    const fixed = gql(sim, CREATE_BASIC, {
      d: basic({
        code: "TEN",
        customerGets: { value: { discountAmount: { amount: "10.00" } }, items: { all: true } },
      }),
    }).data;
    expect(fixed.discountCodeBasicCreate.codeDiscountNode.codeDiscount.customerGets.value).toEqual({
      amount: { amount: "10.0" },
    });
  });

  it("codes are unique shop-wide, case-insensitively: TAKEN", () => {
    const sim = makeSimulator();
    gql(sim, CREATE_BASIC, { d: basic({ code: "Summer" }) });
    const dup = gql(sim, CREATE_SHIPPING, {
      d: { title: "x", code: "SUMMER", startsAt: iso(T0), context: { all: "ALL" } },
    }).data.discountCodeFreeShippingCreate;
    expect(dup).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          code: "TAKEN",
          field: ["freeShippingCodeDiscount", "code"],
          message: "Code must be unique. Please try a different code.",
        },
      ],
    });
    expect(
      gql(sim, CREATE_BASIC, { d: basic({ code: "summer" }) }).data.discountCodeBasicCreate
        .userErrors[0],
    ).toMatchObject({
      code: "TAKEN",
      field: ["basicCodeDiscount", "code"],
    });
  });

  it("validates dates, blanks and the deprecated customerSelection beside context", () => {
    const sim = makeSimulator();
    const errors = (d: Record<string, unknown>) =>
      gql(sim, CREATE_BASIC, { d }).data.discountCodeBasicCreate.userErrors.map(
        (e: { code: string }) => e.code,
      );
    expect(errors(basic({ endsAt: iso(T0 - 5000) }))).toEqual(["END_DATE_BEFORE_START_DATE"]);
    expect(errors(basic({ code: "  " }))).toEqual(["BLANK"]);
    expect(errors(basic({ customerSelection: { all: true } }))).toEqual(["INVALID"]);
    expect(
      errors(basic({ customerGets: { value: { percentage: 1.5 }, items: { all: true } } })),
    ).toEqual(["VALUE_OUTSIDE_RANGE"]);
    const { context: _c, ...noContext } = basic();
    expect(errors({ ...noContext, customerSelection: { all: true } })).toEqual([]);
    expect(sim.shop(SHOP).discounts.size).toBe(1);
  });

  it("limits context to existing customers", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "one@x.com" });
    const ok = gql(sim, CREATE_BASIC, {
      d: basic({ context: { customers: { add: [`gid://shopify/Customer/${c.id}`] } } }),
    }).data.discountCodeBasicCreate;
    expect(ok.userErrors).toEqual([]);
    const bad = gql(sim, CREATE_BASIC, {
      d: basic({ code: "OTHER", context: { customers: { add: ["gid://shopify/Customer/1"] } } }),
    }).data.discountCodeBasicCreate;
    expect(bad.userErrors[0].code).toBe("INVALID");
  });
});

describe("discount lookups and lifecycle", () => {
  it("codeDiscountNodeByCode is case-insensitive and reflects usage from orders", () => {
    const sim = makeSimulator();
    gql(sim, CREATE_BASIC, { d: basic({ code: "Post-Buy-7", usageLimit: 5 }) });
    const c = addCustomer(sim, { email: "buyer@x.com" });
    sim
      .actions(SHOP)
      .placeOrder({ customerId: c.id, discountCode: "post-buy-7", subtotal: 100, shipping: 0 });
    const found = gql(sim, BY_CODE, { code: "POST-BUY-7" }).data.codeDiscountNodeByCode;
    expect(found.codeDiscount).toEqual({ title: "Thanks", status: "ACTIVE", asyncUsageCount: 1 });
    expect(gql(sim, BY_CODE, { code: "nope" }).data.codeDiscountNodeByCode).toBeNull();
    // appliesOncePerCustomer: the same customer can't use it twice.
    expect(() =>
      sim.actions(SHOP).placeOrder({ customerId: c.id, discountCode: "POST-BUY-7" }),
    ).toThrow(/already used/);
    const orders = gql(
      sim,
      `{ orders(first: 5, query: "discount_code:POST-BUY-7") { nodes { name discountCodes totalPriceSet { shopMoney { amount } } } } }`,
    ).data.orders.nodes;
    expect(orders).toEqual([
      {
        name: "#1001",
        discountCodes: ["Post-Buy-7"],
        totalPriceSet: { shopMoney: { amount: "85.0" } },
      },
    ]);
  });

  it("deactivate expires now, activate brings it back, delete removes it and sends discounts/delete", () => {
    const sim = makeSimulator();
    const id = gql(sim, CREATE_BASIC, { d: basic() }).data.discountCodeBasicCreate.codeDiscountNode
      .id;
    const node = `codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } } userErrors { code }`;
    expect(
      gql(sim, `mutation($id: ID!) { discountCodeDeactivate(id: $id) { ${node} } }`, { id }).data
        .discountCodeDeactivate.codeDiscountNode.codeDiscount.status,
    ).toBe("EXPIRED");
    expect(
      gql(sim, `mutation($id: ID!) { discountCodeActivate(id: $id) { ${node} } }`, { id }).data
        .discountCodeActivate.codeDiscountNode.codeDiscount.status,
    ).toBe("ACTIVE");
    expect(
      gql(
        sim,
        `mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { code } } }`,
        { id },
      ).data.discountCodeDelete,
    ).toEqual({ deletedCodeDiscountId: id, userErrors: [] });
    expect(gql(sim, BY_CODE, { code: "THANKS-1" }).data.codeDiscountNodeByCode).toBeNull();
    expect(
      gql(
        sim,
        `mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { code } } }`,
        { id },
      ).data.discountCodeDelete.userErrors,
    ).toEqual([{ code: "INVALID" }]);
    expect(sim.webhooks.events(SHOP).map((e) => e.topic)).toEqual([
      "discounts/create",
      "discounts/update",
      "discounts/update",
      "discounts/delete",
    ]);
  });

  it("status follows the clock, and the expire action sends discounts/update with EXPIRED", () => {
    const sim = makeSimulator();
    const id = gql(sim, CREATE_BASIC, { d: basic({ endsAt: iso(T0 + 3_600_000) }) }).data
      .discountCodeBasicCreate.codeDiscountNode.id;
    sim.clock.advance(2 * 3_600_000);
    expect(
      gql(sim, BY_CODE, { code: "thanks-1" }).data.codeDiscountNodeByCode.codeDiscount.status,
    ).toBe("EXPIRED");
    sim.actions(SHOP).expireDiscount(id);
    const event = sim.webhooks.events(SHOP).at(-1)!;
    expect(event.topic).toBe("discounts/update");
    expect(event.payload).toMatchObject({ admin_graphql_api_id: id, status: "EXPIRED" });
  });
});
