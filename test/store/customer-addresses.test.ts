import { describe, expect, it } from "vitest";
import { runOperation } from "./graphql";
import type { Address } from "./model";
import { addCustomer, customerGid, gql, makeSimulator, SHOP } from "./testing";

const UPDATE = `mutation($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!, $setAsDefault: Boolean) {
  customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address, setAsDefault: $setAsDefault) {
    address { id address1 address2 city province provinceCode country countryCodeV2 zip }
    userErrors { field message }
  }
}`;

const addressGid = (a: { id: number }) =>
  `gid://shopify/MailingAddress/${a.id}?model_name=CustomerAddress`;

const MILITARY = {
  address1: "PSC 1234, Box 5678",
  address2: null,
  city: "Ramstein",
  province: "California",
  provinceCode: "CA",
  country: "Germany",
  countryCode: "DE",
  zip: "09012",
};

describe("customerAddressUpdate", () => {
  const sim = makeSimulator();

  function customerWithTwoAddresses(email: string) {
    const c = addCustomer(sim, { email, address: MILITARY });
    const second: Address = { ...c.addresses[0]!, id: c.addresses[0]!.id + 1, city: "Lyon" };
    c.addresses.push(second);
    return c;
  }

  it("GIVEN only some fields THEN only those change, the others (and the order that shares the record) stay", () => {
    const c = customerWithTwoAddresses("fix@x.com");
    const order = sim.actions(SHOP).placeOrder({ customerId: c.id });
    const before = c.addresses[0]!;
    // Seeded orders share their customer's address object: the update must not reach it.
    order.shippingAddress = before;
    const answer = gql(sim, UPDATE, {
      customerId: customerGid(c),
      addressId: addressGid(before),
      address: { city: "APO", provinceCode: "AE", countryCode: "US" },
    }).data.customerAddressUpdate;
    expect(answer).toEqual({
      address: {
        id: addressGid(before),
        address1: "PSC 1234, Box 5678",
        address2: null,
        city: "APO",
        province: "Armed Forces Europe",
        provinceCode: "AE",
        country: "United States",
        countryCodeV2: "US",
        zip: "09012",
      },
      userErrors: [],
    });
    expect(c.addresses[1]!.city).toBe("Lyon");
    expect(order.shippingAddress.city).toBe("Ramstein");
    const events = sim.webhooks.events(SHOP).filter((e) => e.topic === "customers/update");
    expect(events.length).toBeGreaterThan(0);
  });

  it("GIVEN blank strings THEN the fields become null; setAsDefault makes it the default", () => {
    const c = customerWithTwoAddresses("blank@x.com");
    const second = c.addresses[1]!;
    const answer = gql(sim, UPDATE, {
      customerId: customerGid(c),
      addressId: addressGid(second),
      address: { address2: "  ", zip: "" },
      setAsDefault: true,
    }).data.customerAddressUpdate;
    expect(answer.userErrors).toEqual([]);
    expect(answer.address).toMatchObject({ address2: null, zip: null, city: "Lyon" });
    expect(c.defaultAddressIndex).toBe(1);
  });

  it("GIVEN a customer that does not exist (deleted) THEN Customer does not exist on customerId", () => {
    const c = addCustomer(sim, { email: "gone@x.com", address: MILITARY });
    const address = c.addresses[0]!;
    sim.shop(SHOP).removeCustomer(c.id);
    const answer = gql(sim, UPDATE, {
      customerId: customerGid(c),
      addressId: addressGid(address),
      address: { city: "APO" },
    }).data.customerAddressUpdate;
    expect(answer).toEqual({
      address: null,
      userErrors: [{ field: ["customerId"], message: "Customer does not exist" }],
    });
  });

  it("GIVEN an address id nobody has THEN a top-level invalid id (RESOURCE_NOT_FOUND) and a null field", () => {
    const c = addCustomer(sim, { email: "ghost@x.com", address: MILITARY });
    const body = gql(sim, UPDATE, {
      customerId: customerGid(c),
      addressId: "gid://shopify/MailingAddress/999999999999999",
      address: { city: "Ghost" },
    });
    expect(body.data).toEqual({ customerAddressUpdate: null });
    expect(body.errors).toMatchObject([
      {
        message: "Invalid id: gid://shopify/MailingAddress/999999999999999",
        extensions: { code: "RESOURCE_NOT_FOUND" },
      },
    ]);
  });

  it("GIVEN another customer's address THEN Address does not exist on addressId, and nothing changes", () => {
    const owner = addCustomer(sim, { email: "owner@x.com", address: MILITARY });
    const other = addCustomer(sim, { email: "other@x.com" });
    const answer = gql(sim, UPDATE, {
      customerId: customerGid(other),
      addressId: addressGid(owner.addresses[0]!),
      address: { city: "Cross Customer" },
    }).data.customerAddressUpdate;
    expect(answer.userErrors).toEqual([
      { field: ["addressId"], message: "Address does not exist" },
    ]);
    expect(owner.addresses[0]!.city).toBe("Ramstein");
  });

  it("GIVEN a US state Shopify does not know, or country ZZ THEN Shopify's messages and nothing changes", () => {
    const c = addCustomer(sim, { email: "bad@x.com", address: MILITARY });
    const update = (address: object) =>
      gql(sim, UPDATE, {
        customerId: customerGid(c),
        addressId: addressGid(c.addresses[0]!),
        address,
      }).data.customerAddressUpdate;
    expect(update({ countryCode: "US", provinceCode: "ZZ" }).userErrors).toEqual([
      { field: ["address", "province"], message: "Province is invalid" },
    ]);
    expect(update({ countryCode: "ZZ" }).userErrors).toEqual([
      { field: ["address", "country"], message: "Country is invalid" },
    ]);
    expect(c.addresses[0]!.countryCode).toBe("DE");
  });

  it("GIVEN a token with read_customers only THEN ACCESS_DENIED, nothing changes", () => {
    const readOnly = makeSimulator({}, { scopes: "read_customers" });
    const c = addCustomer(readOnly, { email: "ro@x.com", address: MILITARY });
    const body = gql(readOnly, UPDATE, {
      customerId: customerGid(c),
      addressId: addressGid(c.addresses[0]!),
      address: { city: "APO" },
    });
    expect(body.errors[0].extensions.code).toBe("ACCESS_DENIED");
    expect(c.addresses[0]!.city).toBe("Ramstein");
  });
});

describe("addresses in a bulk query", () => {
  it("GIVEN addressesV2 nested in a bulk query THEN every address comes, without first or last", () => {
    const sim = makeSimulator();
    const c = addCustomer(sim, { email: "many@x.com", address: MILITARY });
    for (let i = 0; i < 3; i++)
      c.addresses.push({ ...c.addresses[0]!, id: c.addresses[0]!.id + i + 1 });
    const query =
      "{ customers { edges { node { id addressesV2 { edges { node { id city } } } } } } }";
    const bulk = runOperation(sim.env, sim.shop(SHOP), query, {}, { bulk: true });
    expect(bulk.errors).toBeUndefined();
    expect(bulk.data).toMatchObject({
      customers: {
        edges: [
          { node: { addressesV2: { edges: Array(4).fill({ node: { city: "Ramstein" } }) } } },
        ],
      },
    });
    // Outside a bulk operation a page size is still required.
    expect(gql(sim, query).errors[0].message).toBe("you must provide one of first or last");
  });
});
