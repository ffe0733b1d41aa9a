import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { Env } from "../env";
import type { SearchWarning } from "../search";
import type { ShopStore } from "../state";

export interface SearchReport {
  path: readonly (string | number)[];
  query: string;
  warnings: SearchWarning[];
}

/** Per-request context handed to every resolver. */
export interface Ctx {
  env: Env;
  shop: ShopStore;
  /** Inside a bulk operation: connections return everything. */
  bulk: boolean;
  /** Ignored search filters, echoed in `extensions.search` like Shopify. */
  searchReports: SearchReport[];
  /** Concrete types chosen for abstract fields, by response path (for actual cost). */
  runtimeTypes: Map<string, string> | null;
  /** Scopes of the token that made the request, write_X implying read_X (scopes.ts). */
  scopes: ReadonlySet<string>;
}

/**
 * A field resolver. Sources and args are typed per resolver: graphql-js has
 * already coerced args against the official schema, so the declared arg
 * types mirror it. `never` params let maps hold resolvers of any source type.
 */
export type FieldFn = (source: never, args: never, ctx: Ctx, info: GraphQLResolveInfo) => unknown;
export type ResolverMap = Record<string, Record<string, FieldFn>>;

export function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo["path"] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

/** Shopify: "The input array size of N is greater than the maximum allowed of 250." */
export function assertMaxInput(list: readonly unknown[] | null | undefined, max = 250): void {
  if (list && list.length > max) {
    throw new GraphQLError(
      `The input array size of ${list.length} is greater than the maximum allowed of ${max}.`,
      {
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      },
    );
  }
}

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export function userError(
  field: string[] | null,
  message: string,
  code?: string | null,
): UserError {
  return code === undefined ? { field, message } : { field, message, code };
}
