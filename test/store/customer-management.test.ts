import { describe, expect, it } from "vitest";
import { handleControl } from "./control";
import { DELETE_REFUSALS } from "./customer-changes";
import type { CustomerRecord } from "./model";
import type { Simulator } from "./simulator";
import { addCustomer, customerGid, gql, makeSimulator, SHOP, type Json } from "./testing";

const DELETE = `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { field message } } }`;
const CAN_DELETE = `query($id: ID!) { customer(id: $id) { canDelete } }`;
const TAGS_ADD = `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) {
  node { __typename ... on Customer { tags } ... on Order { tags } } userErrors { field message } } }`;
const TAGS_REMOVE = `mutation($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) {
  node { __typename ... on Customer { tags } ... on Order { tags } } userErrors { field message } } }`;
const UPDATE = `mutation($input: CustomerInput!) { customerUpdate(input: $input) {
  customer { id firstName lastName email phone note tags } userErrors { field message } } }`;
const ADDRESS_UPDATE = `mutation($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!, $setAsDefault: Boolean) {
  customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address, setAsDefault: $setAsDefault) {
    address { id address1 city province provinceCode country countryCodeV2 zip formattedArea }
    userErrors { field message } } }`;

const events = (sim: Simulator, topic?: string) =>
  sim.webhooks.events(SHOP).filter((e) => !topic || e.topic === topic);
const payloads = (sim: Simulator, topic: string) =>
  events(sim, topic).map((e) => e.payload as Json);

function control(sim: Simulator, method: string, path: string, body: Record<string, unknown> = {}) {
  return handleControl(sim, {
    method,
    path: `/shops/${SHOP}${path}`,
    query: new URLSearchParams(),
    body,
  });
}

const encoded = (c: { id: number }) => encodeURIComponent(customerGid(c));

describe("Customer.canDelete and customerDelete agree", () => {
  function setUp() {
    const sim = makeSimulator();
    const free = addCustomer(sim, { email: "free@x.com" });
    const buyer = addCustomer(sim, { email: "buyer@x.com" });
    sim.actions(SHOP).placeOrder({ customerId: buyer.id });
    const subscriber = addCustomer(sim, { email: "sub@x.com", hasActiveSubscription: true });
    const erasing = addCustomer(sim, { email: "erase@x.com", pendingDataErasure: true });
    // Orders and a subscription: orders are the reason given.
    const both = addCustomer(sim, { email: "both@x.com", hasActiveSubscription: true });
    sim.actions(SHOP).placeOrder({ customerId: both.id });
    return { sim, free, buyer, subscriber, erasing, both };
  }

  it("GIVEN customers with orders, a subscription contract or a pending erasure THEN canDelete is false for exactly those and customerDelete refuses them with Shopify's words", () => {
    const { sim, free, buyer, subscriber, erasing, both } = setUp();
    const cases: [CustomerRecord, string | null][] = [
      [free, null],
      [buyer, "Customer can’t be deleted because they have associated orders"],
      [subscriber, "Customer cannot be deleted because of existing subscription contracts"],
      [erasing, DELETE_REFUSALS.erasure],
      [both, DELETE_REFUSALS.orders],
    ];
    for (const [c, refusal] of cases) {
      const canDelete = gql(sim, CAN_DELETE, { id: customerGid(c) }).data.customer.canDelete;
      expect(canDelete).toBe(refusal === null);
      const res = gql(sim, DELETE, { id: customerGid(c) }).data.customerDelete;
      expect(res).toEqual(
        refusal === null
          ? { deletedCustomerId: customerGid(c), userErrors: [] }
          : { deletedCustomerId: null, userErrors: [{ field: ["id"], message: refusal }] },
      );
    }
    expect(sim.shop(SHOP).customers.has(free.id)).toBe(false);
    expect(sim.shop(SHOP).customers.has(subscriber.id)).toBe(true);
  });

  it("GIVEN a deletion THEN customers/delete carries the documented payload: id, tax_exemptions, admin_graphql_api_id", () => {
    const { sim, free } = setUp();
    gql(sim, DELETE, { id: customerGid(free) });
    expect(payloads(sim, "customers/delete")).toEqual([
      { id: free.id, tax_exemptions: [], admin_graphql_api_id: customerGid(free) },
    ]);
  });

  it("GIVEN a cancelled erasure request THEN the customer can be deleted again", () => {
    const { sim, erasing } = setUp();
    const cancel = gql(
      sim,
      `mutation($id: ID!) { customerCancelDataErasure(customerId: $id) { customerId userErrors { code message } } }`,
      { id: customerGid(erasing) },
    ).data.customerCancelDataErasure;
    expect(cancel).toEqual({ customerId: customerGid(erasing), userErrors: [] });
    expect(gql(sim, CAN_DELETE, { id: customerGid(erasing) }).data.customer.canDelete).toBe(true);
    const again = gql(
      sim,
      `mutation($id: ID!) { customerCancelDataErasure(customerId: $id) { customerId userErrors { field code message } } }`,
      { id: customerGid(erasing) },
    ).data.customerCancelDataErasure;
    // Shopify's recorded answer (no final period).
    expect(again.userErrors).toEqual([
      {
        field: ["customerId"],
        code: "NOT_BEING_ERASED",
        message: "Customer's data is not scheduled for erasure",
      },
    ]);
  });

  it("GIVEN a seeded shop THEN some customers hold a subscription but no orders, and over every seeded customer canDelete predicts customerDelete", () => {
    const sim = makeSimulator({ seed: { customers: 1200, seed: 42 } });
    const summary = sim.runtime(SHOP).seedSummary!;
    expect(summary.subscriptions.withoutOrders).toBeGreaterThan(5);
    expect(summary.subscriptions.withOrders).toBeGreaterThan(5);
    const customers = [...sim.shop(SHOP).customers.values()];
    const subscribedOnly = customers.filter(
      (c) => c.hasActiveSubscription && c.numberOfOrders === 0,
    );
    expect(subscribedOnly.length).toBe(summary.subscriptions.withoutOrders);
    for (const c of subscribedOnly) expect(c.pendingDataErasure).toBe(false);
    let refused = 0;
    for (const c of customers) {
      const canDelete = gql(sim, CAN_DELETE, { id: customerGid(c) }).data.customer.canDelete;
      const res = gql(sim, DELETE, { id: customerGid(c) }).data.customerDelete;
      expect(res.userErrors.length === 0).toBe(canDelete);
      if (!canDelete) refused++;
      if (subscribedOnly.includes(c))
        expect(res.userErrors[0].message).toBe(DELETE_REFUSALS.subscription);
    }
    expect(refused).toBeGreaterThan(customers.length / 5);
  });
});

describe("staff in the store controls", () => {
  it("GIVEN a staff member deleting a customer THEN the same refusals apply (422) and a deletion sends customers/delete", async () => {
    const sim = makeSimulator();
    const subscriber = addCustomer(sim, { email: "sub@x.com", hasActiveSubscription: true });
    const free = addCustomer(sim, { email: "free@x.com" });
    const shown = await control(sim, "GET", `/customers/${encoded(subscriber)}`);
    expect(shown.body).toMatchObject({
      canDelete: false,
      cannotDeleteBecause: DELETE_REFUSALS.subscription,
    });
    expect(await control(sim, "POST", `/customers/${encoded(subscriber)}/delete`)).toEqual({
      status: 422,
      body: { error: DELETE_REFUSALS.subscription },
    });
    expect(await control(sim, "POST", `/customers/${encoded(free)}/delete`)).toEqual({
      status: 200,
      body: { deletedCustomerId: customerGid(free) },
    });
    expect(events(sim).map((e) => e.topic)).toEqual([
      "customers/create",
      "customers/create",
      "customers/delete",
    ]);
    expect((await control(sim, "POST", `/customers/${encoded(free)}/delete`)).status).toBe(404);
  });

  it("GIVEN a staff tag edit THEN tags change case-insensitively and customers/update, customer.tags_added and customer.tags_removed are sent", async () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "t@x.com", tags: ["VIP", "newsletter"] });
    sim.webhooks.clear();
    const res = await control(sim, "POST", `/customers/${encoded(c)}/tags`, {
      add: "vip, Gold",
      remove: ["NEWSLETTER", "absent"],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      customer: { tags: ["Gold", "VIP"] },
      added: ["Gold"],
      removed: ["newsletter"],
    });
    expect(events(sim).map((e) => e.topic)).toEqual([
      "customers/update",
      "customer.tags_added",
      "customer.tags_removed",
    ]);
    const now = new Date(sim.clock.now()).toISOString();
    expect(payloads(sim, "customer.tags_added")).toEqual([
      { customerId: customerGid(c), tags: ["Gold"], occurredAt: now },
    ]);
    expect(payloads(sim, "customer.tags_removed")).toEqual([
      { customerId: customerGid(c), tags: ["newsletter"], occurredAt: now },
    ]);
    // Customer payloads carry no tags since 2025-01.
    expect(payloads(sim, "customers/update")[0]).not.toHaveProperty("tags");
    expect(sim.shop(SHOP).customerIdsWithTag("gold").has(c.id)).toBe(true);

    sim.webhooks.clear();
    const nothing = await control(sim, "POST", `/customers/${encoded(c)}/tags`, { add: ["gold"] });
    expect(nothing.body).toMatchObject({ added: [], removed: [] });
    expect(events(sim)).toEqual([]);
    expect((await control(sim, "POST", `/customers/${encoded(c)}/tags`, {})).status).toBe(400);
  });

  it("GIVEN several customers THEN one control call edits them all", async () => {
    const sim = makeSimulator();
    const a = addCustomer(sim, { email: "a@x.com" });
    const b = addCustomer(sim, { email: "b@x.com", tags: ["sale"] });
    const res = await control(sim, "POST", "/customers/tags", {
      customerIds: [customerGid(a), b.id],
      add: ["sale"],
    });
    expect(res.body).toEqual({
      results: [
        { id: customerGid(a), tags: ["sale"], added: ["sale"], removed: [] },
        { id: customerGid(b), tags: ["sale"], added: [], removed: [] },
      ],
    });
  });
});

describe("tagsAdd / tagsRemove", () => {
  it("GIVEN a customer THEN a tag differing only by case is not added again and removal ignores case", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "c@x.com", tags: ["Red"] });
    const add = (tags: string[] | string) =>
      gql(sim, TAGS_ADD, { id: customerGid(c), tags }).data.tagsAdd;
    expect(add(["red"])).toEqual({
      node: { __typename: "Customer", tags: ["Red"] },
      userErrors: [],
    });
    expect(add("b, A").node.tags).toEqual(["A", "b", "Red"]);
    const removed = gql(sim, TAGS_REMOVE, { id: customerGid(c), tags: ["red", "B"] }).data
      .tagsRemove;
    expect(removed).toEqual({ node: { __typename: "Customer", tags: ["A"] }, userErrors: [] });
  });

  it("GIVEN an order THEN adding ignores case and sorts, but removal is case-sensitive as recorded on Shopify; a change sends orders/updated", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "o@x.com" });
    const order = sim.actions(SHOP).placeOrder({ customerId: c.id, tags: ["Red"] });
    const id = `gid://shopify/Order/${order.id}`;
    sim.webhooks.clear();
    expect(gql(sim, TAGS_ADD, { id, tags: ["red"] }).data.tagsAdd.node).toEqual({
      __typename: "Order",
      tags: ["Red"],
    });
    expect(events(sim)).toEqual([]);
    expect(gql(sim, TAGS_ADD, { id, tags: ["b", "A"] }).data.tagsAdd.node.tags).toEqual([
      "A",
      "b",
      "Red",
    ]);
    expect(gql(sim, TAGS_REMOVE, { id, tags: ["red"] }).data.tagsRemove.node.tags).toEqual([
      "A",
      "b",
      "Red",
    ]);
    expect(gql(sim, TAGS_REMOVE, { id, tags: "Red, b" }).data.tagsRemove.node.tags).toEqual(["A"]);
    expect(events(sim).map((e) => e.topic)).toEqual(["orders/updated", "orders/updated"]);
  });

  it("GIVEN an id of a type that cannot be tagged THEN RESOURCE_NOT_FOUND; a Product (no products here) is not simulated", () => {
    const sim = makeSimulator();
    const bad = gql(sim, TAGS_ADD, { id: "gid://shopify/SomethingUnsupported/1", tags: ["x"] });
    expect(bad.data.tagsAdd).toBeNull();
    expect(bad.errors[0]).toMatchObject({
      message: "invalid id",
      extensions: { code: "RESOURCE_NOT_FOUND" },
    });
    const product = gql(sim, TAGS_ADD, { id: "gid://shopify/Product/1", tags: ["x"] });
    expect(product.errors[0].extensions.code).toBe("NOT_IMPLEMENTED_IN_SIMULATOR");
  });
});

describe("customerUpdate", () => {
  it("GIVEN changed fields THEN only those change and customers/update is sent; tags overwrite with tag webhooks", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, {
      email: "old@x.com",
      firstName: "Ann",
      lastName: "Lee",
      tags: ["a", "b"],
    });
    sim.webhooks.clear();
    const res = gql(sim, UPDATE, {
      input: { id: customerGid(c), email: " new@x.com ", note: "moved", tags: ["B", "c"] },
    }).data.customerUpdate;
    expect(res).toEqual({
      customer: {
        id: customerGid(c),
        firstName: "Ann",
        lastName: "Lee",
        email: "new@x.com",
        phone: null,
        note: "moved",
        tags: ["b", "c"],
      },
      userErrors: [],
    });
    expect(sim.shop(SHOP).customerIdByEmail("new@x.com")).toBe(c.id);
    expect(sim.shop(SHOP).customerIdByEmail("old@x.com")).toBeUndefined();
    expect(events(sim).map((e) => e.topic)).toEqual([
      "customers/update",
      "customer.tags_added",
      "customer.tags_removed",
    ]);
    expect(payloads(sim, "customers/update")[0]).toMatchObject({
      email: "new@x.com",
      note: "moved",
    });
  });

  it("GIVEN bad input THEN Shopify's recorded user errors, and nothing changes", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "only@x.com" });
    addCustomer(sim, { email: "taken@x.com" });
    const update = (input: object) => gql(sim, UPDATE, { input }).data.customerUpdate;
    expect(update({ id: "gid://shopify/Customer/1", note: "x" })).toEqual({
      customer: null,
      userErrors: [{ field: ["id"], message: "Customer does not exist" }],
    });
    expect(update({ id: customerGid(c), email: null }).userErrors).toEqual([
      { field: null, message: "A name, phone number, or email address must be present" },
    ]);
    expect(update({ id: customerGid(c), email: "TAKEN@x.com" }).userErrors).toEqual([
      { field: ["email"], message: "Email has already been taken" },
    ]);
    expect(update({ id: customerGid(c), email: "nope" }).userErrors).toEqual([
      { field: ["email"], message: "Email is invalid" },
    ]);
    expect(
      update({
        id: customerGid(c),
        firstName: "F".repeat(256),
        lastName: "L".repeat(256),
        note: "n".repeat(5001),
      }).userErrors,
    ).toEqual([
      { field: ["firstName"], message: "First name is too long (maximum is 255 characters)" },
      { field: ["lastName"], message: "Last name is too long (maximum is 255 characters)" },
      { field: ["note"], message: "Note is too long (maximum is 5000 characters)" },
    ]);
    expect(update({ id: customerGid(c), phone: "abc" }).userErrors).toEqual([
      { field: ["phone"], message: "Phone is invalid" },
    ]);
    expect(c.email).toBe("only@x.com");
    expect(
      update({ id: customerGid(c), tags: ["Zulu", "alpha", "alpha", " spaced tag ", ""] }).customer
        .tags,
    ).toEqual(["alpha", "spaced tag", "Zulu"]);
    const unsupported = gql(sim, UPDATE, { input: { id: customerGid(c), taxExempt: true } });
    expect(unsupported.errors[0].extensions.code).toBe("NOT_IMPLEMENTED_IN_SIMULATOR");
  });
});

describe("customerAddressUpdate", () => {
  function withMilitaryTypo() {
    const sim = makeSimulator();
    const c = addCustomer(sim, {
      email: "soldier@x.com",
      firstName: "Sam",
      lastName: "Ortiz",
      address: {
        address1: "PSC 123 Box 4567",
        city: "New York",
        province: "New York",
        provinceCode: "NY",
        country: "United States",
        countryCode: "US",
        zip: "09012",
      },
    });
    const addressId = `gid://shopify/MailingAddress/${c.addresses[0]!.id}?model_name=CustomerAddress`;
    sim.webhooks.clear();
    return { sim, c, addressId };
  }

  it("GIVEN a suggested military fix THEN the address becomes APO AE with Shopify's zone names and customers/update is sent", () => {
    const { sim, c, addressId } = withMilitaryTypo();
    const res = gql(sim, ADDRESS_UPDATE, {
      customerId: customerGid(c),
      addressId,
      address: { city: " APO ", provinceCode: "AE", countryCode: "US" },
      setAsDefault: true,
    }).data.customerAddressUpdate;
    expect(res).toEqual({
      address: {
        id: addressId,
        address1: "PSC 123 Box 4567",
        city: "APO",
        province: "Armed Forces Europe",
        provinceCode: "AE",
        country: "United States",
        countryCodeV2: "US",
        zip: "09012",
        formattedArea: "APO AE, United States",
      },
      userErrors: [],
    });
    const [update] = payloads(sim, "customers/update");
    expect(update.default_address).toMatchObject({
      city: "APO",
      province_code: "AE",
      province: "Armed Forces Europe",
    });
    expect(events(sim).map((e) => e.topic)).toEqual(["customers/update"]);
  });

  it("GIVEN unknown or foreign ids or an invalid zone THEN Shopify's recorded answers", () => {
    const { sim, c, addressId } = withMilitaryTypo();
    const other = addCustomer(sim, { email: "other@x.com" });
    const run = (vars: object) =>
      gql(sim, ADDRESS_UPDATE, {
        customerId: customerGid(c),
        addressId,
        address: { city: "APO" },
        ...vars,
      });
    const unknownAddress = run({ addressId: "gid://shopify/MailingAddress/999999999999999" });
    expect(unknownAddress.data.customerAddressUpdate).toBeNull();
    expect(unknownAddress.errors[0]).toMatchObject({
      message: "Invalid id: gid://shopify/MailingAddress/999999999999999",
      extensions: { code: "RESOURCE_NOT_FOUND" },
    });
    expect(run({ customerId: customerGid(other) }).data.customerAddressUpdate).toEqual({
      address: null,
      userErrors: [{ field: ["addressId"], message: "Address does not exist" }],
    });
    expect(
      run({ customerId: "gid://shopify/Customer/999999999999999" }).data.customerAddressUpdate
        .userErrors,
    ).toEqual([{ field: ["customerId"], message: "Customer does not exist" }]);
    expect(
      run({ address: { countryCode: "US", provinceCode: "ON" } }).data.customerAddressUpdate
        .userErrors,
    ).toEqual([{ field: ["address", "province"], message: "Province is invalid" }]);
    expect(run({ address: { city: "<script>" } }).data.customerAddressUpdate.userErrors).toEqual([
      { field: ["address", "city"], message: "City cannot contain HTML tags" },
    ]);
    expect(c.addresses[0]!.city).toBe("New York");
    expect(events(sim, "customers/update")).toEqual([]);
  });
});

describe("orders/create payload", () => {
  it("GIVEN an order with line items and a military shipping address THEN the REST payload has them, shaped like Shopify's sample", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "buyer@x.com", firstName: "Sam", lastName: "Ortiz" });
    const order = sim.actions(SHOP).placeOrder({
      customerId: c.id,
      lineItems: [
        { variantId: 45_000_000_000_011, quantity: 2 },
        { title: "Gift wrap", price: 3.5 },
      ],
      shipping: 0,
      shippingAddress: {
        address1: "PSC 123 Box 4567",
        city: "APO",
        provinceCode: "AE",
        countryCode: "US",
        zip: "09012",
      },
    });
    const [payload] = payloads(sim, "orders/create");
    expect(payload.subtotal_price).toBe("61.50");
    expect(payload.total_line_items_price).toBe("61.50");
    expect(payload.line_items).toHaveLength(2);
    expect(payload.line_items[0]).toMatchObject({
      title: "Merino beanie",
      variant_title: "Charcoal",
      name: "Merino beanie - Charcoal",
      quantity: 2,
      price: "29.00",
      price_set: { shop_money: { amount: "29.00", currency_code: "EUR" } },
      product_id: 8_100_000_000_001,
      variant_id: 45_000_000_000_011,
      sku: "BEANIE-CHR",
      admin_graphql_api_id: expect.stringMatching(/^gid:\/\/shopify\/LineItem\/\d+$/),
    });
    expect(payload.line_items[1]).toMatchObject({
      title: "Gift wrap",
      quantity: 1,
      price: "3.50",
      product_id: null,
      variant_id: null,
      product_exists: false,
    });
    expect(payload.shipping_address).toEqual({
      first_name: "Sam",
      address1: "PSC 123 Box 4567",
      phone: null,
      city: "APO",
      zip: "09012",
      province: "Armed Forces Europe",
      country: "United States",
      last_name: "Ortiz",
      address2: null,
      company: null,
      latitude: null,
      longitude: null,
      name: "Sam Ortiz",
      country_code: "US",
      province_code: "AE",
    });
    expect(payload.customer).not.toHaveProperty("addresses");
    expect(payload.customer.id).toBe(c.id);
    expect(order.lineItems).toHaveLength(2);
    expect(() =>
      sim
        .actions(SHOP)
        .placeOrder({ customerId: c.id, subtotal: 10, lineItems: [{ title: "x", price: 9 }] }),
    ).toThrow(/does not match the line items/);
  });

  it("GIVEN no line items THEN one catalog product priced at the subtotal; without level 2 the addresses are left out", async () => {
    const sim = makeSimulator({ protectedCustomerData: "level1" });
    const c = addCustomer(sim, { email: "b@x.com" });
    const res = await control(sim, "POST", "/orders", {
      customerId: customerGid(c),
      subtotal: 59,
      shippingAddress: {
        address1: "PSC 123 Box 4567",
        city: "APO",
        provinceCode: "AE",
        countryCode: "US",
        zip: "09012",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: "64.00",
      shippingAddress: { city: "APO", provinceCode: "AE", province: "Armed Forces Europe" },
      lineItems: [{ quantity: 1, price: "59.00" }],
    });
    const [payload] = payloads(sim, "orders/create");
    expect(payload.line_items[0].price).toBe("59.00");
    expect(payload.shipping_address).toBeNull();
  });
});
