import {
  API_KEY,
  API_SECRET_KEY,
  RequestType,
  setUpValidRequest,
} from "@shopify/shopify-api/test-helpers";

/** A request of the embedded app for `shop` (its domain), with a valid session token. */
export function adminRequest(shop: string, path: string, init?: RequestInit) {
  return setUpValidRequest(
    {
      type: RequestType.Bearer,
      store: shop.replace(".myshopify.com", ""),
      apiKey: API_KEY,
      apiSecretKey: API_SECRET_KEY,
    },
    new Request(`https://patron.test${path}`, init),
  );
}
