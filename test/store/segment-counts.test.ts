import { describe, expect, it } from "vitest";
import { countSegment } from "./segment-count";
import {
  parseSegmentQuery,
  segmentDay,
  segmentPredicate,
  SegmentQueryError,
} from "./segment-query";
import { addCustomer, customerGid, gql, makeSimulator, SHOP, T0 } from "./testing";

const DAY = 86_400_000;
const COUNT = `query($q: String!) { customerSegmentMembers(query: $q, first: 1) { totalCount } }`;

describe("counts for an invitation campaign's preview", () => {
  const sim = makeSimulator();
  // 2 invitable subscribers tagged vip, 1 without email, 1 enabled, 1 declined, 1 invited
  addCustomer(sim, { email: "a@gmail.com", tags: ["VIP"], acceptsMarketing: true });
  addCustomer(sim, { email: "b@yahoo.fr", tags: ["vip", "wholesale"], acceptsMarketing: true });
  addCustomer(sim, { phone: "+46700000000", tags: ["vip"] });
  addCustomer(sim, { email: "d@gmail.com", state: "ENABLED", acceptsMarketing: true });
  addCustomer(sim, { email: "e@gmail.com", state: "DECLINED" });
  const invited = addCustomer(sim, { email: "f@gmail.com", state: "INVITED", tags: ["wholesale"] });
  const count = (q: string): number => {
    const res = gql(sim, COUNT, { q });
    if (res.errors) throw new Error(res.errors[0].message);
    return res.data.customerSegmentMembers.totalCount;
  };

  it("GIVEN the app's conditions THEN totalCount counts the matching customers", () => {
    expect(count("customer_account_status = 'DISABLED'")).toBe(3);
    expect(count("customer_account_status != 'ENABLED'")).toBe(5);
    expect(count("email_subscription_status = 'SUBSCRIBED'")).toBe(3);
    expect(count("email_subscription_status = 'NOT_SUBSCRIBED'")).toBe(3);
    expect(count("customer_tags CONTAINS 'vip'")).toBe(3);
    expect(count("customer_tags NOT CONTAINS 'vip'")).toBe(3);
    expect(count("customer_email_domain IS NULL")).toBe(1);
    expect(count("customer_email_domain IS NOT NULL")).toBe(5);
    expect(count("customer_email_domain = 'gmail.com'")).toBe(4);
    expect(count("customer_email_domain != 'gmail.com'")).toBe(1);
  });

  it("GIVEN NOT, AND, OR and parentheses THEN AND binds tighter than OR and NOT applies to what follows", () => {
    expect(
      count(
        "customer_account_status = 'DISABLED' AND customer_email_domain IS NOT NULL AND NOT customer_tags CONTAINS 'wholesale'",
      ),
    ).toBe(1);
    expect(
      count(
        "(customer_account_status = 'DISABLED' OR customer_account_status = 'DECLINED') AND customer_email_domain IS NOT NULL",
      ),
    ).toBe(3);
    expect(
      count(
        "customer_account_status = 'DECLINED' OR customer_account_status = 'DISABLED' AND customer_tags CONTAINS 'wholesale'",
      ),
    ).toBe(2);
    expect(
      count("NOT (customer_account_status = 'ENABLED' OR customer_email_domain IS NULL)"),
    ).toBe(4);
    expect(count("not customer_tags contains 'vip' and customer_account_status = 'INVITED'")).toBe(
      1,
    );
  });

  it("GIVEN a customer changes (invited) THEN the next count sees it", () => {
    const q = "customer_account_status = 'INVITED'";
    expect(count(q)).toBe(1);
    const c = addCustomer(sim, { email: "g@gmail.com" });
    gql(
      sim,
      `mutation { customerSendAccountInviteEmail(customerId: "${customerGid(c)}") { userErrors { message } } }`,
    );
    expect(count(q)).toBe(2);
    expect(invited.state).toBe("INVITED");
  });

  it("GIVEN an invalid query THEN a top-level INVALID_SEGMENT_QUERY error with Shopify's position and wording", () => {
    const res = gql(sim, COUNT, { q: "not a valid segment query ???" });
    expect(res.errors[0]).toMatchObject({
      message: "Invalid segment query: Line 1 Column 6: 'valid' is unexpected.",
      extensions: { code: "INVALID_SEGMENT_QUERY" },
    });
  });
});

describe("what the segment query language accepts and rejects", () => {
  const error = (q: string): string => {
    try {
      parseSegmentQuery(q, T0);
    } catch (e) {
      if (e instanceof SegmentQueryError) return e.message;
      throw e;
    }
    return "accepted";
  };

  it("GIVEN Shopify's recorded malformed queries THEN the same messages (syntax before unknown filters)", () => {
    expect(error("not a valid segment query ???")).toBe("Line 1 Column 6: 'valid' is unexpected.");
    expect(error("not a = 1")).toBe("Line 1 Column 4: 'a' filter cannot be found.");
  });

  it("GIVEN operators a filter does not take THEN rejected", () => {
    expect(error("customer_account_status > 'ENABLED'")).toBe(
      "Line 1 Column 24: '>' can't be used with 'customer_account_status'.",
    );
    expect(error("customer_tags = 'vip'")).toBe(
      "Line 1 Column 14: '=' can't be used with 'customer_tags'. Use CONTAINS or NOT CONTAINS.",
    );
    expect(error("number_of_orders CONTAINS '1'")).toMatch(/'CONTAINS' can't be used/);
    expect(error("customer_account_status IS NULL")).toMatch(/'IS NULL' can't be used/);
    expect(error("customer_tags IS NOT NULL")).toMatch(/'IS NOT NULL' can't be used/);
    expect(error("customer_email_domain BETWEEN 'a' AND 'b'")).toMatch(/'BETWEEN' can't be used/);
  });

  it("GIVEN values of the wrong kind THEN rejected; enum values are the API's enum values", () => {
    expect(error("customer_account_status = 'ACTIVE'")).toBe(
      "Line 1 Column 26: 'ACTIVE' is not a valid value for 'customer_account_status' ('ENABLED', 'DISABLED', 'INVITED', 'DECLINED').",
    );
    expect(error("email_subscription_status = SUBSCRIBED")).toMatch(/is not a valid value/);
    expect(error("customer_tags CONTAINS vip")).toMatch(/'vip' is not a quoted value/);
    expect(error("number_of_orders > 1.5")).toMatch(/is not a whole number/);
    expect(error("amount_spent > '10'")).toMatch(/is not a number/);
    expect(error("customer_added_date > 'last week'")).toMatch(/is not a date/);
    expect(error("number_of_orders >")).toBe("Line 1 Column 18: the query is incomplete.");
    expect(error("number_of_orders > 1 AND")).toBe("Line 1 Column 24: the query is incomplete.");
    expect(error("")).toBe("Line 1 Column 0: the query is empty.");
    for (const v of ["ENABLED", "DISABLED", "INVITED", "DECLINED"])
      expect(error(`customer_account_status = '${v}'`)).toBe("accepted");
    for (const v of [
      "SUBSCRIBED",
      "NOT_SUBSCRIBED",
      "PENDING",
      "UNSUBSCRIBED",
      "INVALID",
      "REDACTED",
    ])
      expect(error(`email_subscription_status != '${v}'`)).toBe("accepted");
  });

  it("GIVEN documented operators THEN accepted", () => {
    for (const q of [
      "amount_spent BETWEEN 1 AND 999.99",
      "number_of_orders BETWEEN 1 AND 3",
      "customer_added_date BETWEEN 2026-01-01 AND '2026-03-31'",
      "last_order_date >= 30_days_ago",
      "last_order_date IS NULL",
      "customer_added_date > -8m",
      "customer_added_date = today",
      "customer_countries CONTAINS 'SE' OR customer_countries IS NULL",
      "customer_language != 'fr'",
    ])
      expect(error(q)).toBe("accepted");
  });
});

describe("dates are whole days", () => {
  it("GIVEN offsets and named dates THEN the day they name (UTC)", () => {
    const today = Date.UTC(2026, 5, 1);
    expect(segmentDay("today", T0)).toBe(today);
    expect(segmentDay("yesterday", T0)).toBe(today - DAY);
    expect(segmentDay("-30d", T0)).toBe(today - 30 * DAY);
    expect(segmentDay("30_days_ago", T0)).toBe(today - 30 * DAY);
    expect(segmentDay("-4w", T0)).toBe(today - 28 * DAY);
    expect(segmentDay("-3m", T0)).toBe(Date.UTC(2026, 2, 1));
    expect(segmentDay("12_months_ago", T0)).toBe(Date.UTC(2025, 5, 1));
    expect(segmentDay("-1y", T0)).toBe(Date.UTC(2025, 5, 1));
    expect(segmentDay("2026-02-30", T0)).toBeNull();
  });

  it("GIVEN customers added on days around a boundary THEN =, >, >=, <, <= and BETWEEN compare days", () => {
    const sim = makeSimulator();
    const day = (d: number) => Date.UTC(2026, 4, d, 15, 30);
    for (const d of [9, 10, 11]) addCustomer(sim, { email: `d${d}@x.com`, createdAt: day(d) });
    const count = (q: string) =>
      gql(sim, COUNT, { q }).data.customerSegmentMembers.totalCount as number;
    expect(count("customer_added_date = '2026-05-10'")).toBe(1);
    expect(count("customer_added_date != 2026-05-10")).toBe(2);
    expect(count("customer_added_date > 2026-05-10")).toBe(1);
    expect(count("customer_added_date >= 2026-05-10")).toBe(2);
    expect(count("customer_added_date < 2026-05-10")).toBe(1);
    expect(count("customer_added_date <= 2026-05-10")).toBe(2);
    expect(count("customer_added_date BETWEEN 2026-05-09 AND 2026-05-10")).toBe(2);
    // T0 is 2026-06-01: -22d is 2026-05-10.
    expect(count("customer_added_date >= -22d")).toBe(2);
  });

  it("GIVEN orders THEN last_order_date reads the latest one, IS NULL the customers without", () => {
    const sim = makeSimulator();
    const buyer = addCustomer(sim, { email: "b@x.com" });
    addCustomer(sim, { email: "n@x.com" });
    sim.actions(SHOP).placeOrder({ customerId: buyer.id });
    const count = (q: string) =>
      gql(sim, COUNT, { q }).data.customerSegmentMembers.totalCount as number;
    expect(count("last_order_date IS NULL")).toBe(1);
    expect(count("last_order_date = today")).toBe(1);
    expect(count("last_order_date < today")).toBe(0);
    expect(count("number_of_orders = 1 AND last_order_date >= 7_days_ago")).toBe(1);
  });
});

describe("counting (columns) and membership (predicates) agree", () => {
  it("GIVEN a seeded shop and many queries THEN countSegment equals the customers segmentPredicate selects", () => {
    const sim = makeSimulator({ seed: { customers: 3000, seed: 11 } });
    const store = sim.shop(SHOP);
    const queries = [
      "customer_account_status = 'DISABLED'",
      "customer_account_status != 'INVITED'",
      "email_subscription_status = 'SUBSCRIBED' OR email_subscription_status = 'PENDING'",
      "customer_tags CONTAINS 'newsletter' AND NOT customer_tags CONTAINS 'VIP'",
      "customer_email_domain IS NULL OR customer_email_domain = 'gmail.com'",
      "customer_email_domain != 'gmail.com'",
      "customer_language = 'fr'",
      "customer_countries CONTAINS 'SE' OR customer_countries IS NULL",
      "number_of_orders BETWEEN 2 AND 4",
      "amount_spent > 100.5",
      "customer_added_date >= -365d AND customer_added_date < -30d",
      "customer_added_date BETWEEN 2025-01-01 AND 2025-12-31",
      "last_order_date IS NOT NULL AND last_order_date < 90_days_ago",
      "last_order_date = yesterday OR last_order_date != today",
      "NOT (customer_account_status = 'ENABLED' OR customer_account_status = 'DECLINED') AND customer_email_domain IS NOT NULL",
    ];
    for (const q of queries) {
      const expr = parseSegmentQuery(q, T0);
      const matches = segmentPredicate(expr, { now: T0, store });
      const expected = [...store.customers.values()].filter(matches).length;
      expect({ q, count: countSegment(store, expr, T0) }).toEqual({ q, count: expected });
    }
  });

  it("GIVEN a customer changes between two counts THEN the columns are rebuilt", () => {
    const sim = makeSimulator({ seed: { customers: 200, seed: 3 } });
    const store = sim.shop(SHOP);
    const expr = parseSegmentQuery("customer_tags CONTAINS 'fresh'", T0);
    expect(countSegment(store, expr, T0)).toBe(0);
    const c = [...store.customers.values()][0]!;
    gql(
      sim,
      `mutation { tagsAdd(id: "${customerGid(c)}", tags: ["fresh"]) { userErrors { message } } }`,
    );
    expect(countSegment(store, expr, T0)).toBe(1);
  });
});
