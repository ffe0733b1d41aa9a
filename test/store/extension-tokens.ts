/**
 * The session tokens that checkout and customer account UI extensions get
 * from `shopify.sessionToken.get()` and send to the app's backend as a bearer
 * token (shopify.dev, checkout-ui-extensions and customer-account-ui-extensions
 * "Session Token API"): an HS256 JWT signed with the app's secret, valid
 * 5 minutes, whose `dest` is the shop's domain and `aud` the app's client id.
 * `sub` is the customer's gid only when the buyer is logged in (and the app
 * may read customer accounts); a guest's token has none. Unlike App Bridge's
 * admin tokens there is no staff user and no session id.
 */
import { randomUUID } from "node:crypto";
import { signJwt } from "./auth";

/** Which extension asks: a checkout one (thank-you page) or a customer account one (order status). */
export type ExtensionSurface = "checkout" | "customer_account";

export const EXTENSION_SURFACES: readonly ExtensionSurface[] = ["checkout", "customer_account"];

/** Shopify's extension session tokens live 5 minutes. */
export const EXTENSION_TOKEN_TTL_S = 300;

export interface ExtensionTokenInput {
  surface: ExtensionSurface;
  /** The shop's myshopify domain (the token's `dest`). */
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** A logged-in buyer's customer (number or gid); absent for a guest. */
  customerId?: number | string | null;
  /** Epoch ms; defaults to Date.now(). */
  now?: number;
  ttlSeconds?: number;
}

export interface ExtensionTokenPayload {
  dest: string;
  aud: string;
  sub?: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
}

const customerGid = (id: number | string) =>
  String(id).startsWith("gid://") ? String(id) : `gid://shopify/Customer/${id}`;

/** The claims Shopify puts in an extension's session token. */
export function extensionTokenPayload(input: ExtensionTokenInput): ExtensionTokenPayload {
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  return {
    dest: input.shop,
    aud: input.apiKey,
    ...(input.customerId === undefined || input.customerId === null
      ? {}
      : { sub: customerGid(input.customerId) }),
    exp: now + (input.ttlSeconds ?? EXTENSION_TOKEN_TTL_S),
    nbf: now,
    iat: now,
    jti: randomUUID(),
  };
}

/**
 * Mints a checkout or customer account extension session token. Both surfaces
 * sign the same claims the same way; `surface` is kept for the caller's
 * clarity (and a customer account token always names its customer: that
 * surface exists only for a logged-in customer).
 */
export function signExtensionToken(input: ExtensionTokenInput): string {
  if (input.surface === "customer_account" && (input.customerId ?? null) === null)
    throw new Error("a customer account extension runs only for a logged-in customer");
  return signJwt(extensionTokenPayload(input), input.apiSecret);
}
