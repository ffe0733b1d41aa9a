// How fast the store simulator serves a typical customers page, against the
// cheapest possible query measured in the same run (the HTTP + auth + cost baseline).
import { startStoreSimulator } from "../store";
import { load } from "./load";

const SHOP = "bench-sim.myshopify.com";
const TOKEN = "shpat_bench";

const CUSTOMERS_PAGE = `query CustomersPage($query: String, $after: String) {
  customers(first: 50, query: $query, after: $after, sortKey: UPDATED_AT, reverse: true) {
    nodes { id displayName state tags numberOfOrders defaultEmailAddress { emailAddress marketingState } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export async function simulatorBench() {
  const sim = await startStoreSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9",
    apiKey: "bench",
    apiSecret: "bench-secret",
    // Throttling off: this measures serving speed, not the rate limit.
    shops: [
      {
        domain: SHOP,
        seed: { customers: 10_000 },
        accessTokens: [TOKEN],
        bucketSize: 1e12,
        restoreRate: 1e12,
      },
    ],
  });
  const request = (query: string, variables: object = {}) => ({
    path: "/admin/api/2026-10/graphql.json",
    headers: { host: SHOP, "content-type": "application/json", "x-shopify-access-token": TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  try {
    const baseline = await load(sim.url, request("{ shop { id } }"), { seconds: 4 });
    const page = await load(
      sim.url,
      request(CUSTOMERS_PAGE, { query: "state:DISABLED tag:newsletter" }),
      {
        seconds: 4,
      },
    );
    return {
      rows: [
        { name: "simulator: { shop { id } } (baseline)", ...baseline },
        { name: "simulator: customers page (50, state+tag filter)", ...page },
      ],
      figures: {
        simulatorCustomersPagePerSec: Math.round(page.perSecond),
        simulatorBaselinePerSec: Math.round(baseline.perSecond),
        simulatorCustomersPageRatio: Number((page.perSecond / baseline.perSecond).toFixed(3)),
      },
    };
  } finally {
    await sim.stop();
  }
}
