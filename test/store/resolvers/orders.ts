import { orderSearch } from "../filters";
import { isoDate } from "../format";
import { gid, idArg } from "../ids";
import type { CustomerRecord, OrderRecord, RefundRecord } from "../model";
import { orderFinancialStatus, refundableCents } from "../order-status";
import { compileSearch, parseSearch, type SearchWarning } from "../search";
import { listConnection, paginate, type PageArgs } from "./connection";
import { pathOf, type Ctx, type ResolverMap } from "./context";
import { ownerMetafieldFields } from "./metafields";
import { addressView, moneyBag } from "./views";

const SIXTY_DAYS = 60 * 86_400_000;

/**
 * "Only the last 60 days' worth of orders … by default"; older ones need
 * read_all_orders. Applied to orders, order(id) and customer order lists.
 */
export function orderVisible(ctx: Ctx, order: OrderRecord): boolean {
  if (ctx.scopes.has("read_all_orders")) return true;
  return order.createdAt >= ctx.env.clock.now() - SIXTY_DAYS;
}

type OrderSortKey =
  | "CREATED_AT"
  | "ID"
  | "ORDER_NUMBER"
  | "PROCESSED_AT"
  | "UPDATED_AT"
  | "TOTAL_PRICE"
  | "CURRENT_TOTAL_PRICE"
  | string;

function sortValue(o: OrderRecord, key: OrderSortKey): number {
  switch (key) {
    case "CREATED_AT":
      return o.createdAt;
    case "UPDATED_AT":
      return o.updatedAt;
    case "ORDER_NUMBER":
      return o.number;
    case "TOTAL_PRICE":
      return o.totalCents;
    case "CURRENT_TOTAL_PRICE":
      return o.currentTotalCents;
    case "ID":
      return o.id;
    default:
      return o.processedAt;
  }
}

const sortCache = new WeakMap<readonly number[], Map<string, readonly number[]>>();

interface OrdersArgs extends PageArgs {
  query?: string | null;
  sortKey?: OrderSortKey | null;
}

function ordersOver(
  ctx: Ctx,
  ids: readonly number[],
  args: OrdersArgs,
  info: Parameters<typeof pathOf>[0] | null,
) {
  const { shop } = ctx;
  const warnings: SearchWarning[] = [];
  const matches = compileSearch(parseSearch(args.query), orderSearch(shop), warnings);
  if (warnings.length && info)
    ctx.searchReports.push({ path: pathOf(info), query: args.query ?? "", warnings });
  const key = args.sortKey ?? "PROCESSED_AT";
  const idOrder = key === "ID";
  let order = ids;
  if (!idOrder) {
    // Keyed by the id array itself: the store replaces it when orders change.
    let byKey = sortCache.get(ids);
    if (!byKey) sortCache.set(ids, (byKey = new Map()));
    order = byKey.get(key) ?? [];
    if (!byKey.has(key)) {
      order = [...ids].sort(
        (a, b) =>
          sortValue(shop.orders.get(a)!, key) - sortValue(shop.orders.get(b)!, key) || a - b,
      );
      byKey.set(key, order);
    }
  }
  return paginate<OrderRecord>({
    order,
    idOrder,
    lookup: (id) => shop.orders.get(id),
    matches: (o) => orderVisible(ctx, o) && matches(o),
    cursorValue: (o) => sortValue(o, key),
    args,
    unbounded: ctx.bulk,
    positionLimit: shop.settings.paginationLimit,
  });
}

export function customerOrdersConnection(ctx: Ctx, c: CustomerRecord, args: OrdersArgs) {
  const ids = [...(c.orderIds ?? [])].filter((id) => ctx.shop.orders.has(id)).sort((a, b) => a - b);
  return ordersOver(ctx, ids, args, null);
}

export function lastVisibleOrder(ctx: Ctx, c: CustomerRecord): OrderRecord | null {
  const ids = c.orderIds ?? [];
  for (let i = ids.length - 1; i >= 0; i--) {
    const o = ctx.shop.orders.get(ids[i]!);
    if (o && orderVisible(ctx, o)) return o;
  }
  return null;
}

const bag = (cents: number) => (o: OrderRecord) => moneyBag(cents, o.currency);

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    orders: (_s: unknown, args: OrdersArgs, ctx: Ctx, info) =>
      ordersOver(ctx, ctx.shop.orderIds(), args, info),
    order: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "Order");
      const order = id === null ? undefined : ctx.shop.orders.get(id);
      return order && orderVisible(ctx, order) ? order : null;
    },
  },
  Order: {
    ...ownerMetafieldFields<OrderRecord>((o) => gid("Order", o.id)),
    id: (o: OrderRecord) => gid("Order", o.id),
    legacyResourceId: (o: OrderRecord) => String(o.id),
    name: (o: OrderRecord) => o.name,
    number: (o: OrderRecord) => o.number,
    email: (o: OrderRecord) => o.email,
    note: (o: OrderRecord) => o.note,
    tags: (o: OrderRecord) => o.tags,
    test: (o: OrderRecord) => o.test,
    sourceName: (o: OrderRecord) => o.sourceName,
    createdAt: (o: OrderRecord) => isoDate(o.createdAt),
    processedAt: (o: OrderRecord) => isoDate(o.processedAt),
    updatedAt: (o: OrderRecord) => isoDate(o.updatedAt),
    cancelledAt: (o: OrderRecord) => (o.cancelledAt === null ? null : isoDate(o.cancelledAt)),
    closed: () => false,
    confirmed: () => true,
    discountCode: (o: OrderRecord) => o.discountCodes[0] ?? null,
    discountCodes: (o: OrderRecord) => o.discountCodes,
    currencyCode: (o: OrderRecord) => o.currency,
    presentmentCurrencyCode: (o: OrderRecord) => o.currency,
    displayFinancialStatus: (o: OrderRecord) => orderFinancialStatus(o).toUpperCase(),
    cancelReason: (o: OrderRecord) => o.cancelReason ?? null,
    fullyPaid: (o: OrderRecord) => !o.unpaid,
    unpaid: (o: OrderRecord) => !!o.unpaid && o.cancelledAt === null,
    canMarkAsPaid: (o: OrderRecord) => !!o.unpaid && o.cancelledAt === null,
    totalOutstandingSet: (o: OrderRecord) =>
      moneyBag(o.unpaid && o.cancelledAt === null ? o.totalCents : 0, o.currency),
    totalReceivedSet: (o: OrderRecord) => moneyBag(o.unpaid ? 0 : o.totalCents, o.currency),
    refundable: (o: OrderRecord) => refundableCents(o) > 0,
    refunds: (o: OrderRecord, args: { first?: number | null }) =>
      (o.refunds ?? []).slice(0, args.first ?? undefined).map((r) => ({ order: o, refund: r })),
    customer: (o: OrderRecord, _a: unknown, ctx: Ctx) =>
      o.customerId === null ? null : (ctx.shop.customers.get(o.customerId) ?? null),
    shippingAddress: (o: OrderRecord) =>
      addressView(o.shippingAddress ?? undefined, "OrderAddress"),
    billingAddress: (o: OrderRecord) => addressView(o.shippingAddress ?? undefined, "OrderAddress"),
    displayAddress: (o: OrderRecord) => addressView(o.shippingAddress ?? undefined, "OrderAddress"),
    subtotalPriceSet: (o: OrderRecord) => bag(o.subtotalCents)(o),
    currentSubtotalPriceSet: (o: OrderRecord) => bag(o.subtotalCents)(o),
    totalDiscountsSet: (o: OrderRecord) => bag(o.discountCents)(o),
    currentTotalDiscountsSet: (o: OrderRecord) => bag(o.discountCents)(o),
    totalShippingPriceSet: (o: OrderRecord) => bag(o.shippingCents)(o),
    totalTaxSet: (o: OrderRecord) => bag(o.taxCents)(o),
    currentTotalTaxSet: (o: OrderRecord) => bag(o.taxCents)(o),
    totalPriceSet: (o: OrderRecord) => bag(o.totalCents)(o),
    originalTotalPriceSet: (o: OrderRecord) => bag(o.totalCents)(o),
    currentTotalPriceSet: (o: OrderRecord) => bag(o.currentTotalCents)(o),
    totalRefundedSet: (o: OrderRecord) => bag(o.totalCents - o.currentTotalCents)(o),
    netPaymentSet: (o: OrderRecord) => bag(o.unpaid ? 0 : o.currentTotalCents)(o),
  },
  Refund: {
    id: (v: RefundView) => gid("Refund", v.refund.id),
    legacyResourceId: (v: RefundView) => String(v.refund.id),
    createdAt: (v: RefundView) => isoDate(v.refund.createdAt),
    processedAt: (v: RefundView) => isoDate(v.refund.createdAt),
    updatedAt: (v: RefundView) => isoDate(v.refund.createdAt),
    note: (v: RefundView) => v.refund.note,
    order: (v: RefundView) => v.order,
    totalRefundedSet: (v: RefundView) => moneyBag(v.refund.amountCents, v.order.currency),
    transactions: (v: RefundView, args: PageArgs) =>
      listConnection([{ id: v.refund.transactionId }], args, (t) => ({
        id: gid("OrderTransaction", t.id),
        kind: "REFUND",
        status: "SUCCESS",
        gateway: "bogus",
        test: v.order.test,
        createdAt: isoDate(v.refund.createdAt),
        processedAt: isoDate(v.refund.createdAt),
        amountSet: moneyBag(v.refund.amountCents, v.order.currency),
        manualPaymentGateway: false,
      })),
    refundLineItems: (v: RefundView, args: PageArgs) =>
      listConnection(v.refund.lineItems, args, (rl) => ({
        id: gid("RefundLineItem", rl.id),
        quantity: rl.quantity,
        restockType: "NO_RESTOCK",
        restocked: false,
        subtotalSet: moneyBag(rl.subtotalCents, v.order.currency),
        priceSet: moneyBag(Math.round(rl.subtotalCents / rl.quantity), v.order.currency),
        totalTaxSet: moneyBag(0, v.order.currency),
      })),
  },
};

/** A refund with its order (for currency and Refund.order). */
interface RefundView {
  order: OrderRecord;
  refund: RefundRecord;
}
