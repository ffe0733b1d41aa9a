import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ID_TOKEN_TYPE,
  OFFLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TYPE,
  signSessionToken,
  TOKEN_EXCHANGE_GRANT,
} from "./auth";
import { startStoreSimulator, type StoreSimulator } from "./server";
import { API_KEY, API_SECRET, graphqlPath, post, SHOP } from "./testing";

/** getJwt takes the store name and appends .myshopify.com itself. */
const STORE_NAME = SHOP.replace(".myshopify.com", "");
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

const exchange = (subjectToken: string, extra: Record<string, string> = {}) =>
  post(sim.url, "/admin/oauth/access_token", {
    client_id: API_KEY,
    client_secret: API_SECRET,
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: subjectToken,
    subject_token_type: ID_TOKEN_TYPE,
    requested_token_type: OFFLINE_TOKEN_TYPE,
    ...extra,
  });

const shopQuery = (token?: string) =>
  post(
    sim.url,
    graphqlPath(),
    { query: "{ shop { myshopifyDomain } }" },
    token ? { "x-shopify-access-token": token } : {},
  );

describe("token exchange", () => {
  it("exchanges a valid session token for an offline access token that works on the Admin API", async () => {
    const { token } = await getJwt(STORE_NAME, API_KEY, API_SECRET);
    const res = await exchange(token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/),
      scope: expect.stringContaining("write_customers"),
    });
    const api = await shopQuery(res.json.access_token);
    expect(api.status).toBe(200);
    expect(api.json.data.shop.myshopifyDomain).toBe(SHOP);
  });

  it("issues online tokens with expiry and the associated user; accepts form bodies", async () => {
    const { token } = await getJwt(STORE_NAME, API_KEY, API_SECRET, { sub: "77" });
    const form = new URLSearchParams({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: token,
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: ONLINE_TOKEN_TYPE,
    });
    const res = await post(sim.url, "/admin/oauth/access_token", form.toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      expires_in: 86399,
      associated_user_scope: res.json.scope,
      associated_user: { id: 77, email_verified: true },
    });
  });

  it("refuses wrong client credentials with 401 invalid_client", async () => {
    const { token } = await getJwt(STORE_NAME, API_KEY, API_SECRET);
    const res = await exchange(token, { client_secret: "nope" });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe("invalid_client");
  });

  it.each([
    ["expired", () => getJwt(STORE_NAME, API_KEY, API_SECRET, { exp: Date.now() / 1000 - 60 })],
    [
      "not yet valid",
      () => getJwt(STORE_NAME, API_KEY, API_SECRET, { nbf: Date.now() / 1000 + 600 }),
    ],
    ["signed with another secret", () => getJwt(STORE_NAME, API_KEY, "other-secret")],
    ["for another app", () => getJwt(STORE_NAME, "other-key", API_SECRET)],
    ["for another shop", () => getJwt("other-shop", API_KEY, API_SECRET)],
  ])("refuses a session token %s with 400 invalid_subject_token", async (_name, make) => {
    const { token } = await make();
    const res = await exchange(token);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("invalid_subject_token");
  });

  it("refuses unsupported grant types", async () => {
    const { token } = await getJwt(STORE_NAME, API_KEY, API_SECRET);
    const res = await exchange(token, { grant_type: "authorization_code" });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("unsupported_grant_type");
  });
});

describe("Admin API access tokens", () => {
  it("answers 401 with Shopify's message without a token or with one the shop did not issue", async () => {
    for (const res of [
      await shopQuery(),
      await shopQuery("shpat_00000000000000000000000000000000"),
    ]) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
    }
  });

  it("stops accepting tokens after uninstall, until a new token exchange", async () => {
    const token = sim.issueAccessToken(SHOP);
    expect((await shopQuery(token)).status).toBe(200);
    sim.actions(SHOP).uninstall();
    expect((await shopQuery(token)).status).toBe(401);
    const { token: session } = await getJwt(STORE_NAME, API_KEY, API_SECRET);
    const again = await exchange(session);
    expect((await shopQuery(again.json.access_token)).status).toBe(200);
  });

  it("serves only the 2026-10 version", async () => {
    const token = sim.issueAccessToken(SHOP);
    const res = await post(
      sim.url,
      graphqlPath("2023-01"),
      { query: "{ shop { id } }" },
      { "x-shopify-access-token": token },
    );
    expect(res.status).toBe(404);
  });
});

describe("signSessionToken", () => {
  it("mints tokens that Shopify's own library accepts and the simulator exchanges", async () => {
    const token = signSessionToken({
      shop: SHOP,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      userId: 5,
    });
    const shopify = shopifyApi({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      hostName: "patron.test",
      apiVersion: ApiVersion.October26,
      isEmbeddedApp: true,
      logger: { level: 0 },
    });
    const payload = await shopify.session.decodeSessionToken(token);
    expect(payload).toMatchObject({ dest: `https://${SHOP}`, aud: API_KEY, sub: "5" });
    expect((await exchange(token)).status).toBe(200);
  });
});
