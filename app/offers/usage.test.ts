// Shopify's count of a discount's uses, read through the Admin API from the
// store simulator: the codes the app made, used at checkout, counted there;
// more ids than one nodes(ids:) query takes read in batches; a deleted
// discount listed apart.
import { beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import { installApp } from "../../test/support/jobs";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { createDiscount, type DiscountTerms } from "./discounts.server";
import { USAGE_BATCH, usageCrossCheck, usageDifference } from "./usage.server";

const SHOP = "offer-usage.myshopify.com";

describe("Shopify's usage count of issued codes", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "PLUS", currencyCode: "EUR", seed: { customers: 10, seed: 23 } },
  ]);
  beforeAll(async () => {
    await installApp("offer-usage");
  });

  const terms = (code: string, kind: DiscountTerms["kind"] = "percentage"): DiscountTerms => ({
    kind,
    value: kind === "free_shipping" ? null : "10",
    code,
    title: `Thanks ${code}`,
    customerId: null,
    startsAt: new Date(Date.now() - 60_000),
    endsAt: null,
    minimumSubtotal: null,
    usageLimit: null,
  });

  it("GIVEN codes used at checkout WHEN their usage is read THEN Shopify's counts per discount and in total", async () => {
    const executor = executorFor(SHOP);
    const basic = await createDiscount(executor, terms("USAGE-A"));
    const shipping = await createDiscount(executor, terms("USAGE-SHIP", "free_shipping"));
    const unused = await createDiscount(executor, terms("USAGE-B"));
    const customers = [...simulator().shop(SHOP).customers.values()];
    const actions = simulator().actions(SHOP);
    actions.placeOrder({ customerId: customers[0]!.id, subtotal: 80, discountCode: "USAGE-A" });
    actions.placeOrder({ customerId: customers[1]!.id, subtotal: 60, discountCode: "usage-a" });
    actions.placeOrder({ customerId: customers[2]!.id, subtotal: 70, discountCode: "USAGE-SHIP" });

    const usage = await usageCrossCheck(executor, [basic, shipping, unused, basic]);
    expect(usage).toEqual({
      total: 3,
      counts: { [basic]: 2, [shipping]: 1, [unused]: 0 },
      missing: [],
    });
    expect(usageDifference(3, usage)).toBeNull();
    expect(usageDifference(2, usage)).toEqual({ ours: 2, shopify: 3 });
  });

  it("GIVEN more discounts than one query takes, some deleted WHEN their usage is read THEN it is read in batches and the deleted are listed apart", async () => {
    const executor = executorFor(SHOP);
    const kept = await createDiscount(executor, terms("USAGE-KEPT"));
    const customer = [...simulator().shop(SHOP).customers.values()][3]!;
    simulator()
      .actions(SHOP)
      .placeOrder({ customerId: customer.id, subtotal: 50, discountCode: "USAGE-KEPT" });
    const deleted = Array.from(
      { length: USAGE_BATCH + 10 },
      (_, i) => `gid://shopify/DiscountCodeNode/${990_000 + i}`,
    );
    // The simulator refuses more than 250 ids in one query, as Shopify does.
    const usage = await usageCrossCheck(executor, [
      ...deleted.slice(0, 200),
      kept,
      ...deleted.slice(200),
    ]);
    expect(usage.total).toBe(1);
    expect(usage.counts).toEqual({ [kept]: 1 });
    expect(usage.missing).toEqual(deleted);
    expect(await usageCrossCheck(executor, [])).toEqual({ total: 0, counts: {}, missing: [] });
  });
});
