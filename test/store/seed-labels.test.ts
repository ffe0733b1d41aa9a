// The seeder's spam labels and hard cases (seed-spam.ts): there for the
// benchmark's measurement, never visible to the app through any API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEmail } from "../../app/customers/email-check";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { DISPOSABLE_DOMAINS } from "./seed-data";
import { SEED_CASES } from "./seed-spam";
import { API_KEY, API_SECRET, graphqlPath, post, SHOP, type Json } from "./testing";

let sim: StoreSimulator;
let token: string;
beforeAll(async () => {
  sim = await startStoreSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    shops: [
      {
        domain: SHOP,
        seed: { customers: 4000, seed: 2 },
        bucketSize: 1_000_000,
        restoreRate: 1_000_000,
      },
    ],
  });
  token = sim.issueAccessToken(SHOP);
});
afterAll(() => sim.stop());

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const res = await post(
    sim.url,
    graphqlPath(),
    { query, variables },
    {
      "x-shopify-access-token": token,
    },
  );
  return res.json;
}

const customers = () => [...sim.shop(SHOP).customers.values()];
const LEAK = /seedLabel|seedCase|plausible_spam|unusual_name|signup_rush/;

describe("the seeder's spam labels", () => {
  it("GIVEN a seeded shop THEN its spam sign-ups are labelled, and every hard case is there", async () => {
    const summary = (await (await fetch(`${sim.url}/__simulator/shops/${SHOP}`)).json()) as Json;
    const spam = customers().filter((c) => c.seedLabel === "spam");
    expect(spam.length).toBe(summary.seed.spam);
    // Spam never ordered, never verified; labels only on spam.
    expect(spam.every((c) => c.numberOfOrders === 0 && !c.verifiedEmail)).toBe(true);
    expect(customers().every((c) => c.seedLabel === undefined || c.seedLabel === "spam")).toBe(
      true,
    );
    for (const name of SEED_CASES) {
      const cased = customers().filter((c) => c.seedCase === name);
      expect(cased.length, name).toBe(summary.seed.hardCases[name]);
      expect(cased.length, name).toBeGreaterThan(0);
      // Only plausible_spam is spam; the other hard cases are genuine customers.
      expect(
        cased.every((c) => (c.seedLabel === "spam") === (name === "plausible_spam")),
        name,
      ).toBe(true);
    }
    // Plausible spam uses real names at big providers; genuine throwaway users are there too.
    const plausible = customers().filter((c) => c.seedCase === "plausible_spam");
    expect(plausible.every((c) => /^[\p{Lu}]/u.test(c.firstName ?? ""))).toBe(true);
    expect(plausible.every((c) => checkEmail(c.email!).verdict === "ok")).toBe(true);
    const throwaway = customers().filter((c) => c.seedCase === "disposable_genuine");
    expect(throwaway.every((c) => DISPOSABLE_DOMAINS.includes(c.email!.split("@")[1]!))).toBe(true);
    const typos = customers().filter((c) => c.seedCase === "typo_genuine");
    expect(typos.every((c) => checkEmail(c.email!).verdict === "typo")).toBe(true);
  });

  it("GIVEN the Admin API, a bulk export or the control API THEN no label is ever served", async () => {
    const page = await gql(`{
      customers(first: 100) {
        nodes {
          id firstName lastName displayName note state tags verifiedEmail numberOfOrders createdAt
          defaultEmailAddress { emailAddress marketingState }
          
        }
      }
    }`);
    expect(page.errors).toBeUndefined();
    expect(page.data.customers.nodes.length).toBe(100);
    expect(JSON.stringify(page)).not.toMatch(LEAK);

    const run = await gql(`mutation {
      bulkOperationRunQuery(query: "{ customers { edges { node { id firstName lastName verifiedEmail } } } }") {
        bulkOperation { id } userErrors { message }
      }
    }`);
    await sim.idle();
    const op = await gql(`query($id: ID!) { bulkOperation(id: $id) { status url } }`, {
      id: run.data.bulkOperationRunQuery.bulkOperation.id,
    });
    expect(op.data.bulkOperation.status).toBe("COMPLETED");
    const jsonl = await (await fetch(op.data.bulkOperation.url)).text();
    expect(jsonl.split("\n").filter(Boolean).length).toBe(4000);
    expect(jsonl).not.toMatch(LEAK);

    const labelled = customers().find((c) => c.seedCase === "plausible_spam")!;
    const control = await fetch(`${sim.url}/__simulator/shops/${SHOP}/customers/${labelled.id}`);
    expect(await control.text()).not.toMatch(LEAK);
  });
});
