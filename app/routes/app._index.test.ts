import {
  API_KEY,
  API_SECRET_KEY,
  RequestType,
  setUpValidRequest,
} from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import db from "../db/db.server";
import { loader } from "./app._index";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";

const CLASSIC = "dashboard-classic";
const NEW = "dashboard-new";
const BROKEN = "dashboard-broken";

async function dashboardRequest(store: string) {
  return setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
    new Request("https://patron.test/app"),
  );
}

describe("dashboard loader, against the store simulator", () => {
  const simulator = useStoreSimulator([
    { domain: CLASSIC, name: "Maison Dupont", currencyCode: "EUR", seed: false },
    {
      domain: NEW,
      name: "Nordlys",
      currencyCode: "NOK",
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
      customerAccountUrl: "https://shopify.com/123/account",
      seed: false,
    },
    { domain: BROKEN, seed: false },
  ]);

  it("GIVEN a first visit THEN exchanges the session token, stores the session and reads the shop", async () => {
    const overview = await loader(routeArgs(await dashboardRequest(CLASSIC)));
    expect(overview).toMatchObject({
      name: "Maison Dupont",
      domain: `${CLASSIC}.myshopify.com`,
      currencyCode: "EUR",
      version: "CLASSIC",
      mode: "classic",
    });
    const session = await db.session.findUniqueOrThrow({
      where: { id: `offline_${CLASSIC}.myshopify.com` },
    });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(await db.shop.count({ where: { shop: `${CLASSIC}.myshopify.com` } })).toBe(1);
  });

  it("GIVEN a store on new customer accounts THEN says invitations do not apply", async () => {
    const overview = await loader(routeArgs(await dashboardRequest(NEW)));
    expect(overview).toMatchObject({
      version: "NEW_CUSTOMER_ACCOUNTS",
      mode: "new",
      accountUrl: "https://shopify.com/123/account",
    });
  });

  it("GIVEN classic accounts turned off THEN reports it", async () => {
    await simulator().actions(`${CLASSIC}.myshopify.com`).setAccountMode("CLASSIC", "DISABLED");
    const overview = await loader(routeArgs(await dashboardRequest(CLASSIC)));
    expect(overview.mode).toBe("classicDisabled");
  });

  it("GIVEN Shopify answering 503 THEN the loader fails with Shopify's status instead of rendering", async () => {
    await loader(routeArgs(await dashboardRequest(BROKEN))); // installs
    simulator().setFaults(`${BROKEN}.myshopify.com`, { errorRate: 1 });
    const failure = await loader(routeArgs(await dashboardRequest(BROKEN))).catch(
      (e: unknown) => e,
    );
    // Shopify's library rethrows the API's status; the page's ErrorBoundary shows it.
    expect(failure).toBeInstanceOf(Response);
    expect((failure as Response).status).toBe(503);
  });
});
