import type { GraphQLResolveInfo } from "graphql";
import { discountSearch } from "../filters";
import { isoDate } from "../format";
import { gid, idArg } from "../ids";
import type { DiscountRecord, RedeemCode } from "../model";
import { compileSearch, parseSearch, type SearchWarning } from "../search";
import { listConnection, paginate, type PageArgs } from "./connection";
import { pathOf, type Ctx, type ResolverMap } from "./context";
import { ownerMetafieldFields } from "./metafields";
import { money } from "./views";

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

/** Status is derived from the dates, as Shopify does. */
export function discountStatus(d: DiscountRecord, now: number): DiscountStatus {
  if (now < d.startsAt) return "SCHEDULED";
  if (d.endsAt !== null && now >= d.endsAt) return "EXPIRED";
  return "ACTIVE";
}

const TYPENAMES = {
  basic: "DiscountCodeBasic",
  freeShipping: "DiscountCodeFreeShipping",
  bxgy: "DiscountCodeBxgy",
  app: "DiscountCodeApp",
} as const;

interface CodeDiscountView {
  __typename: (typeof TYPENAMES)[keyof typeof TYPENAMES];
  discount: DiscountRecord;
}

export function codeDiscountView(d: DiscountRecord): CodeDiscountView {
  return { __typename: TYPENAMES[d.kind], discount: d };
}

/** The GraphQL type name of a discount (DiscountCodeBasic, …Bxgy, …App). */
export function discountTypename(d: DiscountRecord): string {
  return TYPENAMES[d.kind];
}

function summary(d: DiscountRecord, currency: string): string {
  let what: string;
  if (d.kind === "freeShipping") what = "Free shipping on all products";
  else if (d.kind === "bxgy" && d.bxgy) {
    const pct = Math.round(d.bxgy.getsPercentage * 100);
    const items = (n: number) => `${n} item${n === 1 ? "" : "s"}`;
    what = `Buy ${items(d.bxgy.buysQuantity)}, get ${items(d.bxgy.getsQuantity)} ${pct >= 100 ? "free" : `at ${pct}% off`}`;
  } else if (d.kind === "app") what = d.app?.title ?? "App discount";
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
  shareableUrls: () => [],
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

type DiscountSortKey =
  "CREATED_AT" | "ENDS_AT" | "ID" | "RELEVANCE" | "STARTS_AT" | "TITLE" | "UPDATED_AT";

interface DiscountsArgs extends PageArgs {
  query?: string | null;
  sortKey?: DiscountSortKey | null;
  savedSearchId?: string | null;
}

function sortValue(d: DiscountRecord, key: DiscountSortKey): string | number {
  switch (key) {
    case "CREATED_AT":
      return d.createdAt;
    case "UPDATED_AT":
      return d.updatedAt;
    case "STARTS_AT":
      return d.startsAt;
    // No end date sorts after every end date.
    case "ENDS_AT":
      return d.endsAt ?? Number.MAX_SAFE_INTEGER;
    case "TITLE":
      return d.title.toLowerCase();
    default:
      return d.id;
  }
}

/**
 * discountNodes (and the deprecated codeDiscountNodes, the same list of code
 * discounts since the simulator makes no automatic ones): the shop's
 * discounts filtered by `query` (filters.ts discountSearch), sorted by
 * `sortKey` (default ID; RELEVANCE without a text query is ID order).
 */
function discountsConnection(
  ctx: Ctx,
  args: DiscountsArgs,
  info: GraphQLResolveInfo,
): ReturnType<typeof paginate<DiscountRecord>> {
  const now = ctx.env.clock.now();
  const warnings: SearchWarning[] = [];
  const matches = compileSearch(
    parseSearch(args.query),
    discountSearch(now, (d) => discountStatus(d, now)),
    warnings,
  );
  if (warnings.length)
    ctx.searchReports.push({ path: pathOf(info), query: args.query ?? "", warnings });
  const key = args.sortKey ?? "ID";
  const all = [...ctx.shop.discounts.values()];
  const idOrder = key === "ID" || key === "RELEVANCE";
  const order = all
    .sort((a, b) => {
      if (idOrder) return a.id - b.id;
      const va = sortValue(a, key);
      const vb = sortValue(b, key);
      return (va < vb ? -1 : va > vb ? 1 : 0) || a.id - b.id;
    })
    .map((d) => d.id);
  return paginate<DiscountRecord>({
    order,
    idOrder,
    lookup: (id) => ctx.shop.discounts.get(id),
    matches,
    cursorValue: (d) => sortValue(d, key),
    args,
    unbounded: ctx.bulk,
  });
}

export const discountResolvers: ResolverMap = {
  QueryRoot: {
    codeDiscountNodeByCode: (_s: unknown, args: { code: string }, ctx: Ctx) =>
      ctx.shop.discountByCode(args.code) ?? null,
    discountNodes: (_s: unknown, args: DiscountsArgs, ctx: Ctx, info: GraphQLResolveInfo) =>
      discountsConnection(ctx, args, info),
    // Deprecated in 2026-10 ("Use `discountNodes` instead."): the same code discounts.
    codeDiscountNodes: (_s: unknown, args: DiscountsArgs, ctx: Ctx, info: GraphQLResolveInfo) =>
      discountsConnection(ctx, args, info),
    // Every kind the simulator makes (basic, free shipping, BXGY, app), all code discounts.
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
    ...ownerMetafieldFields<DiscountRecord>((d) => gid("DiscountCodeNode", d.id)),
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
  DiscountCodeBxgy: {
    ...shared,
    discountClass: () => "PRODUCT",
    discountClasses: () => ["PRODUCT"],
    usesPerOrderLimit: (v: CodeDiscountView) => v.discount.bxgy?.usesPerOrderLimit ?? null,
    customerBuys: (v: CodeDiscountView) => ({
      value: {
        __typename: "DiscountQuantity",
        quantity: String(v.discount.bxgy?.buysQuantity ?? 1),
      },
      items: { __typename: "AllDiscountItems", allItems: true },
      isOneTimePurchase: true,
      isSubscription: false,
    }),
    customerGets: (v: CodeDiscountView) => ({
      value: {
        __typename: "DiscountOnQuantity",
        quantity: { quantity: String(v.discount.bxgy?.getsQuantity ?? 1) },
        effect: {
          __typename: "DiscountPercentage",
          percentage: v.discount.bxgy?.getsPercentage ?? 1,
        },
      },
      items: { __typename: "AllDiscountItems", allItems: true },
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
    }),
  },
  DiscountCodeApp: {
    ...shared,
    discountClass: (v: CodeDiscountView) => v.discount.app?.discountClass ?? "ORDER",
    discountClasses: (v: CodeDiscountView) => [v.discount.app?.discountClass ?? "ORDER"],
    // Unverified: the id's type name; Shopify documents it only as "The ID for the discount".
    discountId: (v: CodeDiscountView) => gid("DiscountCodeApp", v.discount.id),
    errorHistory: () => null,
    // AppDiscountType.app and .appBridge have no simulator value: asking for them is an error.
    appDiscountType: (v: CodeDiscountView) => {
      const a = v.discount.app!;
      const cls = a.discountClass;
      return {
        appKey: a.appKey,
        functionId: a.functionId,
        title: a.title,
        description: a.description,
        discountClass: cls,
        discountClasses: [cls],
        targetType: cls === "SHIPPING" ? "SHIPPING_LINE" : "LINE_ITEM",
      };
    },
  },
};
