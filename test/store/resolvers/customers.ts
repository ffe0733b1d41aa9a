import { deleteRefusal } from "../customer-changes";
import { customerCandidates, customerCountSearch, customerSearch } from "../filters";
import { isoDate } from "../format";
import { gid, idArg } from "../ids";
import type { CustomerRecord } from "../model";
import { compileSearch, parseSearch, type SearchWarning } from "../search";
import type { ShopStore } from "../state";
import { listConnection, paginate, type PageArgs } from "./connection";
import { pathOf, type Ctx, type ResolverMap } from "./context";
import { ownerMetafieldFields } from "./metafields";
import { customerOrdersConnection, lastVisibleOrder } from "./orders";
import {
  addressView,
  displayName,
  emailAddressView,
  emailConsentView,
  lifetime,
  money,
  EMAIL_FORMAT,
} from "./views";

type SortKey = "CREATED_AT" | "ID" | "LOCATION" | "NAME" | "RELEVANCE" | "UPDATED_AT";

const sortCache = new WeakMap<ShopStore, Map<string, { version: number; ids: number[] }>>();

/** Ids ordered by a sort key (ties by id), cached until customers change. */
function sortedCustomerIds(
  shop: ShopStore,
  key: SortKey,
): { ids: readonly number[]; idOrder: boolean } {
  if (key === "ID" || key === "RELEVANCE") return { ids: shop.customerIds(), idOrder: true };
  let byKey = sortCache.get(shop);
  if (!byKey) sortCache.set(shop, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit && hit.version === shop.version) return { ids: hit.ids, idOrder: false };
  const value = (c: CustomerRecord): string | number => {
    switch (key) {
      case "CREATED_AT":
        return c.createdAt;
      case "UPDATED_AT":
        return c.updatedAt;
      case "NAME":
        return displayName(c).toLowerCase();
      default: {
        const a = c.addresses[c.defaultAddressIndex];
        return `${a?.country ?? ""} ${a?.province ?? ""} ${a?.city ?? ""}`.toLowerCase();
      }
    }
  };
  const rows = shop.customerIds().map((id) => {
    const c = shop.customers.get(id)!;
    return { id, v: value(c) };
  });
  rows.sort((a, b) => (a.v < b.v ? -1 : a.v > b.v ? 1 : a.id - b.id));
  const ids = rows.map((r) => r.id);
  byKey.set(key, { version: shop.version, ids });
  return { ids, idOrder: false };
}

function report(
  ctx: Ctx,
  info: Parameters<typeof pathOf>[0],
  query: string,
  warnings: SearchWarning[],
): void {
  if (warnings.length) ctx.searchReports.push({ path: pathOf(info), query, warnings });
}

export function customerGid(c: CustomerRecord): string {
  return gid("Customer", c.id);
}

/** Fields shared by Customer and CustomerSegmentMember. */
function profileFields<S>(pick: (s: S) => CustomerRecord) {
  return {
    firstName: (s: S) => pick(s).firstName,
    lastName: (s: S) => pick(s).lastName,
    displayName: (s: S) => displayName(pick(s)),
    note: (s: S) => pick(s).note,
    defaultEmailAddress: (s: S) => emailAddressView(pick(s)),
    defaultPhoneNumber: (s: S) => {
      const c = pick(s);
      return c.phone
        ? {
            phoneNumber: c.phone,
            marketingState: "NOT_SUBSCRIBED",
            marketingOptInLevel: null,
            marketingUpdatedAt: null,
            smsMarketingConsent: {
              state: "NEVER_SUBSCRIBED",
              optInLevel: null,
              updatedAt: null,
              collectedFrom: null,
              sourceLocation: null,
            },
          }
        : null;
    },
    defaultAddress: (s: S) => {
      const c = pick(s);
      return addressView(c.addresses[c.defaultAddressIndex]);
    },
    numberOfOrders: (s: S) => String(pick(s).numberOfOrders),
    amountSpent: (s: S, _a: unknown, ctx: Ctx) =>
      money(pick(s).amountSpentCents, ctx.shop.settings.currencyCode),
  };
}

const customerFields = {
  ...profileFields<CustomerRecord>((c) => c),
  ...ownerMetafieldFields<CustomerRecord>(customerGid),
  id: customerGid,
  legacyResourceId: (c: CustomerRecord) => String(c.id),
  email: (c: CustomerRecord) => c.email,
  phone: (c: CustomerRecord) => c.phone,
  emailMarketingConsent: (c: CustomerRecord) => emailConsentView(c),
  verifiedEmail: (c: CustomerRecord) => c.verifiedEmail,
  validEmailAddress: (c: CustomerRecord) => !!c.email && EMAIL_FORMAT.test(c.email),
  state: (c: CustomerRecord) => c.state,
  tags: (c: CustomerRecord) => c.tags,
  locale: (c: CustomerRecord) => c.locale,
  createdAt: (c: CustomerRecord) => isoDate(c.createdAt),
  updatedAt: (c: CustomerRecord) => isoDate(c.updatedAt),
  lifetimeDuration: (c: CustomerRecord, _a: unknown, ctx: Ctx) =>
    lifetime(c.createdAt, ctx.env.clock.now()),
  // "A customer can be deleted from a store only if they haven't yet made an order"
  // (Customer.canDelete in the schema, which names orders only). Here it is
  // false for every customer customerDelete refuses (subscription contracts
  // and a pending erasure too, customer-changes.ts), so the two always agree;
  // whether Shopify's canDelete covers those two is unverified.
  canDelete: (c: CustomerRecord) => deleteRefusal(c) === null,
  taxExempt: () => false,
  dataSaleOptOut: (c: CustomerRecord) => c.dataSaleOptOut,
  productSubscriberStatus: (c: CustomerRecord) =>
    c.hasActiveSubscription ? "ACTIVE" : "NEVER_SUBSCRIBED",
  addresses: (c: CustomerRecord, args: { first?: number | null }) =>
    c.addresses.slice(0, args.first ?? 250).map((a) => addressView(a)),
  addressesV2: (c: CustomerRecord, args: PageArgs, ctx: Ctx) =>
    listConnection(c.addresses, args, (a) => addressView(a), 250, ctx.bulk),
  lastOrder: (c: CustomerRecord, _a: unknown, ctx: Ctx) => lastVisibleOrder(ctx, c),
  orders: (
    c: CustomerRecord,
    args: PageArgs & { query?: string | null; sortKey?: string | null },
    ctx: Ctx,
  ) => customerOrdersConnection(ctx, c, args),
  subscriptionContracts: (c: CustomerRecord, args: PageArgs, ctx: Ctx) =>
    listConnection(c.hasActiveSubscription ? [{ id: c.id }] : [], args, (s) => ({
      __typename: "SubscriptionContract",
      id: gid("SubscriptionContract", s.id),
      status: "ACTIVE",
      createdAt: isoDate(c.createdAt),
      updatedAt: isoDate(c.updatedAt),
      currencyCode: ctx.shop.settings.currencyCode,
      customer: c,
    })),
};

export interface SegmentMember {
  __typename: "CustomerSegmentMember";
  customer: CustomerRecord;
}

const memberFields = {
  ...profileFields<SegmentMember>((m) => m.customer),
  ...ownerMetafieldFields<SegmentMember>((m) => customerGid(m.customer)),
  id: (m: SegmentMember) => gid("CustomerSegmentMember", m.customer.id),
  lastOrderId: (m: SegmentMember) => {
    const ids = m.customer.orderIds;
    return ids && ids.length ? gid("Order", ids[ids.length - 1]!) : null;
  },
};

interface CustomersArgs extends PageArgs {
  query?: string | null;
  sortKey?: SortKey | null;
}

export function customersConnection(
  ctx: Ctx,
  args: CustomersArgs,
  info: Parameters<typeof pathOf>[0],
) {
  const { shop } = ctx;
  const node = parseSearch(args.query);
  const warnings: SearchWarning[] = [];
  const matches = compileSearch(node, customerSearch(shop), warnings);
  report(ctx, info, args.query ?? "", warnings);
  const sortKey = args.sortKey ?? "ID";
  let order = sortedCustomerIds(shop, sortKey);
  if (order.idOrder) {
    const candidates = customerCandidates(shop, node);
    if (candidates) order = { ids: candidates, idOrder: true };
  }
  return paginate<CustomerRecord>({
    order: order.ids,
    idOrder: order.idOrder,
    lookup: (id) => shop.customers.get(id),
    matches,
    cursorValue: (c) =>
      sortKey === "NAME"
        ? displayName(c)
        : sortKey === "CREATED_AT"
          ? c.createdAt
          : sortKey === "UPDATED_AT"
            ? c.updatedAt
            : c.id,
    args,
    unbounded: ctx.bulk,
    positionLimit: shop.settings.paginationLimit,
  });
}

export const customerResolvers: ResolverMap = {
  QueryRoot: {
    customers: (_s: unknown, args: CustomersArgs, ctx: Ctx, info) =>
      customersConnection(ctx, args, info),
    customer: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "Customer");
      return id === null ? null : (ctx.shop.customers.get(id) ?? null);
    },
    customersCount: (
      _s: unknown,
      args: { query?: string | null; limit?: number | null },
      ctx: Ctx,
      info,
    ) => {
      const { shop } = ctx;
      const limit = args.limit ?? Infinity;
      const node = parseSearch(args.query);
      const warnings: SearchWarning[] = [];
      const matches = compileSearch(node, customerCountSearch(shop), warnings);
      report(ctx, info, args.query ?? "", warnings);
      let count = 0;
      if (!node) count = shop.customers.size;
      else {
        const ids = customerCandidates(shop, node) ?? shop.customerIds();
        for (const id of ids) {
          const c = shop.customers.get(id);
          if (c && matches(c) && ++count > limit) break;
        }
      }
      return count > limit
        ? { count: limit, precision: "AT_LEAST" }
        : { count, precision: "EXACT" };
    },
  },
  Customer: customerFields,
  CustomerSegmentMember: memberFields,
};
