import { isoDate } from "../format";
import { gid, idArg } from "../ids";
import type { DiscountRecord, RedeemCode } from "../model";
import { listConnection, type PageArgs } from "./connection";
import type { Ctx, ResolverMap } from "./context";
import { ownerMetafieldFields } from "./metafields";
import { money } from "./views";

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

/** Status is derived from the dates, as Shopify does. */
export function discountStatus(d: DiscountRecord, now: number): DiscountStatus {
  if (now < d.startsAt) return "SCHEDULED";
  if (d.endsAt !== null && now >= d.endsAt) return "EXPIRED";
  return "ACTIVE";
}

interface CodeDiscountView {
  __typename: "DiscountCodeBasic" | "DiscountCodeFreeShipping";
  discount: DiscountRecord;
}

export function codeDiscountView(d: DiscountRecord): CodeDiscountView {
  return {
    __typename: d.kind === "basic" ? "DiscountCodeBasic" : "DiscountCodeFreeShipping",
    discount: d,
  };
}

function summary(d: DiscountRecord, currency: string): string {
  let what: string;
  if (d.kind === "freeShipping") what = "Free shipping on all products";
  else if (d.value?.kind === "percentage")
    what = `${Math.round(d.value.percentage * 100)}% off entire order`;
  else what = `${money(d.value?.amountCents ?? 0, currency).amount} ${currency} off entire order`;
  const parts = [what];
  if (d.minimumSubtotalCents !== null)
    parts.push(`Minimum purchase of ${money(d.minimumSubtotalCents, currency).amount} ${currency}`);
  if (d.minimumQuantity !== null) parts.push(`Minimum quantity of ${d.minimumQuantity} items`);
  if (d.appliesOncePerCustomer) parts.push("One use per customer");
  if (d.usageLimit !== null) parts.push(`Limit of ${d.usageLimit} uses`);
  return parts.join(" • ");
}

function contextView(d: DiscountRecord, ctx: Ctx, deprecatedShape: boolean) {
  const c = d.context;
  if (c.kind === "customers") {
    return {
      __typename: "DiscountCustomers",
      customers: c.customerIds.map((id) => ctx.shop.customers.get(id)).filter(Boolean),
    };
  }
  if (c.kind === "segments") {
    return {
      __typename: "DiscountCustomerSegments",
      segments: c.segmentIds.map((id) => ctx.shop.segments.get(id)).filter(Boolean),
    };
  }
  return deprecatedShape
    ? { __typename: "DiscountCustomerAll", allCustomers: true }
    : { __typename: "DiscountBuyerSelectionAll", all: "ALL" };
}

const shared = {
  title: (v: CodeDiscountView) => v.discount.title,
  status: (v: CodeDiscountView, _a: unknown, ctx: Ctx) =>
    discountStatus(v.discount, ctx.env.clock.now()),
  startsAt: (v: CodeDiscountView) => isoDate(v.discount.startsAt),
  endsAt: (v: CodeDiscountView) => (v.discount.endsAt === null ? null : isoDate(v.discount.endsAt)),
  createdAt: (v: CodeDiscountView) => isoDate(v.discount.createdAt),
  updatedAt: (v: CodeDiscountView) => isoDate(v.discount.updatedAt),
  asyncUsageCount: (v: CodeDiscountView) => v.discount.asyncUsageCount,
  usageLimit: (v: CodeDiscountView) => v.discount.usageLimit,
  appliesOncePerCustomer: (v: CodeDiscountView) => v.discount.appliesOncePerCustomer,
  recurringCycleLimit: (v: CodeDiscountView) => v.discount.recurringCycleLimit,
  tags: (v: CodeDiscountView) => v.discount.tags,
  hasTimelineComment: () => false,
  summary: (v: CodeDiscountView, _a: unknown, ctx: Ctx) =>
    summary(v.discount, ctx.shop.settings.currencyCode),
  shortSummary: (v: CodeDiscountView, _a: unknown, ctx: Ctx) =>
    summary(v.discount, ctx.shop.settings.currencyCode).split(" • ")[0],
  totalSales: (v: CodeDiscountView, _a: unknown, ctx: Ctx) =>
    money(v.discount.totalSalesCents, ctx.shop.settings.currencyCode),
  codesCount: (v: CodeDiscountView) => ({ count: v.discount.codes.length, precision: "EXACT" }),
  codes: (v: CodeDiscountView, args: PageArgs) =>
    listConnection(v.discount.codes, args, (c: RedeemCode) => ({
      id: gid("DiscountRedeemCode", c.id),
      code: c.code,
      asyncUsageCount: c.usageCount,
      createdBy: null,
    })),
  combinesWith: (v: CodeDiscountView) => ({
    ...v.discount.combinesWith,
    productDiscountsWithTagsOnSameCartLine: null,
  }),
  minimumRequirement: (v: CodeDiscountView, _a: unknown, ctx: Ctx) => {
    const d = v.discount;
    if (d.minimumSubtotalCents !== null) {
      return {
        __typename: "DiscountMinimumSubtotal",
        greaterThanOrEqualToSubtotal: money(d.minimumSubtotalCents, ctx.shop.settings.currencyCode),
      };
    }
    if (d.minimumQuantity !== null)
      return {
        __typename: "DiscountMinimumQuantity",
        greaterThanOrEqualToQuantity: String(d.minimumQuantity),
      };
    return null;
  },
  context: (v: CodeDiscountView, _a: unknown, ctx: Ctx) => contextView(v.discount, ctx, false),
  customerSelection: (v: CodeDiscountView, _a: unknown, ctx: Ctx) =>
    contextView(v.discount, ctx, true),
  appliesOnOneTimePurchase: (v: CodeDiscountView) => v.discount.appliesOnOneTimePurchase,
  appliesOnSubscription: (v: CodeDiscountView) => v.discount.appliesOnSubscription,
};

export const discountResolvers: ResolverMap = {
  QueryRoot: {
    codeDiscountNodeByCode: (_s: unknown, args: { code: string }, ctx: Ctx) =>
      ctx.shop.discountByCode(args.code) ?? null,
    // Code discounts only: the simulator makes no automatic discounts.
    discountNode: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "DiscountCodeNode");
      return id === null ? null : (ctx.shop.discounts.get(id) ?? null);
    },
    codeDiscountNode: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "DiscountCodeNode");
      return id === null ? null : (ctx.shop.discounts.get(id) ?? null);
    },
  },
  DiscountNode: {
    id: (d: DiscountRecord) => gid("DiscountCodeNode", d.id),
    discount: (d: DiscountRecord) => codeDiscountView(d),
  },
  DiscountCodeNode: {
    ...ownerMetafieldFields<DiscountRecord>((d) => gid("DiscountCodeNode", d.id)),
    id: (d: DiscountRecord) => gid("DiscountCodeNode", d.id),
    codeDiscount: (d: DiscountRecord) => codeDiscountView(d),
  },
  DiscountCodeBasic: {
    ...shared,
    discountClass: () => "ORDER",
    discountClasses: () => ["ORDER"],
    customerGets: (v: CodeDiscountView, _a: unknown, ctx: Ctx) => {
      const d = v.discount;
      const value =
        d.value?.kind === "percentage"
          ? { __typename: "DiscountPercentage", percentage: d.value.percentage }
          : {
              __typename: "DiscountAmount",
              amount: money(d.value?.amountCents ?? 0, ctx.shop.settings.currencyCode),
              appliesOnEachItem: d.value?.appliesOnEachItem ?? false,
            };
      return {
        value,
        items: { __typename: "AllDiscountItems", allItems: true },
        appliesOnOneTimePurchase: d.appliesOnOneTimePurchase,
        appliesOnSubscription: d.appliesOnSubscription,
      };
    },
  },
  DiscountCodeFreeShipping: {
    ...shared,
    discountClass: () => "SHIPPING",
    discountClasses: () => ["SHIPPING"],
    destinationSelection: () => ({ __typename: "DiscountCountryAll", allCountries: true }),
    maximumShippingPrice: (v: CodeDiscountView, _a: unknown, ctx: Ctx) =>
      v.discount.maximumShippingPriceCents === null
        ? null
        : money(v.discount.maximumShippingPriceCents, ctx.shop.settings.currencyCode),
  },
};
