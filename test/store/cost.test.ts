import { parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { actualCost, requestedCost, type CostContext } from "./cost";
import { plan } from "./graphql";
import { adminSchema } from "./schema";
import { addCustomer, gql, makeSimulator } from "./testing";

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const planned = plan(query, variables);
  if ("errors" in planned) throw new Error(JSON.stringify(planned.errors));
  return requestedCost(planned.costCtx, planned.operation);
}

describe("requested query cost (Shopify's published rules)", () => {
  it("scalars and enums are free, an object costs 1 (blog example: shop = 1)", () => {
    expect(cost("{ shop { id name timezoneOffsetMinutes customerAccounts } }")).toBe(1);
    expect(
      cost("{ shop { plan { displayName } customerAccountsV2 { customerAccountsVersion } } }"),
    ).toBe(3);
  });

  it("a connection costs 2 plus the objects it can return: orders(first: 50) = 52", () => {
    expect(cost("{ orders(first: 50) { edges { node { id } } } }")).toBe(52);
  });

  it("nested connections multiply: products(first: 10) with variants(first: 5) = 82", () => {
    expect(
      cost(
        "{ products(first: 10) { edges { node { title variants(first: 5) { edges { node { price } } } } } } }",
      ),
    ).toBe(82);
  });

  it("counts each node once whether selected through nodes or edges; pageInfo is included", () => {
    expect(
      cost(
        "{ customers(first: 10) { nodes { id } edges { cursor node { email } } pageInfo { hasNextPage } } }",
      ),
    ).toBe(12);
  });

  it("reads first/last from variables, last as well as first", () => {
    expect(cost("query($n: Int) { customers(first: $n) { nodes { id } } }", { n: 25 })).toBe(27);
    expect(cost("{ customers(last: 5) { nodes { id defaultAddress { city } } } }")).toBe(12);
  });

  it("a mutation costs 10; objects in its payload are free, connections in it are not", () => {
    expect(
      cost(
        `mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["a"]) { node { id } userErrors { field message } } }`,
      ),
    ).toBe(10);
    expect(
      cost(
        `mutation { discountCodeDelete(id: "gid://shopify/DiscountCodeNode/1") { deletedCodeDiscountId userErrors { code } } }`,
      ),
    ).toBe(10);
    expect(
      cost(
        `mutation($i: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $i) {
        codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { codes(first: 5) { nodes { code } } } } } userErrors { code } } }`,
        { i: {} },
      ),
    ).toBe(17);
  });

  it("unions and interfaces cost their most expensive possible selection", () => {
    expect(
      cost(`{ codeDiscountNodeByCode(code: "X") { codeDiscount {
        ... on DiscountCodeBasic { codes(first: 10) { nodes { code } } }
        ... on DiscountCodeFreeShipping { title } } } }`),
    ).toBe(14);
  });

  it("follows fragments and honours @skip/@include", () => {
    expect(
      cost(
        "{ customers(first: 10) { nodes { ...F } } } fragment F on Customer { defaultAddress { city } }",
      ),
    ).toBe(22);
    expect(
      cost(
        "query($s: Boolean!) { shop { id } customers(first: 10) @skip(if: $s) { nodes { id } } }",
        { s: true },
      ),
    ).toBe(1);
    expect(
      cost(
        "query($s: Boolean!) { shop { id } customers(first: 10) @include(if: $s) { nodes { id } } }",
        { s: true },
      ),
    ).toBe(13);
  });
});

describe("actual query cost", () => {
  it("uses the number of objects returned", () => {
    const sim = makeSimulator();
    for (let i = 0; i < 3; i++) addCustomer(sim, { email: `c${i}@x.com` });
    const res = gql(
      sim,
      "{ customers(first: 50) { nodes { id defaultEmailAddress { emailAddress } } } }",
    );
    expect(res.extensions.cost.requestedQueryCost).toBe(102);
    expect(res.extensions.cost.actualQueryCost).toBe(2 + 3 * 2);
  });

  it("an object that resolved to null still costs its lookup", () => {
    const sim = makeSimulator();
    const res = gql(
      sim,
      `{ customer(id: "gid://shopify/Customer/1") { id defaultAddress { city } } }`,
    );
    expect(res.data.customer).toBeNull();
    expect(res.extensions.cost).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 1 });
  });

  it("picks the runtime type of union members", () => {
    const schema = adminSchema();
    const doc = parse(
      `{ codeDiscountNodeByCode(code: "X") { codeDiscount { ... on DiscountCodeBasic { codes(first: 10) { nodes { code } } } ... on DiscountCodeFreeShipping { title } } } }`,
    );
    const ctx: CostContext = { schema, fragments: {}, variables: {} };
    const op = doc.definitions[0] as OperationDefinitionNode;
    const data = {
      codeDiscountNodeByCode: {
        codeDiscount: { codes: { nodes: [{ code: "A" }, { code: "B" }] } },
      },
    };
    const basic = new Map([["codeDiscountNodeByCode.codeDiscount", "DiscountCodeBasic"]]);
    expect(actualCost(ctx, op, data, basic)).toBe(1 + 1 + 2 + 2);
    const free = new Map([["codeDiscountNodeByCode.codeDiscount", "DiscountCodeFreeShipping"]]);
    expect(
      actualCost(ctx, op, { codeDiscountNodeByCode: { codeDiscount: { title: "x" } } }, free),
    ).toBe(2);
  });
});
