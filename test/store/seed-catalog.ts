/** The discounts and segments a seeded shop starts with. */
import type { DiscountRecord } from "./model";
import type { ShopStore } from "./state";

const DAY = 86_400_000;

/** A code discount with defaults for every field not given, added to the store (no webhook). */
export function addCodeDiscount(
  store: ShopStore,
  _now: number,
  init: Partial<DiscountRecord> & Pick<DiscountRecord, "kind" | "title" | "startsAt">,
  code: string,
): DiscountRecord {
  return store.addDiscount({
    __typename: "DiscountCodeNode",
    id: store.nextId("discount"),
    codes: [{ id: store.nextId("code"), code, usageCount: 0 }],
    endsAt: null,
    appliesOncePerCustomer: false,
    usageLimit: null,
    minimumSubtotalCents: null,
    minimumQuantity: null,
    context: { kind: "all" },
    value: null,
    maximumShippingPriceCents: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
    recurringCycleLimit: null,
    tags: [],
    asyncUsageCount: 0,
    totalSalesCents: 0,
    usedByCustomerIds: new Set(),
    createdAt: init.startsAt,
    updatedAt: init.startsAt,
    ...init,
  });
}

export function seedDiscounts(store: ShopStore, now: number): DiscountRecord[] {
  return [
    addCodeDiscount(
      store,
      now,
      {
        kind: "basic",
        title: "Welcome 10%",
        startsAt: now - 900 * DAY,
        value: { kind: "percentage", percentage: 0.1 },
        appliesOncePerCustomer: true,
      },
      "WELCOME10",
    ),
    addCodeDiscount(
      store,
      now,
      {
        kind: "freeShipping",
        title: "Free shipping over 50",
        startsAt: now - 400 * DAY,
        minimumSubtotalCents: 5000,
      },
      "FREESHIP",
    ),
    addCodeDiscount(
      store,
      now,
      {
        kind: "basic",
        title: "Summer sale",
        startsAt: now - 200 * DAY,
        endsAt: now - 120 * DAY,
        value: { kind: "percentage", percentage: 0.2 },
      },
      "SUMMER20",
    ),
    addCodeDiscount(
      store,
      now,
      {
        kind: "basic",
        title: "Thank you (post-purchase)",
        startsAt: now - 90 * DAY,
        value: { kind: "amount", amountCents: 1500, appliesOnEachItem: false },
        appliesOncePerCustomer: true,
      },
      "THANKYOU-15",
    ),
    addCodeDiscount(
      store,
      now,
      {
        kind: "basic",
        title: "Holiday 25%",
        startsAt: now + 30 * DAY,
        endsAt: now + 45 * DAY,
        value: { kind: "percentage", percentage: 0.25 },
      },
      "HOLIDAY25",
    ),
  ];
}

export function seedSegments(store: ShopStore, now: number): void {
  const segments: [string, string][] = [
    ["VIP customers", "customer_tags CONTAINS 'VIP'"],
    ["Email subscribers", "email_subscription_status = 'SUBSCRIBED'"],
    ["Never ordered", "number_of_orders = 0"],
    ["Repeat customers", "number_of_orders >= 2"],
    ["Nordic customers", "customer_countries CONTAINS 'SE' OR customer_countries CONTAINS 'NO'"],
  ];
  segments.forEach(([name, query], i) => {
    const id = store.nextId("segment");
    store.segments.set(id, {
      __typename: "Segment",
      id,
      name,
      query,
      creationDate: now - (400 - i * 50) * DAY,
      lastEditDate: now - (100 - i * 10) * DAY,
    });
  });
}
