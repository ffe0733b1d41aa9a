import { describe, expect, it } from "vitest";
import { addCustomer, gql, makeSimulator, SHOP } from "./testing";

const payloadOf = (sim: ReturnType<typeof makeSimulator>, topic: string) =>
  sim.webhooks.events(SHOP).find((e) => e.topic === topic)!.payload as Record<string, unknown>;

describe("primary domain", () => {
  it("GIVEN no primaryDomain THEN the shop sells on a domain derived from its name, not on myshopify.com", () => {
    const sim = makeSimulator({ name: "Demo Store" });
    const res = gql(sim, "{ shop { url myshopifyDomain primaryDomain { host url } } }");
    expect(res.data.shop).toEqual({
      url: "https://demo-store.example",
      myshopifyDomain: SHOP,
      primaryDomain: { host: "demo-store.example", url: "https://demo-store.example" },
    });
  });

  it("GIVEN ShopConfig.primaryDomain THEN Shop.primaryDomain and classic account URLs use it", () => {
    const sim = makeSimulator({ primaryDomain: "www.patron-shop.com" });
    const res = gql(sim, "{ shop { primaryDomain { host url } customerAccountsV2 { url } } }");
    expect(res.data.shop).toEqual({
      primaryDomain: { host: "www.patron-shop.com", url: "https://www.patron-shop.com" },
      customerAccountsV2: { url: "https://www.patron-shop.com/account/login" },
    });
  });

  it("GIVEN an uninstall THEN app/uninstalled carries domain = primary domain and myshopify_domain = the myshopify one", () => {
    const sim = makeSimulator({ primaryDomain: "www.patron-shop.com" });
    sim.actions(SHOP).uninstall();
    expect(payloadOf(sim, "app/uninstalled")).toMatchObject({
      domain: "www.patron-shop.com",
      myshopify_domain: SHOP,
    });
  });

  it("GIVEN compliance requests THEN shop_domain stays the myshopify domain", () => {
    const sim = makeSimulator({ primaryDomain: "www.patron-shop.com" });
    const c = addCustomer(sim, { email: "gdpr@x.com" });
    sim.actions(SHOP).requestCustomerData(c.id);
    sim.actions(SHOP).redactCustomer(c.id);
    sim.actions(SHOP).redactShop();
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"])
      expect(payloadOf(sim, topic).shop_domain).toBe(SHOP);
  });
});
