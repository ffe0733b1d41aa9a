import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseQuery } from "../http/query.server";
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
  const { admin } = await authenticate.admin(request);
  const { q } = parseQuery(request, Query);
  const response = await admin.graphql(SEARCH, { variables: { query: q } });
  const { data } = await response.json();
  const customers = (data?.customers.nodes ?? []).map((c) => ({
    id: c.id,
    name: c.displayName,
    email: c.defaultEmailAddress?.emailAddress ?? null,
  }));
  return json({ customers }, { headers: { "Cache-Control": "no-store" } });
};
