import { describe, expect, it } from "vitest";
import { addCustomer, customerGid, gql, makeSimulator, SHOP } from "./testing";

const INVITE = `mutation($id: ID!, $email: EmailInput) {
  customerSendAccountInviteEmail(customerId: $id, email: $email) { customer { id state } userErrors { code field message } }
}`;
const DELETE = `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { field message } } }`;
const TAGS_ADD = `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { ... on Customer { tags } } userErrors { field message } } }`;
const TAGS_REMOVE = `mutation($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { ... on Customer { tags } } userErrors { field message } } }`;

describe("customerDelete eligibility", () => {
  const sim = makeSimulator();
  const del = (c: { id: number }) => gql(sim, DELETE, { id: customerGid(c) }).data.customerDelete;

  it("deletes a customer without orders and returns deletedCustomerId", () => {
    const c = addCustomer(sim, { email: "free@x.com" });
    expect(del(c)).toEqual({ deletedCustomerId: customerGid(c), userErrors: [] });
    expect(sim.shop(SHOP).customers.has(c.id)).toBe(false);
    expect(
      gql(sim, "query($id: ID!) { customer(id: $id) { id } }", { id: customerGid(c) }).data
        .customer,
    ).toBeNull();
  });

  it("refuses customers with orders (canDelete false), with a plain user error and no code", () => {
    const c = addCustomer(sim, { email: "buyer@x.com" });
    sim.actions(SHOP).placeOrder({ customerId: c.id });
    const read = gql(sim, "query($id: ID!) { customer(id: $id) { canDelete numberOfOrders } }", {
      id: customerGid(c),
    });
    expect(read.data.customer).toEqual({ canDelete: false, numberOfOrders: "1" });
    expect(del(c)).toEqual({
      deletedCustomerId: null,
      userErrors: [
        { field: ["id"], message: "Customer can’t be deleted because they have associated orders" },
      ],
    });
  });

  it("refuses customers with an active subscription or a pending data erasure", () => {
    const subscribed = addCustomer(sim, { email: "sub@x.com", hasActiveSubscription: true });
    expect(del(subscribed).userErrors[0].message).toBe(
      "Customer cannot be deleted because of existing subscription contracts",
    );
    const erasing = addCustomer(sim, { email: "erase@x.com" });
    const req = gql(
      sim,
      "mutation($id: ID!) { customerRequestDataErasure(customerId: $id) { customerId userErrors { code } } }",
      { id: customerGid(erasing) },
    );
    expect(req.data.customerRequestDataErasure).toEqual({
      customerId: customerGid(erasing),
      userErrors: [],
    });
    expect(del(erasing).userErrors[0].message).toBe(
      "Customer can’t be deleted because they have a pending data erasure request",
    );
    expect(sim.shop(SHOP).customers.has(erasing.id)).toBe(true);
  });

  it("reports unknown customers; erasure uses DOES_NOT_EXIST", () => {
    expect(del({ id: 42 }).userErrors).toEqual([
      { field: ["id"], message: "Customer can't be found" },
    ]);
    const req = gql(
      sim,
      `mutation { customerRequestDataErasure(customerId: "gid://shopify/Customer/42") { customerId userErrors { code } } }`,
    );
    expect(req.data.customerRequestDataErasure).toEqual({
      customerId: null,
      userErrors: [{ code: "DOES_NOT_EXIST" }],
    });
  });
});

describe("account invitations", () => {
  it("invites a DISABLED customer on classic accounts: state INVITED and an outbox entry", () => {
    const sim = makeSimulator({ email: "shop@store.test", staffEmails: ["staff@store.test"] });
    const c = addCustomer(sim, { email: "eva@x.com" });
    const res = gql(sim, INVITE, {
      id: customerGid(c),
      email: { subject: "Join us", customMessage: "Welcome!", bcc: ["staff@store.test"] },
    });
    expect(res.data.customerSendAccountInviteEmail).toEqual({
      customer: { id: customerGid(c), state: "INVITED" },
      userErrors: [],
    });
    expect(sim.outbox(SHOP)).toEqual([
      expect.objectContaining({
        customerId: customerGid(c),
        to: "eva@x.com",
        from: "shop@store.test",
        subject: "Join us",
        customMessage: "Welcome!",
        bcc: ["staff@store.test"],
      }),
    ]);
    expect(sim.webhooks.events(SHOP).map((e) => e.topic)).toContain("customers/update");
  });

  it("uses the default template and can be resent to INVITED and DECLINED customers", () => {
    const sim = makeSimulator();
    const invited = addCustomer(sim, { email: "i@x.com", state: "INVITED" });
    const declined = addCustomer(sim, { email: "d@x.com", state: "DECLINED" });
    expect(
      gql(sim, INVITE, { id: customerGid(invited) }).data.customerSendAccountInviteEmail.userErrors,
    ).toEqual([]);
    expect(
      gql(sim, INVITE, { id: customerGid(declined) }).data.customerSendAccountInviteEmail.customer
        .state,
    ).toBe("INVITED");
    expect(sim.outbox(SHOP).map((m) => m.subject)).toEqual([
      "Customer account activation",
      "Customer account activation",
    ]);
  });

  it("refuses ENABLED customers and customers without an email (code INVALID)", () => {
    const sim = makeSimulator();
    const enabled = addCustomer(sim, { email: "e@x.com", state: "ENABLED" });
    const noEmail = addCustomer(sim, { phone: "+46700000000" });
    const a = gql(sim, INVITE, { id: customerGid(enabled) }).data.customerSendAccountInviteEmail;
    expect(a).toEqual({
      customer: null,
      userErrors: [{ code: "INVALID", field: ["customerId"], message: "Account already enabled" }],
    });
    const b = gql(sim, INVITE, { id: customerGid(noEmail) }).data.customerSendAccountInviteEmail;
    expect(b.userErrors[0]).toMatchObject({ code: "INVALID", field: ["customerId"] });
    expect(sim.outbox(SHOP)).toEqual([]);
  });

  it("only works with legacy (classic) customer accounts", () => {
    const sim = makeSimulator({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    const c = addCustomer(sim, { email: "n@x.com" });
    const res = gql(sim, INVITE, { id: customerGid(c) }).data.customerSendAccountInviteEmail;
    expect(res.customer).toBeNull();
    expect(res.userErrors[0]).toMatchObject({ code: "INVALID", field: null });
    expect(res.userErrors[0].message).toMatch(/legacy customer accounts/);
    expect(c.state).toBe("DISABLED");
    sim.actions(SHOP).setAccountMode("CLASSIC", "DISABLED");
    expect(
      gql(sim, INVITE, { id: customerGid(c) }).data.customerSendAccountInviteEmail.userErrors[0]
        .message,
    ).toMatch(/disabled/);
  });

  it("reads the account mode from the shop", () => {
    const sim = makeSimulator({
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
      customerAccounts: "REQUIRED",
    });
    const res = gql(
      sim,
      "{ shop { customerAccounts customerAccountsV2 { customerAccountsVersion loginRequiredAtCheckout loginLinksVisibleOnStorefrontAndCheckout url } } }",
    );
    expect(res.data.shop).toEqual({
      customerAccounts: "REQUIRED",
      customerAccountsV2: {
        customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
        loginRequiredAtCheckout: true,
        loginLinksVisibleOnStorefrontAndCheckout: true,
        url: expect.stringMatching(/^https:\/\/shopify\.com\/\d+\/account$/),
      },
    });
  });

  it("activation URLs: DISABLED/INVITED only, 30 days, a new one replaces the old", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "u@x.com" });
    const q =
      "mutation($id: ID!) { customerGenerateAccountActivationUrl(customerId: $id) { accountActivationUrl userErrors { field message } } }";
    const first = gql(sim, q, { id: customerGid(c) }).data.customerGenerateAccountActivationUrl
      .accountActivationUrl;
    expect(first).toMatch(new RegExp(`^https://${SHOP}/account/activate/${c.id}/`));
    const second = gql(sim, q, { id: customerGid(c) }).data.customerGenerateAccountActivationUrl
      .accountActivationUrl;
    expect(second).not.toBe(first);
    expect(sim.shop(SHOP).activationUrls.get(c.id)).toEqual({
      url: second,
      expiresAt: sim.clock.now() + 30 * 86_400_000,
    });
    sim.actions(SHOP).acceptInvitation(c.id);
    expect(gql(sim, q, { id: customerGid(c) }).data.customerGenerateAccountActivationUrl).toEqual({
      accountActivationUrl: null,
      userErrors: [{ field: ["customerId"], message: "Account already enabled" }],
    });
  });
});

describe("tags", () => {
  it("adds case-insensitively: VIP is not added when vip exists", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "t@x.com", tags: ["vip"] });
    const res = gql(sim, TAGS_ADD, { id: customerGid(c), tags: ["VIP", "Gold", "gold"] });
    expect(res.data.tagsAdd).toEqual({ node: { tags: ["Gold", "vip"] }, userErrors: [] });
    expect(
      gql(sim, `{ customers(first: 5, query: "tag:GOLD") { nodes { id } } }`).data.customers.nodes,
    ).toEqual([{ id: customerGid(c) }]);
  });

  it("accepts a comma-separated string and removes case-insensitively", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "t@x.com", tags: ["Wholesale"] });
    expect(
      gql(sim, TAGS_ADD, { id: customerGid(c), tags: "a, b ,c" }).data.tagsAdd.node.tags,
    ).toEqual(["a", "b", "c", "Wholesale"]);
    expect(
      gql(sim, TAGS_REMOVE, { id: customerGid(c), tags: ["WHOLESALE", "B"] }).data.tagsRemove.node
        .tags,
    ).toEqual(["a", "c"]);
    expect(sim.shop(SHOP).customerIdsWithTag("wholesale").size).toBe(0);
  });

  it("refuses more than 250 input items and reports unknown resources", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "t@x.com" });
    const tooMany = gql(sim, TAGS_ADD, {
      id: customerGid(c),
      tags: Array.from({ length: 251 }, (_, i) => `t${i}`),
    });
    expect(tooMany.errors[0]).toMatchObject({
      message: "The input array size of 251 is greater than the maximum allowed of 250.",
      extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
    });
    expect(c.tags).toEqual([]);
    expect(
      gql(sim, TAGS_ADD, { id: "gid://shopify/Customer/1", tags: ["x"] }).data.tagsAdd,
    ).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] });
  });
});

describe("customers connection and count", () => {
  const sim = makeSimulator();
  const all = Array.from({ length: 7 }, (_, i) =>
    addCustomer(sim, { email: `p${i}@x.com`, tags: i % 2 ? ["odd"] : [] }),
  );
  const ids = (conn: { nodes: { id: string }[] }) => conn.nodes.map((n) => n.id);

  it("paginates forward with cursors and pageInfo", () => {
    const q =
      "query($after: String) { customers(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }";
    const p1 = gql(sim, q).data.customers;
    expect(ids(p1)).toEqual(all.slice(0, 3).map(customerGid));
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p3 = gql(sim, q, {
      after: gql(sim, q, { after: p1.pageInfo.endCursor }).data.customers.pageInfo.endCursor,
    }).data.customers;
    expect(ids(p3)).toEqual([customerGid(all[6]!)]);
    expect(p3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("paginates backward, reverses, and keeps its place when the cursor's customer is deleted", () => {
    const back = gql(sim, "{ customers(last: 2) { nodes { id } pageInfo { hasPreviousPage } } }")
      .data.customers;
    expect(ids(back)).toEqual([all[5]!, all[6]!].map(customerGid));
    expect(back.pageInfo.hasPreviousPage).toBe(true);
    expect(
      ids(gql(sim, "{ customers(first: 2, reverse: true) { nodes { id } } }").data.customers),
    ).toEqual([all[6]!, all[5]!].map(customerGid));
    const page = gql(sim, "{ customers(first: 2) { edges { cursor } } }").data.customers;
    gql(sim, DELETE, { id: customerGid(all[1]!) });
    const next = gql(sim, "query($a: String) { customers(first: 2, after: $a) { nodes { id } } }", {
      a: page.edges[1].cursor,
    }).data.customers;
    expect(ids(next)).toEqual([all[2]!, all[3]!].map(customerGid));
  });

  it("filters with the search syntax and sorts", () => {
    expect(
      ids(gql(sim, `{ customers(first: 10, query: "tag:odd") { nodes { id } } }`).data.customers),
    ).toEqual([all[3]!, all[5]!].map(customerGid));
    const byName = gql(
      sim,
      "{ customers(first: 2, sortKey: NAME, reverse: true) { nodes { email } } }",
    ).data.customers.nodes;
    expect(byName.map((n: { email: string }) => n.email)).toEqual(["p6@x.com", "p5@x.com"]);
  });

  it("refuses pages over 250 and connections without first/last", () => {
    expect(gql(sim, "{ customers(first: 251) { nodes { id } } }").errors[0].message).toMatch(
      /maximum page size is 250/,
    );
    expect(gql(sim, "{ customers { nodes { id } } }").errors[0].message).toBe(
      "you must provide one of first or last",
    );
  });

  it("customersCount is EXACT under the limit and AT_LEAST when capped", () => {
    expect(gql(sim, "{ customersCount { count precision } }").data.customersCount).toEqual({
      count: 6,
      precision: "EXACT",
    });
    expect(
      gql(sim, "{ customersCount(limit: 2) { count precision } }").data.customersCount,
    ).toEqual({ count: 2, precision: "AT_LEAST" });
    expect(
      gql(sim, `{ customersCount(query: "tag:odd", limit: null) { count precision } }`).data
        .customersCount,
    ).toEqual({ count: 2, precision: "EXACT" });
  });
});

describe("pagination cap", () => {
  it("stops after the shop's pagination limit (Shopify: 25,000 objects)", () => {
    const sim = makeSimulator({ paginationLimit: 3 });
    for (let i = 0; i < 5; i++) addCustomer(sim, { email: `cap${i}@x.com` });
    const q =
      "query($a: String) { customers(first: 2, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }";
    const p1 = gql(sim, q).data.customers;
    const p2 = gql(sim, q, { a: p1.pageInfo.endCursor }).data.customers;
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p2.nodes).toHaveLength(1);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect(gql(sim, "{ customersCount { count } }").data.customersCount.count).toBe(5);
  });
});
