import { GraphQLError } from "graphql";
import { segmentSearch } from "../filters";
import { isoDate } from "../format";
import { gid, idArg } from "../ids";
import type { CustomerRecord, SegmentRecord } from "../model";
import { compileSearch, parseSearch, type SearchWarning } from "../search";
import { countSegment } from "../segment-count";
import {
  parseSegmentQuery,
  segmentPredicate,
  SegmentQueryError,
  type SegmentExpr,
} from "../segment-query";
import { paginate, type PageArgs } from "./connection";
import { pathOf, type Ctx, type ResolverMap } from "./context";
import type { SegmentMember } from "./customers";
import type { ShopStore } from "../state";

const DAY = 86_400_000;

/**
 * Counts per shop, keyed by what membership depends on: the query, the
 * customers (store version and size) and the day (date filters are whole
 * days). A campaign preview asks the same counts again and again.
 */
const countCache = new WeakMap<ShopStore, Map<string, number>>();

function segmentCount(store: ShopStore, query: string, now: number): number {
  let cache = countCache.get(store);
  if (!cache) countCache.set(store, (cache = new Map()));
  const key = `${store.version}:${store.customers.size}:${Math.floor(now / DAY)}:${query}`;
  let total = cache.get(key);
  if (total === undefined) {
    total = countSegment(store, parsedSegment(query, now), now);
    if (cache.size > 200) cache.clear();
    cache.set(key, total);
  }
  return total;
}

/** Membership predicate for a ShopifyQL segment query (top-level error when invalid). */
export function segmentMatcher(
  query: string,
  now: number,
  store?: ShopStore,
): (c: CustomerRecord) => boolean {
  return segmentPredicate(parsedSegment(query, now), { now, store });
}

/** The parsed query, or the top-level error Shopify-style clients get for an invalid one. */
function parsedSegment(query: string, now: number): SegmentExpr {
  try {
    return parseSegmentQuery(query, now);
  } catch (error) {
    if (error instanceof SegmentQueryError) {
      throw new GraphQLError(`Invalid segment query: ${error.message}`, {
        extensions: { code: "INVALID_SEGMENT_QUERY" },
      });
    }
    throw error;
  }
}

interface MembersArgs extends PageArgs {
  segmentId?: string | null;
  query?: string | null;
  queryId?: string | null;
  sortKey?: string | null;
}

export const segmentResolvers: ResolverMap = {
  QueryRoot: {
    segments: (_s: unknown, args: PageArgs & { query?: string | null }, ctx: Ctx, info) => {
      const warnings: SearchWarning[] = [];
      const matches = compileSearch(parseSearch(args.query), segmentSearch(), warnings);
      if (warnings.length)
        ctx.searchReports.push({ path: pathOf(info), query: args.query ?? "", warnings });
      const ids = [...ctx.shop.segments.keys()].sort((a, b) => a - b);
      return paginate<SegmentRecord>({
        order: ids,
        idOrder: true,
        lookup: (id) => ctx.shop.segments.get(id),
        matches,
        cursorValue: (s) => s.creationDate,
        args,
        unbounded: ctx.bulk,
      });
    },
    segment: (_s: unknown, args: { id: string }, ctx: Ctx) => {
      const id = idArg(args.id, "Segment");
      return id === null ? null : (ctx.shop.segments.get(id) ?? null);
    },
    customerSegmentMembers: (_s: unknown, args: MembersArgs, ctx: Ctx) => {
      const given = [args.segmentId, args.query, args.queryId].filter(
        (v) => v !== null && v !== undefined,
      );
      if (given.length !== 1) {
        throw new GraphQLError("Exactly one of segmentId, query or queryId must be provided.", {
          extensions: { code: "BAD_REQUEST" },
        });
      }
      let query: string;
      if (args.segmentId) {
        const id = idArg(args.segmentId, "Segment");
        const segment = id === null ? undefined : ctx.shop.segments.get(id);
        if (!segment)
          throw new GraphQLError("Segment does not exist.", { extensions: { code: "NOT_FOUND" } });
        query = segment.query;
      } else if (args.query) {
        query = args.query;
      } else {
        throw new GraphQLError("queryId is not supported by the store simulator.", {
          extensions: { code: "NOT_IMPLEMENTED" },
        });
      }
      const now = ctx.env.clock.now();
      const { shop } = ctx;
      const matches = segmentMatcher(query, now, shop);
      const conn = paginate<CustomerRecord, SegmentMember>({
        order: shop.customerIds(),
        idOrder: true,
        lookup: (id) => shop.customers.get(id),
        matches,
        cursorValue: (c) => c.id,
        view: (c) => ({ __typename: "CustomerSegmentMember", customer: c }),
        args,
        maxPageSize: 1000,
        unbounded: ctx.bulk,
      });
      let total: number | null = null;
      return {
        ...conn,
        get totalCount(): number {
          total ??= segmentCount(shop, query, now);
          return total;
        },
      };
    },
  },
  Segment: {
    id: (s: SegmentRecord) => gid("Segment", s.id),
    name: (s: SegmentRecord) => s.name,
    query: (s: SegmentRecord) => s.query,
    creationDate: (s: SegmentRecord) => isoDate(s.creationDate),
    lastEditDate: (s: SegmentRecord) => isoDate(s.lastEditDate),
  },
};
