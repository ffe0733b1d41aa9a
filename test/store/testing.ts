/**
 * Helpers for the simulator's own tests: an in-process simulator and a
 * GraphQL call that goes through the same pipeline as HTTP (cost, throttle,
 * errors) without a socket.
 */
import { ShopActions, type NewCustomer } from "./actions";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, signSessionToken, TOKEN_EXCHANGE_GRANT } from "./auth";
import { SimClock } from "./clock";
import { handleGraphQL } from "./graphql";
import type { CustomerRecord } from "./model";
import { Simulator, type ShopConfig, type SimulatorOptions } from "./simulator";

export const API_KEY = "test-api-key";
export const API_SECRET = "test-api-secret";
export const SHOP = "test-shop.myshopify.com";
export const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

export function makeSimulator(
  shop: Partial<ShopConfig> = {},
  options: Partial<SimulatorOptions> = {},
): Simulator {
  return new Simulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    clock: new SimClock(T0),
    shops: [{ domain: SHOP, seed: false, bucketSize: 1_000_000, restoreRate: 1_000_000, ...shop }],
    ...options,
  });
}

// Test responses are read loosely; tests assert their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies navigated by tests
export type Json = any;

export function gql(
  sim: Simulator,
  query: string,
  variables: Record<string, unknown> = {},
  domain = SHOP,
): Json {
  const runtime = sim.runtime(domain);
  return handleGraphQL(sim.env, runtime.store, runtime.bucket, { query, variables }).body;
}

export function addCustomer(
  sim: Simulator,
  input: NewCustomer & Partial<CustomerRecord> = {},
  domain = SHOP,
): CustomerRecord {
  const actions = new ShopActions(sim.env, sim.runtime(domain));
  const c = actions.createCustomer(input);
  const {
    firstName: _f,
    lastName: _l,
    email: _e,
    phone: _p,
    tags: _t,
    state: _s,
    acceptsMarketing: _a,
    locale: _lo,
    address: _ad,
    ...rest
  } = input;
  Object.assign(c, rest);
  return c;
}

export const customerGid = (c: { id: number }): string => `gid://shopify/Customer/${c.id}`;

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Json;
}

/** POSTs to the simulator as the app would reach `https://<shop>/…` (Host routing). */
export async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  shop = SHOP,
): Promise<HttpReply> {
  const { request } = await import("undici");
  const res = await request(`${baseUrl}${path}`, {
    method: "POST",
    headers: { host: shop, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: Json = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (HTML error pages, XML): tests read `text`
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export function graphqlPath(version = "2026-10"): string {
  return `/admin/api/${version}/graphql.json`;
}

/** A token exchange as the app does it: a fresh session token for an offline access token. */
export async function exchangeToken(
  baseUrl: string,
  sim: Simulator,
  shop = SHOP,
): Promise<HttpReply> {
  const sessionToken = signSessionToken({
    shop,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    now: sim.clock.now(),
  });
  return post(
    baseUrl,
    "/admin/oauth/access_token",
    {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken,
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    },
    {},
    shop,
  );
}
