import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { logDataAccess } from "../compliance/access-log.server";
import db from "../db/db.server";
import { parseQuery } from "../http/query.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";

// Customers matching what the merchant types, for picking an audience by hand.
const Query = z.object({ q: z.string().trim().max(100).default("") });

const SEARCH = `#graphql
  query PatronPickCustomers($query: String!) {
    customers(first: 20, query: $query, sortKey: NAME) {
      nodes { id displayName defaultEmailAddress { emailAddress } }
    }
  }`;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin } = context;
  const { q } = parseQuery(request, Query);
  const response = await admin.graphql(SEARCH, { variables: { query: q } });
  const { data } = await response.json();
  const customers = (data?.customers.nodes ?? []).map((c) => ({
    id: c.id,
    name: c.displayName,
    email: c.defaultEmailAddress?.emailAddress ?? null,
  }));
  // The search words may name a customer: only that a search happened is kept.
  await logDataAccess(db, context.session.shop, {
    staff: staffOf(context),
    action: "customer_search",
    records: customers.length,
    onceWithinMs: 10 * 60_000,
  });
  return json({ customers }, { headers: { "Cache-Control": "no-store" } });
};
