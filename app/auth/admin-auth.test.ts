import { Session } from "@shopify/shopify-api";
import {
  API_KEY,
  API_SECRET_KEY,
  RequestType,
  getJwt,
  setUpValidRequest,
} from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as settingsLoader } from "../routes/app.settings";
import { sessionStorage } from "../shopify.server";
import { routeArgs } from "../../test/support/route-args";

const STORE = "auth-shop";
const SHOP = `${STORE}.myshopify.com`;
const SCOPES = process.env.SCOPES!;

async function caught(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected the loader to refuse the request");
}

describe("authenticated admin requests (token exchange strategy)", () => {
  // An installed shop: its offline token is already stored, so no exchange is needed.
  beforeAll(async () => {
    await sessionStorage.storeSession(
      new Session({
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: "",
        isOnline: false,
        scope: SCOPES,
        accessToken: "shpat_stored",
      }),
    );
  });
  afterAll(() => sessionStorage.deleteSession(`offline_${SHOP}`));

  it("GIVEN a valid session token as a bearer header THEN the loader answers with the shop's data", async () => {
    const request = await setUpValidRequest(
      { type: RequestType.Bearer, store: STORE, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
      new Request("https://patron.test/app/settings"),
    );
    const data = await settingsLoader(routeArgs(request));
    expect(data.scopes).toEqual(SCOPES.split(","));
  });

  it("GIVEN a valid id_token on a document request THEN the loader answers", async () => {
    const request = await setUpValidRequest(
      { type: RequestType.Admin, store: STORE, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
      new Request("https://patron.test/app/settings"),
    );
    const data = await settingsLoader(routeArgs(request));
    expect(data.scopes).toContain("write_customers");
  });

  it("GIVEN an expired session token THEN answers 401 and asks App Bridge for a fresh one", async () => {
    const now = Date.now() / 1000;
    const { token } = await getJwt(STORE, API_KEY, API_SECRET_KEY, {
      exp: now - 60,
      nbf: now - 3600,
    });
    const request = new Request("https://patron.test/app/settings", {
      headers: { Authorization: `Bearer ${token}` },
    });
    const response = await caught(settingsLoader(routeArgs(request)));
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
  });

  it("GIVEN a token signed with another app's secret THEN answers 401", async () => {
    const { token } = await getJwt(STORE, API_KEY, "someone-elses-secret");
    const request = new Request("https://patron.test/app/settings", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect((await caught(settingsLoader(routeArgs(request)))).status).toBe(401);
  });

  it("GIVEN a token issued for another app THEN answers 401", async () => {
    const { token } = await getJwt(STORE, "another-app-key", API_SECRET_KEY);
    const request = new Request("https://patron.test/app/settings", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect((await caught(settingsLoader(routeArgs(request)))).status).toBe(401);
  });

  it("GIVEN a document request with a forged id_token THEN it does not render the page", async () => {
    const { token } = await getJwt(STORE, API_KEY, "someone-elses-secret");
    const url = new URL("https://patron.test/app/settings");
    url.search = new URLSearchParams({
      embedded: "1",
      shop: SHOP,
      host: Buffer.from(`admin.shopify.com/store/${STORE}`).toString("base64url"),
      id_token: token,
    }).toString();
    const response = await caught(settingsLoader(routeArgs(new Request(url))));
    // Shopify's library sends the browser to its bounce page to fetch a new token.
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain("/auth/session-token");
  });

  it("GIVEN no token at all THEN does not render the page", async () => {
    const response = await caught(
      settingsLoader(routeArgs(new Request("https://patron.test/app/settings"))),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/auth/login");
  });
});
