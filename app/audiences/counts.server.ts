import type { ShopApi } from "../admin-api/executor.server";
import type { AudienceSource, Exclusions, SkipReason } from "./spec";

/**
 * The preview's figures at once, from Shopify's own counts rather than a
 * read of every customer: one segment query (ShopifyQL) per exclusion, each
 * customer counted under the first reason that applies, as the read will.
 * customersCount cannot do this (its query documents only created_at, id and
 * updated_at, and stops at 10,000). Searches, CSV files and manual picks are
 * not ShopifyQL: their figures come from the read (null here). What needs
 * every customer (recent invitations, the email check) comes from the read too.
 */
export type InstantCounts = {
  total: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Before the checks only the read can do. */
  recipients: number;
};

const COUNT = `#graphql
  query PatronSegmentCount($query: String!) {
    customerSegmentMembers(query: $query, first: 1) { totalCount }
  }`;

const SEGMENT = `#graphql
  query PatronSegmentQuery($id: ID!) {
    segment(id: $id) { query }
  }`;

/** A ShopifyQL string literal. */
export const shopifyql = (value: string) =>
  `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

async function baseCondition(executor: ShopApi, source: AudienceSource): Promise<string | null> {
  switch (source.type) {
    case "all":
      return "number_of_orders >= 0";
    case "tags":
      return source.tags
        .map((t) => `customer_tags CONTAINS ${shopifyql(t)}`)
        .join(source.match === "all" ? " AND " : " OR ");
    case "segment": {
      const { segment } = await executor.query<{ segment: { query: string } | null }>(SEGMENT, {
        id: source.segmentId,
      });
      return segment ? segment.query : null;
    }
    default:
      return null;
  }
}

/** The conditions of the exclusions ShopifyQL can express, in the order they are checked. */
function exclusionConditions(exclusions: Exclusions, classicAccounts: boolean) {
  const conditions: [SkipReason, string][] = [];
  if (classicAccounts) conditions.push(["enabled", "customer_account_status = 'ENABLED'"]);
  if (classicAccounts && exclusions.declined)
    conditions.push(["declined", "customer_account_status = 'DECLINED'"]);
  conditions.push(["no_email", "customer_email_domain IS NULL"]);
  if (exclusions.excludeTag)
    conditions.push(["excluded_tag", `customer_tags CONTAINS ${shopifyql(exclusions.excludeTag)}`]);
  if (exclusions.requireConsent)
    conditions.push(["no_consent", "email_subscription_status != 'SUBSCRIBED'"]);
  return conditions;
}

export async function instantCounts(
  executor: ShopApi,
  source: AudienceSource,
  exclusions: Exclusions,
  { classicAccounts }: { classicAccounts: boolean },
): Promise<InstantCounts | null> {
  const base = await baseCondition(executor, source);
  if (!base) return null;
  const conditions = exclusionConditions(exclusions, classicAccounts);
  const queries = [
    `(${base})`,
    ...conditions.map(([, condition], i) =>
      [`(${base})`, ...conditions.slice(0, i).map(([, c]) => `NOT (${c})`), `(${condition})`].join(
        " AND ",
      ),
    ),
  ];
  const counts = await Promise.all(
    queries.map((query) =>
      executor
        .query<{ customerSegmentMembers: { totalCount: number } }>(COUNT, { query })
        .then((data) => data.customerSegmentMembers.totalCount),
    ),
  );
  const [total, ...each] = counts as [number, ...number[]];
  const skipped = Object.fromEntries(conditions.map(([reason], i) => [reason, each[i]!]));
  return { total, skipped, recipients: total - each.reduce((sum, n) => sum + n, 0) };
}
