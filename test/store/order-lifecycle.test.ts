import { describe, expect, it } from "vitest";
import { handleControl } from "./control";
import type { Simulator } from "./simulator";
import { addCustomer, gql, makeSimulator, SHOP, T0, type Json } from "./testing";

const iso = (ms: number) => new Date(ms).toISOString();

const CREATE_BASIC = `mutation($d: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { code field message } }
}`;
const CREATE_SHIPPING = `mutation($d: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $d) { codeDiscountNode { id } userErrors { code field message } }
}`;
const ORDER = `query($id: ID!) { order(id: $id) {
  name discountCode discountCodes displayFinancialStatus cancelledAt cancelReason unpaid
  totalPriceSet { shopMoney { amount } }
  totalRefundedSet { shopMoney { amount currencyCode } }
  refunds(first: 5) { id createdAt note totalRefundedSet { shopMoney { amount } }
    transactions(first: 2) { nodes { kind status amountSet { shopMoney { amount } } } }
    refundLineItems(first: 5) { nodes { quantity subtotalSet { shopMoney { amount } } } } }
} }`;
const USAGE = `query($code: String!) { codeDiscountNodeByCode(code: $code) { codeDiscount {
  ... on DiscountCodeBasic { asyncUsageCount codes(first: 1) { nodes { code asyncUsageCount } } }
  ... on DiscountCodeFreeShipping { asyncUsageCount codes(first: 1) { nodes { code asyncUsageCount } } }
} } }`;

function control(sim: Simulator, method: string, path: string, body: Record<string, unknown> = {}) {
  return handleControl(sim, {
    method,
    path: `/shops/${SHOP}${path}`,
    query: new URLSearchParams(),
    body,
  });
}

const topics = (sim: Simulator, from = 0) =>
  sim.webhooks
    .events(SHOP)
    .slice(from)
    .map((e) => e.topic);
const last = (sim: Simulator, topic: string): Json =>
  sim.webhooks
    .events(SHOP)
    .filter((e) => e.topic === topic)
    .at(-1)!.payload;

/** A customer, a 15 % order code and free shipping that combine with each other. */
function setUp() {
  const sim = makeSimulator();
  const combines = { orderDiscounts: true, productDiscounts: true, shippingDiscounts: true };
  const made = [
    gql(sim, CREATE_BASIC, {
      d: {
        title: "Thanks",
        code: "THANKS-15",
        startsAt: iso(T0 - 1000),
        context: { all: "ALL" },
        customerGets: { value: { percentage: 0.15 }, items: { all: true } },
        combinesWith: combines,
        appliesOncePerCustomer: true,
      },
    }).data.discountCodeBasicCreate,
    gql(sim, CREATE_SHIPPING, {
      d: {
        title: "Ship",
        code: "SHIPFREE",
        startsAt: iso(T0 - 1000),
        context: { all: "ALL" },
        combinesWith: combines,
      },
    }).data.discountCodeFreeShippingCreate,
    gql(sim, CREATE_BASIC, {
      d: {
        title: "Alone",
        code: "ALONE",
        startsAt: iso(T0 - 1000),
        context: { all: "ALL" },
        customerGets: { value: { discountAmount: { amount: "5" } }, items: { all: true } },
      },
    }).data.discountCodeBasicCreate,
  ];
  for (const m of made) expect(m.userErrors).toEqual([]);
  const customer = addCustomer(sim, { email: "buyer@x.com", firstName: "Ana" });
  return { sim, customer };
}

describe("orders with several discount codes", () => {
  it("GIVEN two codes that combine THEN both are on the order (REST and GraphQL) and each counts a use", () => {
    const { sim, customer } = setUp();
    const o = sim.actions(SHOP).placeOrder({
      customerId: customer.id,
      discountCodes: ["thanks-15", "shipfree"],
      subtotal: 100,
      shipping: 6,
    });
    const created = last(sim, "orders/create");
    expect(created.discount_codes).toEqual([
      { code: "THANKS-15", amount: "15.00", type: "percentage" },
      { code: "SHIPFREE", amount: "6.00", type: "shipping" },
    ]);
    expect(created.total_discounts).toBe("21.00");
    expect(created.total_price).toBe("85.00");
    expect(created.financial_status).toBe("paid");
    const order = gql(sim, ORDER, { id: `gid://shopify/Order/${o.id}` }).data.order;
    expect(order).toMatchObject({
      discountCode: "THANKS-15",
      discountCodes: ["THANKS-15", "SHIPFREE"],
      displayFinancialStatus: "PAID",
    });
    for (const code of ["THANKS-15", "SHIPFREE"]) {
      expect(gql(sim, USAGE, { code }).data.codeDiscountNodeByCode.codeDiscount).toEqual({
        asyncUsageCount: 1,
        codes: { nodes: [{ code, asyncUsageCount: 1 }] },
      });
    }
  });

  it("refuses codes whose discounts do not combine, and changes nothing", () => {
    const { sim, customer } = setUp();
    expect(() =>
      sim.actions(SHOP).placeOrder({
        customerId: customer.id,
        discountCodes: ["THANKS-15", "ALONE"],
        subtotal: 50,
      }),
    ).toThrow(/can't be combined/);
    expect(sim.shop(SHOP).orders.size).toBe(0);
    expect(
      gql(sim, USAGE, { code: "THANKS-15" }).data.codeDiscountNodeByCode.codeDiscount
        .asyncUsageCount,
    ).toBe(0);
  });
});

describe("unpaid, paid, cancelled and refunded orders", () => {
  it("GIVEN an unpaid order THEN it is pending without orders/paid; markPaid sends orders/paid and orders/updated", async () => {
    const { sim, customer } = setUp();
    const placed = await control(sim, "POST", "/orders", {
      customerId: customer.id,
      subtotal: 40,
      paid: false,
    });
    expect(placed.body).toMatchObject({ financialStatus: "pending" });
    expect(topics(sim, 3)).toEqual(["customers/create", "orders/create", "customers/update"]);
    expect(last(sim, "orders/create")).toMatchObject({
      financial_status: "pending",
      total_outstanding: "45.00",
    });
    const id = encodeURIComponent((placed.body as Json).id);
    const before = sim.webhooks.events(SHOP).length;
    const paid = await control(sim, "POST", `/orders/${id}/mark-paid`);
    expect(paid.body).toMatchObject({ financialStatus: "paid" });
    expect(topics(sim, before)).toEqual(["orders/paid", "orders/updated"]);
    expect(last(sim, "orders/paid")).toMatchObject({ financial_status: "paid" });
    expect((await control(sim, "POST", `/orders/${id}/mark-paid`)).status).toBe(409);
  });

  it("cancelOrder sends orders/cancelled with cancelled_at and cancel_reason; the code stays used", async () => {
    const { sim, customer } = setUp();
    const o = sim.actions(SHOP).placeOrder({
      customerId: customer.id,
      discountCode: "THANKS-15",
      subtotal: 100,
      shipping: 0,
    });
    sim.clock.advance(60_000);
    const before = sim.webhooks.events(SHOP).length;
    const res = await control(sim, "POST", `/orders/${o.id}/cancel`, { reason: "customer" });
    expect(res.status).toBe(200);
    expect(topics(sim, before)).toEqual(["orders/cancelled", "orders/updated"]);
    const payload = last(sim, "orders/cancelled");
    expect(payload).toMatchObject({
      id: o.id,
      cancel_reason: "customer",
      cancelled_at: "2026-06-01T12:01:00+00:00",
      financial_status: "paid",
      discount_codes: [{ code: "THANKS-15", amount: "15.00", type: "percentage" }],
    });
    const order = gql(sim, ORDER, { id: `gid://shopify/Order/${o.id}` }).data.order;
    expect(order).toMatchObject({ cancelledAt: "2026-06-01T12:01:00Z", cancelReason: "CUSTOMER" });
    // Usage is not given back by a cancellation (see actions.ts cancelOrder).
    expect(
      gql(sim, USAGE, { code: "THANKS-15" }).data.codeDiscountNodeByCode.codeDiscount
        .asyncUsageCount,
    ).toBe(1);
    expect(() =>
      sim.actions(SHOP).placeOrder({ customerId: customer.id, discountCode: "THANKS-15" }),
    ).toThrow(/already used/);
    expect((await control(sim, "POST", `/orders/${o.id}/cancel`, {})).status).toBe(409);
    expect((await control(sim, "POST", `/orders/1/cancel`, {})).status).toBe(404);
    expect((await control(sim, "POST", `/orders/${o.id}/cancel`, { reason: "bored" })).status).toBe(
      400,
    );
  });

  it("an unpaid order cancelled is voided; a cancellation with refund sends refunds/create first", async () => {
    const { sim, customer } = setUp();
    const unpaid = sim.actions(SHOP).placeOrder({ customerId: customer.id, paid: false });
    sim.actions(SHOP).cancelOrder(unpaid.id, { reason: "DECLINED" });
    expect(last(sim, "orders/cancelled")).toMatchObject({
      financial_status: "voided",
      cancel_reason: "declined",
    });
    const paid = sim
      .actions(SHOP)
      .placeOrder({ customerId: customer.id, subtotal: 20, shipping: 0 });
    const before = sim.webhooks.events(SHOP).length;
    await control(sim, "POST", `/orders/${paid.id}/cancel`, { reason: "INVENTORY", refund: true });
    expect(topics(sim, before)).toEqual(["refunds/create", "orders/cancelled", "orders/updated"]);
    expect(last(sim, "orders/cancelled").financial_status).toBe("refunded");
  });

  it("refundOrder: partial then the rest, refunds/create as documented, GraphQL totals and refunds", async () => {
    const { sim, customer } = setUp();
    const o = sim.actions(SHOP).placeOrder({ customerId: customer.id, subtotal: 50, shipping: 10 });
    sim.clock.advance(5_000);
    const before = sim.webhooks.events(SHOP).length;
    const partial = await control(sim, "POST", `/orders/${o.id}/refund`, {
      amount: 25,
      note: "Damaged",
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      refund: { amount: "25.00" },
      order: { financialStatus: "partially_refunded", refunded: "25.00", refundable: "35.00" },
    });
    expect(topics(sim, before)).toEqual(["refunds/create", "orders/updated"]);
    const refund = last(sim, "refunds/create");
    expect(refund).toMatchObject({
      order_id: o.id,
      created_at: "2026-06-01T12:00:05+00:00",
      note: "Damaged",
      refund_line_items: [],
      transactions: [
        { kind: "refund", status: "success", amount: "25.00", currency: "EUR", order_id: o.id },
      ],
    });
    expect(typeof refund.id).toBe("number");
    expect(refund.admin_graphql_api_id).toBe(`gid://shopify/Refund/${refund.id}`);

    const tooMuch = await control(sim, "POST", `/orders/${o.id}/refund`, { amount: 50 });
    expect(tooMuch.status).toBe(422);
    const rest = await control(sim, "POST", `/orders/${o.id}/refund`, {});
    expect(rest.body).toMatchObject({
      refund: { amount: "35.00" },
      order: { financialStatus: "refunded", refundable: "0.00" },
    });
    expect((await control(sim, "POST", `/orders/${o.id}/refund`, {})).status).toBe(422);

    const order = gql(sim, ORDER, { id: `gid://shopify/Order/${o.id}` }).data.order;
    expect(order.displayFinancialStatus).toBe("REFUNDED");
    expect(order.totalRefundedSet.shopMoney).toEqual({ amount: "60.0", currencyCode: "EUR" });
    expect(
      order.refunds.map((r: Json) => [
        r.note,
        r.totalRefundedSet.shopMoney.amount,
        r.transactions.nodes[0],
      ]),
    ).toEqual([
      [
        "Damaged",
        "25.0",
        { kind: "REFUND", status: "SUCCESS", amountSet: { shopMoney: { amount: "25.0" } } },
      ],
      [
        null,
        "35.0",
        { kind: "REFUND", status: "SUCCESS", amountSet: { shopMoney: { amount: "35.0" } } },
      ],
    ]);
  });

  it("a full refund at once gives every line back (refund_line_items)", () => {
    const { sim, customer } = setUp();
    const o = sim.actions(SHOP).placeOrder({
      customerId: customer.id,
      lineItems: [{ title: "Mug", price: 12, quantity: 2 }],
      shipping: 0,
    });
    sim.actions(SHOP).refundOrder(o.id);
    const payload = last(sim, "refunds/create");
    expect(payload.refund_line_items).toMatchObject([
      { quantity: 2, subtotal: 24, line_item: { title: "Mug", quantity: 2 } },
    ]);
    expect(payload.transactions[0].amount).toBe("24.00");
    const order = gql(sim, ORDER, { id: `gid://shopify/Order/${o.id}` }).data.order;
    expect(order.refunds[0].refundLineItems.nodes).toEqual([
      { quantity: 2, subtotalSet: { shopMoney: { amount: "24.0" } } },
    ]);
  });

  it("lists recent orders for the controls, newest first, with status and codes", async () => {
    const { sim, customer } = setUp();
    sim.actions(SHOP).placeOrder({ customerId: customer.id, discountCode: "SHIPFREE" });
    sim.actions(SHOP).placeOrder({ customerId: customer.id, paid: false });
    const list = (await control(sim, "GET", "/orders")).body as Json[];
    expect(list.map((o) => [o.name, o.financialStatus, o.discountCodes])).toEqual([
      ["#1002", "pending", []],
      ["#1001", "paid", ["SHIPFREE"]],
    ]);
    const filtered = gql(
      sim,
      `{ orders(first: 5, query: "financial_status:pending") { nodes { name } } }`,
    ).data.orders.nodes;
    expect(filtered).toEqual([{ name: "#1002" }]);
  });
});
