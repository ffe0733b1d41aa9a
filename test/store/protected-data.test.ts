import { describe, expect, it } from "vitest";
import { customerPayload } from "./payloads";
import { addCustomer, customerGid, gql, makeSimulator, SHOP } from "./testing";

describe("protected customer data", () => {
  it("GIVEN an app approved for level 1 only THEN names and emails are null with ACCESS_DENIED at each field, the rest is answered", () => {
    const sim = makeSimulator({ protectedCustomerData: "level1" });
    const c = addCustomer(sim, { firstName: "Ada", email: "ada@example.com", tags: ["vip"] });
    const res = gql(
      sim,
      `query($id: ID!) { customer(id: $id) { id tags firstName defaultEmailAddress { emailAddress } } }`,
      { id: customerGid(c) },
    );
    expect(res.data).toEqual({
      customer: { id: customerGid(c), tags: ["vip"], firstName: null, defaultEmailAddress: null },
    });
    const errors = res.errors as { message: string; path: string[]; extensions: object }[];
    expect(errors.map((e) => e.path.join("."))).toEqual([
      "customer.firstName",
      "customer.defaultEmailAddress",
    ]);
    expect(errors[0]!.message).toMatch(
      /^This app is not approved to use the firstName field\. See https:\/\/partners\.shopify\.com\/.+ for more details\.$/,
    );
    expect(errors[0]!.extensions).toEqual({ code: "ACCESS_DENIED" });
    // Webhook payloads carry the customer without them.
    const payload = customerPayload(sim.runtime(SHOP).store, c);
    expect(payload).toMatchObject({ id: c.id, email: null, first_name: null, addresses: [] });
  });

  it("GIVEN level 2 (the default) THEN the fields are answered", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { firstName: "Ada", email: "ada@example.com" });
    const res = gql(sim, `query($id: ID!) { customer(id: $id) { firstName email } }`, {
      id: customerGid(c),
    });
    expect(res.data).toEqual({ customer: { firstName: "Ada", email: "ada@example.com" } });
    expect(res.errors).toBeUndefined();
  });
});
