import { describe, expect, it } from "vitest";
import { customerCandidates, customerSearch, orderSearch } from "./filters";
import { compileSearch, parseSearch, type SearchWarning } from "./search";
import { addCustomer, makeSimulator, T0 } from "./testing";

describe("parseSearch", () => {
  it("reads field terms with comparators and quoted values", () => {
    expect(parseSearch(`email:"bo@x.com"`)).toEqual({
      kind: "term",
      field: "email",
      comparator: ":",
      value: "bo@x.com",
      quoted: true,
      prefix: false,
    });
    expect(parseSearch("orders_count:>=3")).toMatchObject({
      field: "orders_count",
      comparator: ">=",
      value: "3",
    });
    expect(parseSearch("customer_date: >='2024-01-01'")).toMatchObject({
      field: "customer_date",
      comparator: ">=",
      value: "2024-01-01",
      quoted: true,
    });
  });

  it("implies AND between terms and binds AND tighter than OR", () => {
    expect(parseSearch("a b")).toMatchObject({
      kind: "and",
      children: [{ value: "a" }, { value: "b" }],
    });
    expect(parseSearch("a OR b c")).toMatchObject({
      kind: "or",
      children: [{ value: "a" }, { kind: "and", children: [{ value: "b" }, { value: "c" }] }],
    });
  });

  it("reads both negation forms and parentheses", () => {
    expect(parseSearch("-state:ENABLED")).toMatchObject({
      kind: "not",
      child: { field: "state", value: "ENABLED" },
    });
    expect(parseSearch("NOT state:ENABLED")).toMatchObject({
      kind: "not",
      child: { field: "state" },
    });
    expect(parseSearch("(tag:a OR tag:b) -(state:DECLINED)")).toMatchObject({
      kind: "and",
      children: [{ kind: "or" }, { kind: "not", child: { field: "state" } }],
    });
  });

  it("marks prefix and exists queries", () => {
    expect(parseSearch("email:*")).toMatchObject({ field: "email", value: "", prefix: true });
    expect(parseSearch("bob*")).toMatchObject({ field: null, value: "bob", prefix: true });
  });

  it("tolerates unbalanced input", () => {
    expect(parseSearch("(tag:a")).toMatchObject({ field: "tag", value: "a" });
    expect(parseSearch("tag:a)")).toMatchObject({ field: "tag", value: "a" });
    expect(parseSearch("   ")).toBeNull();
  });
});

describe("customer filters", () => {
  const sim = makeSimulator();
  const store = sim.shop("test-shop");
  const ann = addCustomer(sim, {
    firstName: "Ann",
    lastName: "Berg",
    email: "ann.berg@gmail.com",
    tags: ["VIP", "Wholesale"],
    state: "ENABLED",
    acceptsMarketing: true,
    numberOfOrders: 4,
    amountSpentCents: 25000,
    createdAt: Date.UTC(2024, 0, 10),
    updatedAt: Date.UTC(2024, 5, 1),
    address: { country: "Sweden", countryCode: "SE" },
  });
  const bob = addCustomer(sim, {
    firstName: "Bob",
    lastName: "Norman",
    email: "bob@mailinator.com",
    tags: ["vip"],
    state: "INVITED",
    numberOfOrders: 0,
    createdAt: Date.UTC(2025, 2, 1),
    updatedAt: Date.UTC(2025, 2, 1),
  });
  const cid = addCustomer(sim, {
    firstName: "Cid",
    lastName: "Ø",
    email: null,
    phone: "+4791234567",
    state: "DISABLED",
    tags: ["newsletter"],
    numberOfOrders: 1,
    amountSpentCents: 5000,
    createdAt: Date.UTC(2025, 6, 1),
    updatedAt: Date.UTC(2026, 0, 1),
  });
  const all = [ann, bob, cid];
  const run = (query: string, warnings: SearchWarning[] = []) =>
    all
      .filter(compileSearch(parseSearch(query), customerSearch(store), warnings))
      .map((c) => c.firstName);

  it("free text matches word prefixes of name and email", () => {
    expect(run("ann")).toEqual(["Ann"]);
    expect(run("mailinator")).toEqual(["Bob"]);
    expect(run("nor")).toEqual(["Bob"]);
    expect(run("orm")).toEqual([]);
  });

  it("tag matches case-insensitively, comma lists mean any, tag_not excludes", () => {
    expect(run("tag:vip")).toEqual(["Ann", "Bob"]);
    expect(run("tag:'Wholesale,newsletter'")).toEqual(["Ann", "Cid"]);
    expect(run("tag_not:VIP")).toEqual(["Cid"]);
    expect(run("tag_not:'vip,newsletter'")).toEqual([]);
  });

  it("state, email, accepts_marketing, country and phone", () => {
    expect(run("state:invited")).toEqual(["Bob"]);
    expect(run(`email:"ANN.BERG@gmail.com"`)).toEqual(["Ann"]);
    expect(run(`email:"ann@gmail.com"`)).toEqual([]);
    expect(run("email:gmail.com")).toEqual(["Ann"]);
    expect(run("email:*")).toEqual(["Ann", "Bob"]);
    expect(run("accepts_marketing:true")).toEqual(["Ann"]);
    expect(run("accepts_marketing:false")).toEqual(["Bob", "Cid"]);
    expect(run("country:SE")).toEqual(["Ann"]);
    expect(run("country:sweden")).toEqual(["Ann"]);
    expect(run("phone:*")).toEqual(["Cid"]);
  });

  it("numeric comparisons and ranges", () => {
    expect(run("orders_count:0")).toEqual(["Bob"]);
    expect(run("orders_count:>1")).toEqual(["Ann"]);
    expect(run("orders_count:<=1")).toEqual(["Bob", "Cid"]);
    expect(run("total_spent:>=50")).toEqual(["Ann", "Cid"]);
    expect(run(`id:>=${bob.id}`)).toEqual(["Bob", "Cid"]);
    expect(run(`id:<${bob.id}`)).toEqual(["Ann"]);
  });

  it("dates: customer_date is createdAt, updated_at matches whole days, years and months", () => {
    expect(run("customer_date:>='2025-01-01'")).toEqual(["Bob", "Cid"]);
    expect(run("customer_date:<2025")).toEqual(["Ann"]);
    expect(run("customer_date:2025-03")).toEqual(["Bob"]);
    expect(run("updated_at:'2024-06-01'")).toEqual(["Ann"]);
    expect(run("updated_at:<=2025")).toEqual(["Ann", "Bob"]);
    expect(run("customer_date:'2025-01-01..2025-12-31'")).toEqual(["Bob", "Cid"]);
  });

  it("negation with - and NOT, OR and parentheses", () => {
    expect(run("-state:ENABLED")).toEqual(["Bob", "Cid"]);
    expect(run("NOT tag:vip")).toEqual(["Cid"]);
    expect(run("state:ENABLED OR state:DISABLED")).toEqual(["Ann", "Cid"]);
    expect(run("tag:vip (state:INVITED OR orders_count:>3)")).toEqual(["Ann", "Bob"]);
    expect(run("tag:vip AND -(state:INVITED OR orders_count:>3)")).toEqual([]);
  });

  it("ignores unknown filters (no created_at for customers) and reports them", () => {
    const warnings: SearchWarning[] = [];
    expect(run("created_at:>2025 tag:vip", warnings)).toEqual(["Ann", "Bob"]);
    expect(warnings).toEqual([
      { field: "created_at", message: "Invalid search field for this query." },
    ]);
    // An ignored term inside NOT must not exclude everything.
    expect(run("-foo:bar")).toEqual(["Ann", "Bob", "Cid"]);
  });

  it("uses the tag and email indexes to narrow candidates", () => {
    expect(customerCandidates(store, parseSearch("tag:VIP state:ENABLED"))).toEqual([
      ann.id,
      bob.id,
    ]);
    expect(customerCandidates(store, parseSearch(`email:"bob@mailinator.com" tag:vip`))).toEqual([
      bob.id,
    ]);
    expect(customerCandidates(store, parseSearch("tag:vip OR state:DISABLED"))).toBeNull();
    expect(customerCandidates(store, parseSearch("-tag:vip"))).toBeNull();
  });
});

describe("order filters", () => {
  const sim = makeSimulator();
  const store = sim.shop("test-shop");
  const actions = sim.actions("test-shop");
  const c = addCustomer(sim, { email: "o@x.com" });
  store.addDiscount({
    __typename: "DiscountCodeNode",
    id: store.nextId("discount"),
    kind: "basic",
    title: "T",
    codes: [{ id: 1, code: "Thanks10", usageCount: 0 }],
    startsAt: T0 - 1000,
    endsAt: null,
    appliesOncePerCustomer: false,
    usageLimit: null,
    minimumSubtotalCents: null,
    minimumQuantity: null,
    context: { kind: "all" },
    value: { kind: "percentage", percentage: 0.1 },
    maximumShippingPriceCents: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
    recurringCycleLimit: null,
    tags: [],
    asyncUsageCount: 0,
    totalSalesCents: 0,
    usedByCustomerIds: new Set(),
    createdAt: T0,
    updatedAt: T0,
  });
  const o1 = actions.placeOrder({ customerId: c.id, discountCode: "THANKS10", subtotal: 100 });
  sim.clock.advance(86_400_000);
  const o2 = actions.placeOrder({ customerId: c.id, subtotal: 20 });
  const run = (q: string) =>
    [o1, o2].filter(compileSearch(parseSearch(q), orderSearch(store), [])).map((o) => o.name);

  it("discount_code matches the first code case-insensitively", () => {
    expect(run("discount_code:thanks10")).toEqual(["#1001"]);
    expect(run("discount_code:OTHER")).toEqual([]);
  });

  it("created_at, name and customer_id", () => {
    expect(run(`created_at:>='${new Date(T0 + 3_600_000).toISOString()}'`)).toEqual(["#1002"]);
    expect(run("name:#1002")).toEqual(["#1002"]);
    expect(run("name:1001")).toEqual(["#1001"]);
    expect(run(`customer_id:${c.id}`)).toEqual(["#1001", "#1002"]);
  });
});

describe("state filter and account mode", () => {
  it("is ignored with a warning on new customer accounts", () => {
    const sim = makeSimulator({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    const store = sim.shop("test-shop");
    const a = addCustomer(sim, { email: "a@x.com", state: "ENABLED" });
    const b = addCustomer(sim, { email: "b@x.com", state: "DISABLED" });
    const warnings: SearchWarning[] = [];
    const match = compileSearch(parseSearch("state:ENABLED"), customerSearch(store), warnings);
    expect([a, b].filter(match)).toEqual([a, b]);
    expect(warnings).toEqual([
      { field: "state", message: "The state filter is only valid with classic customer accounts." },
    ]);
  });
});
