import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimClock } from "./clock";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { addCustomer, API_KEY, API_SECRET, graphqlPath, post, SHOP, T0 } from "./testing";

let sim: StoreSimulator;
let token: string;
const clock = new SimClock(T0);

beforeAll(async () => {
  sim = await startStoreSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    clock,
    shops: [{ domain: SHOP, seed: false }],
  });
  token = sim.issueAccessToken(SHOP);
});
afterAll(() => sim.stop());
beforeEach(() => sim.simulator.runtime(SHOP).faults.reset());

const TAG = `mutation($id: ID!) { tagsAdd(id: $id, tags: ["fault"]) { userErrors { message } } }`;
const call = (query: string, variables: Record<string, unknown> = {}) =>
  post(sim.url, graphqlPath(), { query, variables }, { "x-shopify-access-token": token });

describe("faults decided before execution", () => {
  it("a 5xx means the mutation did not run", async () => {
    const c = addCustomer(sim.simulator, { email: "f1@x.com" });
    sim.setFaults(SHOP, { script: ["error"] });
    const res = await call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    expect([502, 503]).toContain(res.status);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toMatch(/<html/);
    expect(c.tags).toEqual([]);
    expect((await call(TAG, { id: `gid://shopify/Customer/${c.id}` })).status).toBe(200);
    expect(c.tags).toEqual(["fault"]);
  });

  it("a held request answers 504 later and did not run", async () => {
    const c = addCustomer(sim.simulator, { email: "f2@x.com" });
    sim.setFaults(SHOP, { script: ["timeout"], timeoutMs: 150 });
    const started = Date.now();
    const res = await call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(c.tags).toEqual([]);
  });

  it("a request that never answers leaves the client to abort, and did not run", async () => {
    const c = addCustomer(sim.simulator, { email: "f3@x.com" });
    sim.setFaults(SHOP, { script: ["timeout"], timeoutMs: null });
    const attempt = request(`${sim.url}${graphqlPath()}`, {
      method: "POST",
      headers: { host: SHOP, "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query: TAG, variables: { id: `gid://shopify/Customer/${c.id}` } }),
      signal: AbortSignal.timeout(200),
    });
    await expect(attempt).rejects.toThrow();
    expect(c.tags).toEqual([]);
  });

  it("THROTTLED storms last for the configured period", async () => {
    sim.setFaults(SHOP, { throttleForMs: 5000 });
    const res = await call("{ shop { id } }");
    expect(res.status).toBe(200);
    expect(res.json.errors[0].extensions.code).toBe("THROTTLED");
    clock.advance(5001);
    expect((await call("{ shop { id } }")).json.data.shop.id).toMatch(/^gid:\/\/shopify\/Shop\//);
  });

  it("rates can target mutations only", async () => {
    sim.setFaults(SHOP, { errorRate: 1, appliesTo: "mutations" });
    expect((await call("{ shop { id } }")).status).toBe(200);
    expect((await call(TAG, { id: "gid://shopify/Customer/1" })).status).toBeGreaterThanOrEqual(
      502,
    );
  });

  it("is deterministic for a seed", async () => {
    const run = async () => {
      sim.setFaults(SHOP, { seed: 11, errorRate: 0.4 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call("{ shop { id } }")).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(0);
  });
});

describe("lost responses (ran, but the client can't tell)", () => {
  it("the mutation ran although the client got a 5xx", async () => {
    const c = addCustomer(sim.simulator, { email: "f4@x.com" });
    sim.setFaults(SHOP, { script: ["lost"], lostResponseMode: "5xx" });
    const res = await call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    expect([502, 503]).toContain(res.status);
    expect(c.tags).toEqual(["fault"]);
  });
});

describe("INTERNAL_SERVER_ERROR (HTTP 200)", () => {
  const INTERNAL =
    /^Internal error\. Looks like something went wrong on our end\.\nRequest ID: (\S+) \(include this in support requests\)\.$/;

  it("GIVEN an internal error before the request ran THEN Shopify's error with the request id, and nothing changed", async () => {
    const c = addCustomer(sim.simulator, { email: "f5@x.com" });
    sim.setFaults(SHOP, { script: ["internal"] });
    const res = await call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    expect(res.status).toBe(200);
    const requestId = res.headers["x-request-id"];
    expect(res.json).toEqual({
      errors: [
        {
          message: expect.stringMatching(INTERNAL),
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
        },
      ],
    });
    expect(INTERNAL.exec(res.json.errors[0].message)![1]).toBe(requestId);
    expect(c.tags).toEqual([]);
  });

  it("GIVEN an internal error after the request ran THEN the same answer, but the mutation took effect", async () => {
    const c = addCustomer(sim.simulator, { email: "f6@x.com" });
    sim.setFaults(SHOP, { script: ["internal_after"] });
    const res = await call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    expect(res.json.errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
    expect(res.json.data).toBeUndefined();
    expect(c.tags).toEqual(["fault"]);
  });

  it("GIVEN a late request THEN it runs only after the hold, though its client gave up first", async () => {
    const c = addCustomer(sim.simulator, { email: "f8@x.com" });
    sim.setFaults(SHOP, { script: ["late"], lateMs: 300 });
    const started = Date.now();
    const abandoned = call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(c.tags).toEqual([]); // not run yet: reading the state now says it was not applied
    await abandoned;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(c.tags).toEqual(["fault"]);
  });

  it("GIVEN internal error rates THEN requests fail at those rates, before or after running", async () => {
    const c = addCustomer(sim.simulator, { email: "f7@x.com" });
    sim.setFaults(SHOP, { internalErrorAfterRate: 1 });
    const res = await call(TAG, { id: `gid://shopify/Customer/${c.id}` });
    expect(res.json.errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
    expect(c.tags).toEqual(["fault"]);
    sim.setFaults(SHOP, { internalErrorAfterRate: 0, internalErrorRate: 1 });
    expect((await call("{ shop { id } }")).json.errors[0].extensions.code).toBe(
      "INTERNAL_SERVER_ERROR",
    );
  });
});
