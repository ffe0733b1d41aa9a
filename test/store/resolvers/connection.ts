import { GraphQLError } from "graphql";
import { decodeCursor, encodeCursor } from "../ids";

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionView<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export interface PaginateOptions<R, V = R> {
  /** Candidate ids in ascending sort order. */
  order: readonly number[];
  /** True when `order` is ascending numeric ids (binary search for cursors). */
  idOrder: boolean;
  lookup: (id: number) => R | undefined;
  matches: (record: R) => boolean;
  cursorValue: (record: R) => string | number;
  /** Turns a record into what the GraphQL node resolvers receive. */
  view?: (record: R) => V;
  args: PageArgs;
  /** 250 for most connections, 1000 for customerSegmentMembers. */
  maxPageSize?: number;
  /** Bulk operations read whole connections: first/last are ignored. */
  unbounded?: boolean;
  /** Shopify stops paginating after this many objects (0 = no cap). */
  positionLimit?: number;
}

const positionCache = new WeakMap<readonly number[], Map<number, number>>();

/** Index of `id` in `order`, or where it would be inserted when absent. */
function positionOf(
  order: readonly number[],
  idOrder: boolean,
  id: number,
): { index: number; found: boolean } {
  if (idOrder) {
    // Binary search: a cursor whose record was deleted still finds its place.
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: order[lo] === id };
  }
  let map = positionCache.get(order);
  if (!map) {
    map = new Map(order.map((v, i) => [v, i]));
    positionCache.set(order, map);
  }
  const index = map.get(id);
  if (index === undefined) throw badCursor();
  return { index, found: true };
}

export function checkPageSize(args: PageArgs, max: number): void {
  const { first, last } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined)) {
    throw new GraphQLError("you must provide one of first or last", {
      extensions: { code: "BAD_REQUEST" },
    });
  }
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value === null || value === undefined) continue;
    if (value < 0)
      throw new GraphQLError(`${name} cannot be negative`, { extensions: { code: "BAD_REQUEST" } });
    if (value > max) {
      // Shopify refuses page sizes over the maximum rather than clamping them.
      throw new GraphQLError(`The maximum page size is ${max}. Reduce the value of \`${name}\`.`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
}

function badCursor(): GraphQLError {
  return new GraphQLError("Invalid cursor for this query.", {
    extensions: { code: "BAD_REQUEST" },
  });
}

/**
 * Relay pagination over an ordered id list with a filter, scanning lazily
 * from the cursor so a page costs O(page) for unselective filters instead of
 * filtering the whole shop first.
 */
export function paginate<R, V = R>(opts: PaginateOptions<R, V>): ConnectionView<V> {
  const { order, args } = opts;
  const max = opts.maxPageSize ?? 250;
  if (!opts.unbounded) checkPageSize(args, max);
  const n = order.length;
  const reverse = !!args.reverse;
  const at = (pos: number): number => order[reverse ? n - 1 - pos : pos]!;

  // Positions below are logical (after applying `reverse`).
  const cursorPos = (cursor: string, isAfter: boolean): number => {
    const decoded = decodeCursor(cursor);
    if (!decoded) throw badCursor();
    const { index, found } = positionOf(order, opts.idOrder, decoded.id);
    if (found) {
      const pos = reverse ? n - 1 - index : index;
      return isAfter ? pos + 1 : pos;
    }
    return reverse ? n - index : index;
  };
  let start = 0;
  let end = n;
  let startOrdinal = 0;
  if (args.after) {
    start = cursorPos(args.after, true);
    startOrdinal = (decodeCursor(args.after)?.position ?? -1) + 1;
  }
  if (args.before) end = cursorPos(args.before, false);

  const picked: { record: R; ordinal: number }[] = [];
  // Bulk operations read whole connections: the pagination cap does not apply.
  const limit = opts.unbounded ? 0 : (opts.positionLimit ?? 0);
  let hasNextPage = false;
  let hasPreviousPage = false;

  const matchAt = (pos: number): R | undefined => {
    const record = opts.lookup(at(pos));
    return record !== undefined && opts.matches(record) ? record : undefined;
  };

  if (opts.unbounded || (args.first !== null && args.first !== undefined)) {
    const want = opts.unbounded ? Infinity : args.first!;
    let ordinal = startOrdinal;
    for (let pos = start; pos < end; pos++) {
      const record = matchAt(pos);
      if (record === undefined) continue;
      if (picked.length === want || (limit > 0 && ordinal >= limit)) {
        hasNextPage = limit === 0 || ordinal < limit;
        break;
      }
      picked.push({ record, ordinal: ordinal++ });
    }
    if (args.after) {
      for (let pos = start - 1; pos >= 0; pos--) {
        if (matchAt(pos) !== undefined) {
          hasPreviousPage = true;
          break;
        }
      }
    }
  } else {
    const want = args.last!;
    for (let pos = end - 1; pos >= start; pos--) {
      const record = matchAt(pos);
      if (record === undefined) continue;
      if (picked.length === want) {
        hasPreviousPage = true;
        break;
      }
      picked.push({ record, ordinal: -1 });
    }
    picked.reverse();
    if (args.before) {
      for (let pos = end; pos < n; pos++) {
        if (matchAt(pos) !== undefined) {
          hasNextPage = true;
          break;
        }
      }
    }
  }

  const edges = picked.map(({ record, ordinal }) => ({
    cursor: encodeCursor(idOf(record), opts.cursorValue(record), ordinal),
    node: opts.view ? opts.view(record) : (record as unknown as V),
  }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function idOf(record: unknown): number {
  const id = (record as { id?: unknown }).id;
  if (typeof id !== "number") throw new Error("paginated records need a numeric id");
  return id;
}

/**
 * A connection over a small in-memory list (addresses, codes, metafields).
 * `unbounded`: inside a bulk operation, where nested connections take no
 * first/last and return every item.
 */
export function listConnection<T extends { id: number }, V = T>(
  items: readonly T[],
  args: PageArgs,
  view?: (item: T) => V,
  max = 250,
  unbounded = false,
): ConnectionView<V> {
  const byId = new Map(items.map((item) => [item.id, item]));
  return paginate<T, V>({
    order: items.map((i) => i.id).sort((a, b) => a - b),
    idOrder: true,
    lookup: (id) => byId.get(id),
    matches: () => true,
    cursorValue: (item) => item.id,
    view,
    args,
    maxPageSize: max,
    unbounded,
  });
}
