import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INVALID_TOKEN_BODY } from "./auth";
import { startStoreSimulator, type StoreSimulator } from "./server";
import {
  addCustomer,
  API_KEY,
  API_SECRET,
  customerGid,
  exchangeToken,
  graphqlPath,
  post,
  SHOP,
} from "./testing";

let sim: StoreSimulator;
beforeAll(async () => {
  sim = await startStoreSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    shops: [{ domain: SHOP, seed: false }],
  });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.actions(SHOP).setShopStatus("active");
  sim.simulator.runtime(SHOP).faults.reset();
});

const TAG = `mutation($id: ID!) { tagsAdd(id: $id, tags: ["seen"]) { userErrors { message } } }`;
const call = (token: string, query = "{ shop { id } }", variables: object = {}) =>
  post(sim.url, graphqlPath(), { query, variables }, { "x-shopify-access-token": token });
const control = (path: string, body: object) =>
  post(sim.url, `/__simulator/shops/${SHOP}${path}`, body);

describe("shop status", () => {
  it("GIVEN a frozen shop THEN every request is 402 Unavailable Shop and nothing runs, until it is active again", async () => {
    const token = sim.issueAccessToken(SHOP);
    const c = addCustomer(sim.simulator, { email: "frozen@x.com" });
    sim.actions(SHOP).setShopStatus("frozen");
    const res = await call(token, TAG, { id: customerGid(c) });
    expect(res.status).toBe(402);
    expect(res.json).toEqual({ errors: "Unavailable Shop" });
    expect(c.tags).toEqual([]);
    sim.actions(SHOP).setShopStatus("active");
    expect((await call(token, TAG, { id: customerGid(c) })).status).toBe(200);
    expect(c.tags).toEqual(["seen"]);
  });

  it("GIVEN a locked shop THEN requests are 423 with Shopify's body", async () => {
    const token = sim.issueAccessToken(SHOP);
    sim.actions(SHOP).setShopStatus("locked");
    const res = await call(token);
    expect(res.status).toBe(423);
    expect(res.json).toEqual({ errors: "This store is unavailable" });
  });

  it("GIVEN an inactive shop THEN requests get HTTP 200 with SHOP_INACTIVE and no data", async () => {
    const token = sim.issueAccessToken(SHOP);
    sim.actions(SHOP).setShopStatus("inactive");
    const res = await call(token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      errors: [{ message: "The shop is not active.", extensions: { code: "SHOP_INACTIVE" } }],
    });
  });

  it("GIVEN the control API THEN status is set, shown in the summary, and refused when unknown", async () => {
    const set = await control("/status", { status: "frozen" });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ status: "frozen", primaryDomain: "test-shop.example" });
    expect((await control("/status", { status: "closed" })).status).toBe(400);
    expect((await control("/status", { status: "active" })).json.status).toBe("active");
  });
});

describe("revoked or expired access tokens", () => {
  it("GIVEN the shop's tokens are revoked THEN 401 with Shopify's body WHEN the app exchanges a new one THEN it works", async () => {
    const token = sim.issueAccessToken(SHOP);
    expect((await call(token)).status).toBe(200);
    const revoked = await control("/revoke-tokens", {});
    expect(revoked.json).toEqual({ ok: true });
    const res = await call(token);
    expect(res.status).toBe(401);
    expect(res.json).toEqual(INVALID_TOKEN_BODY);
    expect(sim.shop(SHOP).installed).toBe(true);
    const fresh = await exchangeToken(sim.url, sim.simulator);
    expect(fresh.status).toBe(200);
    expect((await call(fresh.json.access_token)).status).toBe(200);
  });

  it("GIVEN a scripted revoke THEN that request and the next ones are 401, and it did not run", async () => {
    const token = sim.issueAccessToken(SHOP);
    const c = addCustomer(sim.simulator, { email: "revoke@x.com" });
    sim.setFaults(SHOP, { script: ["none", "revoke"] });
    expect((await call(token)).status).toBe(200);
    expect((await call(token, TAG, { id: customerGid(c) })).status).toBe(401);
    expect((await call(token)).status).toBe(401);
    expect(c.tags).toEqual([]);
  });
});
