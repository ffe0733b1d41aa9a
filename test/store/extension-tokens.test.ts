import "@shopify/shopify-api/adapters/web-api";
import { shopifyApi, ApiVersion } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { handleControl } from "./control";
import { EXTENSION_TOKEN_TTL_S, signExtensionToken } from "./extension-tokens";
import type { Simulator } from "./simulator";
import { API_KEY, API_SECRET, addCustomer, customerGid, makeSimulator, SHOP } from "./testing";

const api = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  hostName: "patron.test",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
});

/** The claims, unverified: the simulator's clock is not the wall clock the libraries check. */
const claims = (answer: { body: unknown }) =>
  JSON.parse(
    Buffer.from((answer.body as { token: string }).token.split(".")[1]!, "base64url").toString(),
  ) as Record<string, unknown> & { exp: number; nbf: number; iat: number };

const token = (sim: Simulator, body: Record<string, unknown>) =>
  handleControl(sim, {
    method: "POST",
    path: `/shops/${SHOP}/extension-token`,
    query: new URLSearchParams(),
    body,
  });

describe("extension session tokens", () => {
  it("GIVEN a logged-in buyer THEN the token names the shop as dest and the customer as sub, for 5 minutes of the store's clock", async () => {
    const sim = makeSimulator();
    const buyer = addCustomer(sim, { email: "buyer@x.com" });
    const answer = await token(sim, { surface: "checkout", customerId: customerGid(buyer) });
    expect(answer.status).toBe(200);
    const payload = claims(answer);
    expect(payload).toMatchObject({ dest: SHOP, aud: API_KEY, sub: customerGid(buyer) });
    expect(payload.exp - payload.nbf).toBe(EXTENSION_TOKEN_TTL_S);
    expect(payload.iat).toBe(payload.nbf);
    expect(typeof payload.jti).toBe("string");
    expect(payload.nbf).toBe(Math.floor(sim.clock.now() / 1000));
  });

  it("GIVEN a guest THEN no sub; a customer account token always names its customer", async () => {
    const sim = makeSimulator();
    const guest = await token(sim, { surface: "checkout" });
    expect(guest.status).toBe(200);
    expect(claims(guest).sub).toBeUndefined();
    expect((await token(sim, { surface: "customer_account" })).status).toBe(400);
    expect(() =>
      signExtensionToken({
        surface: "customer_account",
        shop: SHOP,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
      }),
    ).toThrow(/logged-in/);
  });

  it("GIVEN a bad surface or an unknown customer THEN a clear refusal", async () => {
    const sim = makeSimulator();
    expect(await token(sim, { surface: "admin" })).toMatchObject({ status: 400 });
    expect(
      await token(sim, { surface: "checkout", customerId: "gid://shopify/Customer/999999" }),
    ).toMatchObject({ status: 404 });
  });

  it("GIVEN the app's secret THEN the Shopify libraries accept it; another secret or an expired token THEN they refuse it", async () => {
    const base = { surface: "checkout" as const, shop: SHOP, apiKey: API_KEY };
    await expect(
      api.session.decodeSessionToken(
        signExtensionToken({ ...base, apiSecret: API_SECRET, customerId: 7 }),
      ),
    ).resolves.toMatchObject({ dest: SHOP, aud: API_KEY, sub: "gid://shopify/Customer/7" });
    await expect(
      api.session.decodeSessionToken(signExtensionToken({ ...base, apiSecret: "other-secret" })),
    ).rejects.toThrow();
    await expect(
      api.session.decodeSessionToken(
        signExtensionToken({ ...base, apiSecret: API_SECRET, now: Date.now() - 10 * 60_000 }),
      ),
    ).rejects.toThrow();
  });
});
