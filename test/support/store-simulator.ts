import { readFileSync } from "node:fs";
import path from "node:path";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll } from "vitest";
import { startStoreSimulator, type ShopConfig, type StoreSimulator } from "../store";
import { routeShopsTo, unrouteShops } from "../store/route-shops";

const toml = readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8");

/**
 * Starts the store simulator for a test file and routes the app's requests to
 * https://<shop>.myshopify.com to it, so the app's real code (token exchange,
 * Admin GraphQL) runs unchanged over HTTP. Signed with the test helpers' app key/secret.
 */
export function useStoreSimulator(shops: ShopConfig[], appUrl = "http://127.0.0.1:9") {
  const handle: { current?: StoreSimulator } = {};
  beforeAll(async () => {
    handle.current = await startStoreSimulator({
      port: 0,
      appUrl,
      apiKey: API_KEY,
      apiSecret: API_SECRET_KEY,
      webhookSubscriptions: toml,
      webhooks: { maxAttempts: 1 },
      shops,
    });
    routeShopsTo(handle.current.url);
  });
  afterAll(async () => {
    unrouteShops();
    await handle.current?.stop();
  });
  return () => {
    if (!handle.current) throw new Error("the store simulator is not started yet");
    return handle.current;
  };
}
