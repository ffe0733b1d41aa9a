import { describe, expect, it } from "vitest";
import { parseSegmentQuery, segmentPredicate, SegmentQueryError } from "./segment-query";
import { addCustomer, gql, makeSimulator, SHOP, T0 } from "./testing";

describe("segment query subset", () => {
  const sim = makeSimulator();
  const vip = addCustomer(sim, {
    email: "vip@gmail.com",
    tags: ["VIP"],
    acceptsMarketing: true,
    numberOfOrders: 3,
    amountSpentCents: 30000,
    address: { countryCode: "SE" },
  });
  const plain = addCustomer(sim, {
    email: "plain@yahoo.fr",
    state: "ENABLED",
    numberOfOrders: 0,
    createdAt: T0 - 90 * 86_400_000,
  });
  const match = (q: string) =>
    [vip, plain].filter(segmentPredicate(parseSegmentQuery(q, T0), T0)).map((c) => c.email);

  it("supports the filters Patron's audiences use", () => {
    expect(match("customer_tags CONTAINS 'vip'")).toEqual(["vip@gmail.com"]);
    expect(match("customer_tags NOT CONTAINS 'VIP'")).toEqual(["plain@yahoo.fr"]);
    expect(match("email_subscription_status = 'SUBSCRIBED'")).toEqual(["vip@gmail.com"]);
    expect(match("email_subscription_status != 'SUBSCRIBED'")).toEqual(["plain@yahoo.fr"]);
    expect(match("number_of_orders = 0")).toEqual(["plain@yahoo.fr"]);
    expect(match("number_of_orders > 2")).toEqual(["vip@gmail.com"]);
    expect(match("amount_spent >= 300")).toEqual(["vip@gmail.com"]);
    expect(match("customer_account_status = 'ENABLED'")).toEqual(["plain@yahoo.fr"]);
    expect(match("customer_email_domain = 'gmail.com'")).toEqual(["vip@gmail.com"]);
    expect(match("customer_countries CONTAINS 'SE'")).toEqual(["vip@gmail.com"]);
    expect(match("customer_added_date < -30d")).toEqual(["plain@yahoo.fr"]);
  });

  it("combines with AND, OR, NOT and parentheses", () => {
    expect(match("number_of_orders = 0 OR customer_tags CONTAINS 'vip'")).toEqual([
      "vip@gmail.com",
      "plain@yahoo.fr",
    ]);
    expect(
      match("NOT (number_of_orders = 0) AND email_subscription_status = 'SUBSCRIBED'"),
    ).toEqual(["vip@gmail.com"]);
  });

  it("rejects unknown filters and malformed queries with a position", () => {
    expect(() => parseSegmentQuery("favourite_colour = 'red'", T0)).toThrow(
      new SegmentQueryError("Line 1 Column 0: 'favourite_colour' filter cannot be found."),
    );
    expect(() => parseSegmentQuery("number_of_orders = 'x'", T0)).toThrow(SegmentQueryError);
    expect(() => parseSegmentQuery("customer_tags = 'x'", T0)).toThrow(/CONTAINS/);
    expect(() => parseSegmentQuery("(number_of_orders = 1", T0)).toThrow(
      new SegmentQueryError("Line 1 Column 21: the query is incomplete."),
    );
  });
});

describe("segments over GraphQL", () => {
  const sim = makeSimulator();
  const members = Array.from({ length: 5 }, (_, i) =>
    addCustomer(sim, { email: `m${i}@x.com`, tags: i < 3 ? ["VIP"] : [] }),
  );
  const store = sim.shop(SHOP);
  const id = store.nextId("segment");
  store.segments.set(id, {
    __typename: "Segment",
    id,
    name: "VIP customers",
    query: "customer_tags CONTAINS 'VIP'",
    creationDate: T0,
    lastEditDate: T0,
  });

  it("lists and reads segments", () => {
    const list = gql(sim, `{ segments(first: 5, query: "vip") { nodes { id name query } } }`).data
      .segments.nodes;
    expect(list).toEqual([
      {
        id: `gid://shopify/Segment/${id}`,
        name: "VIP customers",
        query: "customer_tags CONTAINS 'VIP'",
      },
    ]);
    expect(
      gql(sim, `{ segment(id: "gid://shopify/Segment/${id}") { name creationDate } }`).data.segment,
    ).toEqual({
      name: "VIP customers",
      creationDate: new Date(T0).toISOString().replace(".000", ""),
    });
  });

  it("pages through members of a segment or of an ad-hoc query", () => {
    const q = `query($id: ID, $q: String, $after: String) { customerSegmentMembers(segmentId: $id, query: $q, first: 2, after: $after) {
      totalCount edges { cursor node { id defaultEmailAddress { emailAddress } numberOfOrders } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = gql(sim, q, { id: `gid://shopify/Segment/${id}` }).data.customerSegmentMembers;
    expect(p1.totalCount).toBe(3);
    expect(p1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      members.slice(0, 2).map((m) => `gid://shopify/CustomerSegmentMember/${m.id}`),
    );
    expect(p1.edges[0].node.defaultEmailAddress.emailAddress).toBe("m0@x.com");
    const p2 = gql(sim, q, { id: `gid://shopify/Segment/${id}`, after: p1.pageInfo.endCursor }).data
      .customerSegmentMembers;
    expect(p2.edges).toHaveLength(1);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const adhoc = gql(sim, q, { q: "customer_tags NOT CONTAINS 'VIP'" }).data
      .customerSegmentMembers;
    expect(adhoc.totalCount).toBe(2);
  });

  it("allows pages of up to 1000 and reports invalid queries", () => {
    expect(
      gql(
        sim,
        `{ customerSegmentMembers(query: "number_of_orders = 0", first: 1000) { totalCount } }`,
      ).data.customerSegmentMembers.totalCount,
    ).toBe(5);
    expect(
      gql(
        sim,
        `{ customerSegmentMembers(query: "number_of_orders = 0", first: 1001) { totalCount } }`,
      ).errors[0].message,
    ).toMatch(/maximum page size is 1000/);
    expect(
      gql(sim, `{ customerSegmentMembers(query: "nope = 1", first: 5) { totalCount } }`).errors[0]
        .message,
    ).toMatch(/'nope' filter cannot be found/);
  });
});
