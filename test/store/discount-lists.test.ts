import { describe, expect, it } from "vitest";
import { handleControl } from "./control";
import type { Simulator } from "./simulator";
import { addCustomer, gql, makeSimulator, SHOP, T0, type Json } from "./testing";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const CREATE_BASIC = `mutation($d: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { code field message } }
}`;
const CREATE_SHIPPING = `mutation($d: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $d) { codeDiscountNode { id } userErrors { code field message } }
}`;
const UPDATE_BASIC = `mutation($id: ID!, $d: DiscountCodeBasicInput!) {
  discountCodeBasicUpdate(id: $id, basicCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status endsAt usageLimit appliesOncePerCustomer codes(first: 2) { nodes { code } } customerGets { value { ... on DiscountPercentage { percentage } } } } } }
    userErrors { code field message }
  }
}`;
const UPDATE_SHIPPING = `mutation($id: ID!, $d: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingUpdate(id: $id, freeShippingCodeDiscount: $d) {
    codeDiscountNode { codeDiscount { ... on DiscountCodeFreeShipping { title endsAt maximumShippingPrice { amount } } } }
    userErrors { code field message }
  }
}`;
const LIST = `query($q: String, $first: Int, $after: String, $sort: DiscountSortKeys, $reverse: Boolean) {
  discountNodes(first: $first, after: $after, query: $q, sortKey: $sort, reverse: $reverse) {
    nodes { id discount { __typename
      ... on DiscountCodeBasic { title status codes(first: 5) { nodes { code } } asyncUsageCount }
      ... on DiscountCodeFreeShipping { title status codes(first: 5) { nodes { code } } asyncUsageCount }
      ... on DiscountCodeBxgy { title status endsAt codes(first: 5) { nodes { code } } asyncUsageCount }
      ... on DiscountCodeApp { title status endsAt codes(first: 5) { nodes { code } } asyncUsageCount }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const basic = (code: string, over: Record<string, unknown> = {}) => ({
  title: `Title ${code}`,
  code,
  startsAt: iso(T0 - 1000),
  context: { all: "ALL" },
  customerGets: { value: { percentage: 0.1 }, items: { all: true } },
  ...over,
});

function control(sim: Simulator, method: string, path: string, body: Record<string, unknown> = {}) {
  return handleControl(sim, {
    method,
    path: `/shops/${SHOP}${path}`,
    query: new URLSearchParams(),
    body,
  });
}

const titles = (sim: Simulator, q: string | null, extra: Record<string, unknown> = {}): string[] =>
  gql(sim, LIST, { q, first: 50, ...extra }).data.discountNodes.nodes.map(
    (n: Json) => n.discount.title,
  );

/** A shop with one discount of each kind the simulator knows. */
function setUp() {
  const sim = makeSimulator();
  const id = (r: Json, name: string) => {
    expect(r.data[name].userErrors).toEqual([]);
    return r.data[name].codeDiscountNode.id as string;
  };
  const pct = id(gql(sim, CREATE_BASIC, { d: basic("THANKS-15") }), "discountCodeBasicCreate");
  const fixed = id(
    gql(sim, CREATE_BASIC, {
      d: basic("TENOFF", {
        title: "Ten off",
        customerGets: { value: { discountAmount: { amount: "10" } }, items: { all: true } },
      }),
    }),
    "discountCodeBasicCreate",
  );
  const ship = id(
    gql(sim, CREATE_SHIPPING, {
      d: {
        title: "Ship free",
        code: "SHIPIT",
        startsAt: iso(T0 + 24 * HOUR),
        context: { all: "ALL" },
      },
    }),
    "discountCodeFreeShippingCreate",
  );
  const actions = sim.actions(SHOP);
  const bxgy = actions.createCodeDiscount({ type: "bxgy", code: "B2G1", title: "Buy 2 get 1" });
  const app = actions.createCodeDiscount({
    type: "app",
    code: "APPCODE",
    title: "Loyalty app",
    endsAt: iso(T0 + 2 * HOUR),
  });
  return { sim, pct, fixed, ship, bxgy, app };
}

describe("discountNodes", () => {
  it("GIVEN one discount of each kind THEN lists them all in id order with their __typename", () => {
    const { sim } = setUp();
    const nodes = gql(sim, LIST, { first: 10 }).data.discountNodes.nodes;
    expect(nodes.map((n: Json) => [n.discount.__typename, n.discount.codes.nodes[0].code])).toEqual(
      [
        ["DiscountCodeBasic", "THANKS-15"],
        ["DiscountCodeBasic", "TENOFF"],
        ["DiscountCodeFreeShipping", "SHIPIT"],
        ["DiscountCodeBxgy", "B2G1"],
        ["DiscountCodeApp", "APPCODE"],
      ],
    );
    expect(nodes[4].discount).toMatchObject({
      title: "Loyalty app",
      status: "ACTIVE",
      endsAt: "2026-06-01T14:00:00Z",
    });
    expect(nodes[0].id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
  });

  it("filters by free text (title or code), method, status, type and times_used, combined with AND", () => {
    const { sim } = setUp();
    const c = addCustomer(sim, { email: "buyer@x.com" });
    sim.actions(SHOP).placeOrder({ customerId: c.id, discountCode: "tenoff", subtotal: 40 });
    expect(titles(sim, "thanks")).toEqual(["Title THANKS-15"]);
    expect(titles(sim, "shipit")).toEqual(["Ship free"]);
    expect(titles(sim, "method:code")).toHaveLength(5);
    expect(titles(sim, "method:automatic")).toEqual([]);
    expect(titles(sim, "status:scheduled")).toEqual(["Ship free"]);
    expect(titles(sim, "type:percentage")).toEqual(["Title THANKS-15"]);
    expect(titles(sim, "discount_type:fixed_amount")).toEqual(["Ten off"]);
    expect(titles(sim, "type:free_shipping")).toEqual(["Ship free"]);
    expect(titles(sim, "type:bogo")).toEqual(["Buy 2 get 1"]);
    expect(titles(sim, "type:bxgy")).toEqual(["Buy 2 get 1"]);
    expect(titles(sim, "type:app")).toEqual(["Loyalty app"]);
    expect(titles(sim, "times_used:>0")).toEqual(["Ten off"]);
    expect(titles(sim, "method:code AND status:active AND times_used:0")).toEqual([
      "Title THANKS-15",
      "Buy 2 get 1",
      "Loyalty app",
    ]);
    // What a picker of codes an automation can use asks for.
    expect(
      titles(
        sim,
        "method:code status:active (type:percentage OR type:fixed_amount OR type:free_shipping)",
      ),
    ).toEqual(["Title THANKS-15", "Ten off"]);
  });

  it("sorts by TITLE, pages with cursors, and reports unknown filters in extensions.search", () => {
    const { sim } = setUp();
    expect(titles(sim, null, { sort: "TITLE" })).toEqual([
      "Buy 2 get 1",
      "Loyalty app",
      "Ship free",
      "Ten off",
      "Title THANKS-15",
    ]);
    expect(titles(sim, null, { sort: "TITLE", reverse: true })[0]).toBe("Title THANKS-15");
    const first = gql(sim, LIST, { first: 2, sort: "TITLE" }).data.discountNodes;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = gql(sim, LIST, { first: 5, after: first.pageInfo.endCursor, sort: "TITLE" }).data
      .discountNodes;
    expect(rest.nodes.map((n: Json) => n.discount.title)).toEqual([
      "Ship free",
      "Ten off",
      "Title THANKS-15",
    ]);
    const res = gql(sim, LIST, { q: "colour:red", first: 5 });
    expect(res.data.discountNodes.nodes).toHaveLength(5);
    expect(JSON.stringify(res.extensions.search)).toContain("colour");
  });

  it("codeDiscountNodes (deprecated) lists the same code discounts; discountNode reads BXGY and app ones", () => {
    const { sim, bxgy, app } = setUp();
    const codes = gql(
      sim,
      `{ codeDiscountNodes(first: 10, query: "type:bogo") { nodes { id codeDiscount { __typename ... on DiscountCodeBxgy { title } } } } }`,
    ).data.codeDiscountNodes.nodes;
    expect(codes).toEqual([
      {
        id: `gid://shopify/DiscountCodeNode/${bxgy.id}`,
        codeDiscount: { __typename: "DiscountCodeBxgy", title: "Buy 2 get 1" },
      },
    ]);
    const node = (id: number) =>
      gql(
        sim,
        `query($id: ID!) { discountNode(id: $id) { discount { __typename
          ... on DiscountCodeBxgy { status summary usesPerOrderLimit customerBuys { value { ... on DiscountQuantity { quantity } } } customerGets { value { ... on DiscountOnQuantity { quantity { quantity } effect { ... on DiscountPercentage { percentage } } } } } }
          ... on DiscountCodeApp { status discountClasses appDiscountType { title functionId } codesCount { count } }
        } } }`,
        { id: `gid://shopify/DiscountCodeNode/${id}` },
      ).data.discountNode.discount;
    expect(node(bxgy.id)).toEqual({
      __typename: "DiscountCodeBxgy",
      status: "ACTIVE",
      summary: "Buy 2 items, get 1 item free",
      usesPerOrderLimit: null,
      customerBuys: { value: { quantity: "2" } },
      customerGets: { value: { quantity: { quantity: "1" }, effect: { percentage: 1 } } },
    });
    expect(node(app.id)).toMatchObject({
      __typename: "DiscountCodeApp",
      discountClasses: ["ORDER"],
      appDiscountType: { title: "Loyalty app" },
      codesCount: { count: 1 },
    });
  });
});

describe("discountCodeBasicUpdate and discountCodeFreeShippingUpdate", () => {
  it("GIVEN a partial input THEN only those fields change and discounts/update is sent once", () => {
    const { sim, pct } = setUp();
    const before = sim.webhooks.events(SHOP).length;
    const res = gql(sim, UPDATE_BASIC, {
      id: pct,
      d: { endsAt: iso(T0 + 48 * HOUR), customerGets: { value: { percentage: 0.2 } } },
    }).data.discountCodeBasicUpdate;
    expect(res.userErrors).toEqual([]);
    expect(res.codeDiscountNode.codeDiscount).toEqual({
      title: "Title THANKS-15",
      status: "ACTIVE",
      endsAt: "2026-06-03T12:00:00Z",
      usageLimit: null,
      appliesOncePerCustomer: false,
      codes: { nodes: [{ code: "THANKS-15" }] },
      customerGets: { value: { percentage: 0.2 } },
    });
    const after = sim.webhooks.events(SHOP).slice(before);
    expect(after.map((e) => e.topic)).toEqual(["discounts/update"]);
    expect(after[0]!.payload).toMatchObject({ admin_graphql_api_id: pct, status: "ACTIVE" });
    // The same input again changes nothing: no webhook.
    gql(sim, UPDATE_BASIC, { id: pct, d: { endsAt: iso(T0 + 48 * HOUR) } });
    expect(sim.webhooks.events(SHOP).length).toBe(before + 1);
  });

  it("a new code replaces the old one for lookups; a taken code is TAKEN", () => {
    const { sim, pct } = setUp();
    const res = gql(sim, UPDATE_BASIC, { id: pct, d: { code: "THANKS-20" } }).data
      .discountCodeBasicUpdate;
    expect(res.codeDiscountNode.codeDiscount.codes.nodes).toEqual([{ code: "THANKS-20" }]);
    const byCode = (code: string) =>
      gql(sim, `query($c: String!) { codeDiscountNodeByCode(code: $c) { id } }`, { c: code }).data
        .codeDiscountNodeByCode;
    expect(byCode("thanks-20")).toEqual({ id: pct });
    expect(byCode("THANKS-15")).toBeNull();
    expect(
      gql(sim, UPDATE_BASIC, { id: pct, d: { code: "tenoff" } }).data.discountCodeBasicUpdate,
    ).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          code: "TAKEN",
          field: ["basicCodeDiscount", "code"],
          message: "Code must be unique. Please try a different code.",
        },
      ],
    });
  });

  it("refuses an unknown id, an end before the start and a percentage out of range, changing nothing", () => {
    const { sim, pct, ship } = setUp();
    const errors = (id: string, d: Record<string, unknown>) =>
      gql(sim, UPDATE_BASIC, { id, d }).data.discountCodeBasicUpdate.userErrors;
    expect(errors("gid://shopify/DiscountCodeNode/1", { title: "x" })).toEqual([
      { code: "INVALID", field: ["id"], message: "Code discount does not exist." },
    ]);
    // A free shipping discount is not a basic one.
    expect(errors(ship, { title: "x" })[0].field).toEqual(["id"]);
    expect(errors(pct, { endsAt: iso(T0 - 5000) })).toEqual([
      {
        code: "END_DATE_BEFORE_START_DATE",
        field: ["basicCodeDiscount", "endsAt"],
        message: "Ends at needs to be after starts_at",
      },
    ]);
    expect(errors(pct, { customerGets: { value: { percentage: 1.5 } } })).toEqual([
      {
        code: "VALUE_OUTSIDE_RANGE",
        field: ["basicCodeDiscount", "customerGets", "value", "percentage"],
        message: "Value must be between 0.0 and 1.0",
      },
    ]);
    expect(titles(sim, "status:expired")).toEqual([]);
    expect(sim.webhooks.events(SHOP).filter((e) => e.topic === "discounts/update")).toEqual([]);
  });

  it("updates a free shipping discount", () => {
    const { sim, ship } = setUp();
    const res = gql(sim, UPDATE_SHIPPING, {
      id: ship,
      d: { title: "Ship free (summer)", maximumShippingPrice: "12.5", endsAt: null },
    }).data.discountCodeFreeShippingUpdate;
    expect(res).toEqual({
      codeDiscountNode: {
        codeDiscount: {
          title: "Ship free (summer)",
          endsAt: null,
          maximumShippingPrice: { amount: "12.5" },
        },
      },
      userErrors: [],
    });
  });

  it("discountCodeDeactivate and discountCodeActivate exist and send discounts/update", () => {
    const { sim, fixed } = setUp();
    const deactivate = gql(
      sim,
      `mutation($id: ID!) { discountCodeDeactivate(id: $id) { codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } } userErrors { code } } }`,
      { id: fixed },
    ).data.discountCodeDeactivate;
    expect(deactivate.codeDiscountNode.codeDiscount.status).toBe("EXPIRED");
    const activate = gql(
      sim,
      `mutation($id: ID!) { discountCodeActivate(id: $id) { codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } } userErrors { code } } }`,
      { id: fixed },
    ).data.discountCodeActivate;
    expect(activate.codeDiscountNode.codeDiscount.status).toBe("ACTIVE");
  });
});

describe("BXGY and app code discounts", () => {
  it("discountCodeBxgyCreate makes a DiscountCodeBxgy and sends discounts/create", () => {
    const sim = makeSimulator();
    const res = gql(
      sim,
      `mutation($d: DiscountCodeBxgyInput!) { discountCodeBxgyCreate(bxgyCodeDiscount: $d) {
        codeDiscountNode { codeDiscount { __typename ... on DiscountCodeBxgy { title status summary } } }
        userErrors { code field message } } }`,
      {
        d: {
          title: "Socks 3 for 2",
          code: "SOCKS",
          startsAt: iso(T0),
          context: { all: "ALL" },
          customerBuys: { value: { quantity: "2" }, items: { all: true } },
          customerGets: {
            value: { discountOnQuantity: { quantity: "1", effect: { percentage: 0.5 } } },
            items: { all: true },
          },
        },
      },
    ).data.discountCodeBxgyCreate;
    expect(res).toEqual({
      codeDiscountNode: {
        codeDiscount: {
          __typename: "DiscountCodeBxgy",
          title: "Socks 3 for 2",
          status: "ACTIVE",
          summary: "Buy 2 items, get 1 item at 50% off",
        },
      },
      userErrors: [],
    });
    expect(sim.webhooks.events(SHOP).map((e) => e.topic)).toEqual(["discounts/create"]);
  });

  it("the control route makes BXGY and app codes; a BXGY code applies to the cheapest items", async () => {
    const sim = makeSimulator();
    const made = await control(sim, "POST", "/discounts", {
      type: "bxgy",
      code: "B2G1",
      buys: 2,
      gets: 1,
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({
      type: "DiscountCodeBxgy",
      discountType: "bogo",
      codes: ["B2G1"],
      status: "ACTIVE",
      asyncUsageCount: 0,
    });
    const app = await control(sim, "POST", "/discounts", { type: "app", code: "FN10" });
    expect(app.body).toMatchObject({ type: "DiscountCodeApp", discountType: "app" });
    expect((await control(sim, "POST", "/discounts", { type: "app", code: "fn10" })).status).toBe(
      422,
    );
    expect((await control(sim, "POST", "/discounts", { type: "other", code: "X" })).status).toBe(
      400,
    );
    const c = addCustomer(sim, { email: "b@x.com" });
    const order = sim.actions(SHOP).placeOrder({
      customerId: c.id,
      discountCode: "b2g1",
      lineItems: [
        { title: "Socks", price: 5, quantity: 2 },
        { title: "Hat", price: 20 },
      ],
      shipping: 0,
    });
    expect(order.discountCents).toBe(500);
    expect(() =>
      sim.actions(SHOP).placeOrder({ customerId: c.id, discountCode: "B2G1", subtotal: 30 }),
    ).toThrow(/needs 3 items/);
    const listed = (await control(sim, "GET", "/discounts")).body as Json[];
    expect(listed.map((d) => [d.codes[0], d.asyncUsageCount])).toEqual([
      ["B2G1", 1],
      ["FN10", 0],
    ]);
  });
});

describe("expiry by the clock", () => {
  it("GIVEN a discount ending in an hour WHEN the clock passes it THEN it reads EXPIRED and no webhook is sent", async () => {
    const { sim, app } = setUp();
    const sent = sim.webhooks.events(SHOP).length;
    expect(titles(sim, "status:expired")).toEqual([]);
    // As the control route does it (POST /clock { advanceMs }).
    await handleControl(sim, {
      method: "POST",
      path: "/clock",
      query: new URLSearchParams(),
      body: { advanceMs: 3 * HOUR },
    });
    expect(titles(sim, "status:expired")).toEqual(["Loyalty app"]);
    const node = gql(
      sim,
      `query($id: ID!) { discountNode(id: $id) { discount { ... on DiscountCodeApp { status } } } }`,
      { id: `gid://shopify/DiscountCodeNode/${app.id}` },
    ).data.discountNode;
    expect(node.discount.status).toBe("EXPIRED");
    // Shopify sends nothing when a discount reaches its end date.
    expect(sim.webhooks.events(SHOP).length).toBe(sent);
    const c = addCustomer(sim, { email: "late@x.com" });
    expect(() =>
      sim.actions(SHOP).placeOrder({ customerId: c.id, discountCode: "APPCODE" }),
    ).toThrow(/expired/);
  });
});
