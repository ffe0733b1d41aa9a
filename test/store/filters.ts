/**
 * The search filters each resource answers, built on search.ts. Field lists
 * follow the `query` argument docs in the 2026-10 schema.
 */
import type {
  BulkOperationRecord,
  CustomerRecord,
  DiscountRecord,
  OrderRecord,
  SegmentRecord,
} from "./model";
import {
  IgnoredFilter,
  type Predicate,
  type SearchFields,
  type SearchNode,
  type TermNode,
} from "./search";
import { boolValue, dateMatcher, listValue, numberMatcher, textMatcher } from "./search-values";
import type { ShopStore } from "./state";
import { orderFinancialStatus } from "./order-status";

const lower = (v: string | null | undefined): string => (v ?? "").toLowerCase();

/** `field:*` (value "" with prefix) asks whether the field has any value. */
const isExists = (term: TermNode): boolean => term.prefix && term.value === "";

function stringMatcher(term: TermNode): (value: string | null) => boolean {
  if (isExists(term)) return (v) => !!v;
  const text = textMatcher(term);
  return (v) => !!v && text(v.toLowerCase());
}

function tagsMatcher(term: TermNode): (tags: readonly string[]) => boolean {
  const wanted = listValue(term);
  if (isExists(term)) return (tags) => tags.length > 0;
  if (term.prefix)
    return (tags) => tags.some((t) => wanted.some((w) => t.toLowerCase().startsWith(w)));
  return (tags) => tags.some((t) => wanted.includes(t.toLowerCase()));
}

export function customerSearch(store: ShopStore): SearchFields<CustomerRecord> {
  const now = store.clock.now();
  const text = (term: TermNode): Predicate<CustomerRecord> => {
    const match = textMatcher(term);
    return (c) => match(store.searchText(c));
  };
  return {
    text,
    fields: {
      default: text,
      accepts_marketing: (term) => {
        const want = boolValue(term);
        return (c) => (c.marketingState === "SUBSCRIBED") === want;
      },
      country: (term) => {
        const want = term.value.toLowerCase();
        return (c) => {
          const a = c.addresses[c.defaultAddressIndex];
          return !!a && (lower(a.country) === want || lower(a.countryCode) === want);
        };
      },
      customer_date: (term) => {
        const match = dateMatcher(term, now);
        return (c) => match(c.createdAt);
      },
      email: (term) => {
        if (isExists(term)) return (c) => !!c.email;
        if (term.quoted) {
          const want = term.value.toLowerCase();
          return (c) => lower(c.email) === want;
        }
        const match = stringMatcher(term);
        return (c) => match(c.email);
      },
      first_name: (term) => {
        const match = stringMatcher(term);
        return (c) => match(c.firstName);
      },
      last_name: (term) => {
        const match = stringMatcher(term);
        return (c) => match(c.lastName);
      },
      id: (term) => {
        const match = numberMatcher(term);
        return (c) => match(c.id);
      },
      // Abandoned checkouts are not simulated: nobody has one.
      last_abandoned_order_date: () => () => false,
      order_date: (term) => {
        const match = dateMatcher(term, now);
        return (c) =>
          (c.orderIds ?? []).some((id) => match(store.orders.get(id)?.createdAt ?? null));
      },
      orders_count: (term) => {
        const match = numberMatcher(term);
        return (c) => match(c.numberOfOrders);
      },
      phone: (term) => {
        if (isExists(term)) return (c) => !!c.phone;
        const digits = term.value.replace(/\D/g, "");
        return (c) => !!c.phone && digits !== "" && c.phone.replace(/\D/g, "").includes(digits);
      },
      // "This filter is only valid when Classic Customer Accounts is active."
      state: (term) => {
        if (store.settings.customerAccountsVersion !== "CLASSIC") {
          throw new IgnoredFilter("The state filter is only valid with classic customer accounts.");
        }
        const want = term.value.toUpperCase();
        return (c) => c.state === want;
      },
      tag: (term) => {
        const match = tagsMatcher(term);
        return (c) => match(c.tags);
      },
      tag_not: (term) => {
        const match = tagsMatcher(term);
        return (c) => !match(c.tags);
      },
      total_spent: (term) => {
        const match = numberMatcher(term);
        return (c) => match(c.amountSpentCents / 100);
      },
      updated_at: (term) => {
        const match = dateMatcher(term, now);
        return (c) => match(c.updatedAt);
      },
    },
  };
}

/** customersCount documents created_at/id/updated_at; it also takes the customers filters. */
export function customerCountSearch(store: ShopStore): SearchFields<CustomerRecord> {
  const base = customerSearch(store);
  const now = store.clock.now();
  return {
    text: base.text,
    fields: {
      ...base.fields,
      created_at: (term) => {
        const match = dateMatcher(term, now);
        return (c) => match(c.createdAt);
      },
    },
  };
}

/**
 * Narrows the scan with an index when the query requires a tag or an exact
 * email at top level. Returns ascending ids, or null to scan everything.
 */
export function customerCandidates(
  store: ShopStore,
  node: SearchNode | null,
): readonly number[] | null {
  if (!node) return null;
  const required = node.kind === "and" ? node.children : [node];
  let best: readonly number[] | null = null;
  for (const part of required) {
    if (part.kind !== "term" || part.prefix) continue;
    let ids: readonly number[] | null = null;
    if (part.field === "tag") {
      const values = listValue(part);
      if (values.length === 1) ids = store.customerIdsWithTagSorted(values[0]!);
      else {
        const union = new Set<number>();
        for (const v of values) for (const id of store.customerIdsWithTag(v)) union.add(id);
        ids = [...union].sort((a, b) => a - b);
      }
    } else if (part.field === "email" && part.quoted) {
      const id = store.customerIdByEmail(part.value);
      ids = id === undefined ? [] : [id];
    }
    if (ids && (!best || ids.length < best.length)) best = ids;
  }
  return best;
}

export function orderSearch(store: ShopStore): SearchFields<OrderRecord> {
  const now = store.clock.now();
  const date =
    (pick: (o: OrderRecord) => number | null) =>
    (term: TermNode): Predicate<OrderRecord> => {
      const match = dateMatcher(term, now);
      return (o) => match(pick(o));
    };
  const text = (term: TermNode): Predicate<OrderRecord> => {
    const match = textMatcher(term);
    return (o) => match(`${o.name} ${o.number} ${lower(o.email)}`.toLowerCase());
  };
  return {
    text,
    fields: {
      default: text,
      created_at: date((o) => o.createdAt),
      processed_at: date((o) => o.processedAt),
      updated_at: date((o) => o.updatedAt),
      // "Limited to the first discount code used on an order", case-insensitive.
      discount_code: (term) => {
        const want = term.value.toLowerCase();
        if (isExists(term)) return (o) => o.discountCodes.length > 0;
        return (o) => {
          const first = lower(o.discountCodes[0]);
          return term.prefix ? first.startsWith(want) : first === want;
        };
      },
      customer_id: (term) => {
        const match = numberMatcher(term);
        return (o) => o.customerId !== null && match(o.customerId);
      },
      email: (term) => {
        if (term.quoted) {
          const want = term.value.toLowerCase();
          return (o) => lower(o.email) === want;
        }
        const match = stringMatcher(term);
        return (o) => match(o.email);
      },
      name: (term) => {
        const want = term.value.replace(/^#/, "").toLowerCase();
        return (o) => o.name.replace(/^#/, "").toLowerCase() === want;
      },
      id: (term) => {
        const match = numberMatcher(term);
        return (o) => match(o.id);
      },
      test: (term) => {
        const want = boolValue(term);
        return (o) => o.test === want;
      },
      tag: (term) => {
        const match = tagsMatcher(term);
        return (o) => match(o.tags);
      },
      tag_not: (term) => {
        const match = tagsMatcher(term);
        return (o) => !match(o.tags);
      },
      financial_status: (term) => {
        const want = term.value.toLowerCase();
        return (o) => orderFinancialStatus(o) === want;
      },
      status: (term) => {
        const want = term.value.toLowerCase();
        return (o) =>
          o.cancelledAt ? want === "cancelled" : want === "open" || want === "not_closed";
      },
      current_total_price: (term) => {
        const match = numberMatcher(term);
        return (o) => match(o.currentTotalCents / 100);
      },
      source_name: (term) => {
        const want = term.value.toLowerCase();
        return (o) => o.sourceName.toLowerCase() === want;
      },
    },
  };
}

export function bulkOperationSearch(store: ShopStore): SearchFields<BulkOperationRecord> {
  const now = store.clock.now();
  return {
    text: () => () => true,
    fields: {
      status: (term) => {
        const want = term.value.toUpperCase();
        return (b) => b.status === want;
      },
      operation_type: (term) => {
        const want = term.value.toUpperCase();
        return (b) => b.type === want;
      },
      created_at: (term) => {
        const match = dateMatcher(term, now);
        return (b) => match(b.createdAt);
      },
      id: (term) => {
        const match = numberMatcher(term);
        return (b) => match(b.id);
      },
    },
  };
}

export function segmentSearch(): SearchFields<SegmentRecord> {
  const text = (term: TermNode): Predicate<SegmentRecord> => {
    const match = textMatcher(term);
    return (s) => match(s.name.toLowerCase());
  };
  return {
    text,
    fields: {
      default: text,
      name: text,
      id: (term) => {
        const match = numberMatcher(term);
        return (s) => match(s.id);
      },
    },
  };
}

/** How Shopify names a discount's type in the discount search filters. */
export function discountTypeName(d: DiscountRecord): string {
  switch (d.kind) {
    case "freeShipping":
      return "free_shipping";
    case "bxgy":
      return "bogo";
    case "app":
      return "app";
    default:
      return d.value?.kind === "percentage" ? "percentage" : "fixed_amount";
  }
}

/** The discount class a discount belongs to (DiscountClass, lower-cased in filters). */
export function discountClassOf(d: DiscountRecord): "order" | "product" | "shipping" {
  if (d.kind === "freeShipping") return "shipping";
  if (d.kind === "bxgy") return "product";
  if (d.kind === "app") return (d.app?.discountClass ?? "ORDER").toLowerCase() as "order";
  return "order";
}

/**
 * discountNodes / codeDiscountNodes filters, as their `query` docs list them
 * (https://shopify.dev/docs/api/admin-graphql/latest/queries/discountNodes):
 * free text over title and codes, `title`, `code`, `method` (automatic|code),
 * `status` (active|expired|scheduled), `discount_type` with `type` as its
 * alias (the doc's example is `type:fixed_amount`; values bogo, fixed_amount,
 * free_shipping, percentage, and app on codeDiscountNodes; `bxgy` is taken
 * for bogo as automaticDiscountNodes names it), `discount_class`,
 * `times_used`, `starts_at`, `ends_at`, `created_at`, `updated_at`, `id`,
 * `context` (all|customer|segment|market, any of several; the simulator has
 * no market contexts). The simulator has code discounts only, so `method:automatic` matches none.
 */
export function discountSearch(
  now: number,
  status: (d: DiscountRecord) => string,
): SearchFields<DiscountRecord> {
  const date =
    (pick: (d: DiscountRecord) => number | null) =>
    (term: TermNode): Predicate<DiscountRecord> => {
      const match = dateMatcher(term, now);
      return (d) => match(pick(d));
    };
  const text = (term: TermNode): Predicate<DiscountRecord> => {
    const match = textMatcher(term);
    return (d) => match(d.title.toLowerCase()) || d.codes.some((c) => match(c.code.toLowerCase()));
  };
  const type = (term: TermNode): Predicate<DiscountRecord> => {
    const wanted = listValue(term).map((v) => (v === "bxgy" ? "bogo" : v));
    if (wanted.includes("all") || wanted.includes("all_with_app")) return () => true;
    return (d) => wanted.includes(discountTypeName(d));
  };
  return {
    text,
    fields: {
      default: text,
      title: (term) => {
        const match = textMatcher(term);
        return (d) => match(d.title.toLowerCase());
      },
      code: (term) => {
        const want = term.value.toLowerCase();
        return (d) =>
          d.codes.some((c) =>
            term.prefix ? c.code.toLowerCase().startsWith(want) : c.code.toLowerCase() === want,
          );
      },
      method: (term) => {
        const want = term.value.toLowerCase();
        return () => want === "code";
      },
      status: (term) => {
        const wanted = listValue(term);
        return (d) => wanted.includes(status(d).toLowerCase());
      },
      discount_type: type,
      type,
      discount_class: (term) => {
        const wanted = listValue(term);
        return (d) => wanted.includes(discountClassOf(d));
      },
      context: (term) => {
        const wanted = listValue(term);
        const names = { all: "all", customers: "customer", segments: "segment" } as const;
        return (d) => wanted.includes(names[d.context.kind]);
      },
      times_used: (term) => {
        const match = numberMatcher(term);
        return (d) => match(d.asyncUsageCount);
      },
      starts_at: date((d) => d.startsAt),
      ends_at: date((d) => d.endsAt),
      created_at: date((d) => d.createdAt),
      updated_at: date((d) => d.updatedAt),
      id: (term) => {
        const match = numberMatcher(term);
        return (d) => match(d.id);
      },
    },
  };
}
