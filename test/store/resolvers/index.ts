import type { ResolverMap } from "./context";
import { bulkResolvers } from "./bulk";
import { customerMutationResolvers } from "./customer-mutations";
import { customerResolvers } from "./customers";
import { discountMutationResolvers } from "./discount-mutations";
import { discountResolvers } from "./discounts";
import { metafieldResolvers } from "./metafields";
import { orderResolvers } from "./orders";
import { segmentResolvers } from "./segments";
import { shopResolvers } from "./shop";

function merge(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      out[type] = { ...(out[type] ?? {}), ...fields };
    }
  }
  return out;
}

/**
 * Every GraphQL type the simulator resolves with code. Types not listed here
 * are plain objects built by those resolvers and read property by property.
 */
export const RESOLVERS: ResolverMap = merge(
  shopResolvers,
  customerResolvers,
  customerMutationResolvers,
  orderResolvers,
  discountResolvers,
  discountMutationResolvers,
  segmentResolvers,
  metafieldResolvers,
  bulkResolvers,
);
