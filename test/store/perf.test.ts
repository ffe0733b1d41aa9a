import { describe, expect, it } from "vitest";
import { encodeCursor } from "./ids";
import { gql, makeSimulator } from "./testing";

// Generous limits (measured well below them): these guard against accidental
// quadratic scans over a 100k-customer shop, not against a slow machine.
describe("performance on 100,000 customers", () => {
  const sim = makeSimulator({ seed: { customers: 100_000, seed: 5 } });
  const ids = sim.shop("test-shop").customerIds();

  function averageMs(query: string, variables: Record<string, unknown> = {}, runs = 100): number {
    gql(sim, query, variables);
    const started = performance.now();
    for (let i = 0; i < runs; i++) {
      const res = gql(sim, query, variables);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    return (performance.now() - started) / runs;
  }

  const PAGE =
    "query($q: String, $a: String) { customers(first: 50, query: $q, after: $a) { nodes { id email state tags } pageInfo { hasNextPage endCursor } } }";

  it("serves typical filtered customer pages in a few milliseconds", () => {
    expect(averageMs(PAGE)).toBeLessThan(20);
    expect(averageMs(PAGE, { q: "state:DISABLED tag:newsletter" })).toBeLessThan(20);
    expect(
      averageMs(PAGE, { q: "accepts_marketing:true -state:ENABLED orders_count:0" }),
    ).toBeLessThan(20);
  }, 30_000);

  it("pages deep into the shop without rescanning from the start", () => {
    const deep = encodeCursor(ids[ids.length - 200]!, ids[ids.length - 200]!, 99_000);
    expect(averageMs(PAGE, { a: deep })).toBeLessThan(20);
  }, 30_000);

  it("counts with a filter in well under a second", () => {
    const started = performance.now();
    const res = gql(
      sim,
      `{ customersCount(query: "state:INVITED", limit: null) { count precision } }`,
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(res.data.customersCount.count).toBeGreaterThan(3000);
  }, 30_000);
});
