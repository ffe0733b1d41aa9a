import { createAdminApiClient } from "@shopify/admin-api-client";
import { Redis } from "ioredis";
import { env } from "../env.server";
import { apiVersion, unauthenticated } from "../shopify.server";
import { AdminExecutor, type ExecutorOptions, type Transport } from "./executor.server";
import { ShopUnavailableError } from "./errors";
import { redisBudget } from "./shared-budget.server";

declare global {
  var patronBudgetRedis: Redis | undefined;
}

/** The process's one connection for shared budgets. */
function sharedRedis(url: string) {
  globalThis.patronBudgetRedis ??= new Redis(url, { maxRetriesPerRequest: 2 });
  return globalThis.patronBudgetRedis;
}

/**
 * A transport to one shop's Admin GraphQL API with an access token (no
 * retries: the executor decides). The client turns a failed fetch into an
 * error message; the fetch error itself is rethrown so the executor can tell
 * a request that never left (refused connection) from a timeout.
 */
export function adminTransport(shop: string, accessToken: string): Transport {
  const failures = new WeakMap<AbortSignal, unknown>();
  const client = createAdminApiClient({
    storeDomain: shop,
    apiVersion,
    accessToken,
    retries: 0,
    customFetchApi: (url, init) =>
      fetch(url, init).catch((error: unknown) => {
        if (init?.signal) failures.set(init.signal, error);
        throw error;
      }),
  });
  return async (query, { variables, signal }) => {
    const response = await client.request(query, { variables, signal });
    if (
      response.errors &&
      response.errors.networkStatusCode === undefined &&
      failures.has(signal)
    ) {
      throw failures.get(signal);
    }
    const answer = response as Awaited<ReturnType<Transport>>;
    const refused = answer.errors?.response;
    if (refused && !refused.ok && !refused.bodyUsed && refused.status < 500)
      answer.errors!.message = await withShopifysWords(answer.errors!.message, refused);
    return answer;
  };
}

/** Shopify explains a refusal in its body ({"errors": "Unavailable Shop"}): that goes in the message. */
async function withShopifysWords(message: string | undefined, response: Response) {
  const words = await response
    .clone()
    .json()
    .then((body: { errors?: unknown }) => (typeof body.errors === "string" ? body.errors : null))
    .catch(() => null);
  return words ? `${message ?? `HTTP ${response.status}`}: ${words}` : message;
}

type Cached = { token: string; transport: Transport; expires: number };

/**
 * A transport that uses the shop's offline session, read through the Shopify
 * library (which refreshes expiring offline tokens), and re-reads it when the
 * token is about to expire or Shopify answers 401.
 */
function sessionTransport(shop: string): Transport {
  let cached: Cached | null = null;
  const current = async () => {
    if (cached && cached.expires > Date.now() + 60_000) return cached;
    const { session } = await unauthenticated.admin(shop).catch((error: Error) => {
      // No usable session: the merchant must open the app again (a token exchange) first.
      throw new ShopUnavailableError("revoked", `No access to ${shop}: ${error.message}`);
    });
    cached = {
      token: session.accessToken!,
      transport: adminTransport(shop, session.accessToken!),
      expires: session.expires?.getTime() ?? Number.POSITIVE_INFINITY,
    };
    return cached;
  };
  return async (query, options) => {
    const response = await (await current()).transport(query, options);
    // Refused (401), or a permission missing that a new token may carry: read the session again.
    const codes = response.errors?.graphQLErrors?.map((e) => e.extensions?.code) ?? [];
    if (response.errors?.networkStatusCode === 401 || codes.includes("ACCESS_DENIED"))
      cached = null;
    return response;
  };
}

const executors = new Map<string, { executor: AdminExecutor; usedAt: number }>();
// An executor (with its cached token) unused this long is dropped: shops that
// uninstalled or went quiet do not stay in memory for the life of the process.
const IDLE_MS = 15 * 60 * 1000;
let sweptAt = 0;

function sweep(now: number) {
  if (now - sweptAt < 60_000) return;
  sweptAt = now;
  for (const [shop, entry] of executors)
    if (now - entry.usedAt > IDLE_MS && !entry.executor.busy) executors.delete(shop);
}

/**
 * The one executor per shop in this process: every job and page that calls
 * the Admin API for a shop shares its learned budget and in-flight limit.
 */
export function executorFor(shop: string, options?: ExecutorOptions): AdminExecutor {
  const now = Date.now();
  sweep(now);
  let entry = executors.get(shop);
  if (!entry) {
    const executor = new AdminExecutor(shop, sessionTransport(shop), {
      maxInFlight: Number(process.env.PATRON_SHOP_CONCURRENCY ?? 32),
      // Several worker processes may serve one shop: they share its budget through Redis.
      shared: env.REDIS_URL ? redisBudget(sharedRedis(env.REDIS_URL), shop) : null,
      ...options,
    });
    entry = { executor, usedAt: now };
    executors.set(shop, entry);
  }
  entry.usedAt = now;
  return entry.executor;
}

/** The shop uninstalled: its executor and token go now. */
export function forgetExecutor(shop: string) {
  executors.delete(shop);
}

/** Shops with an executor in this process (tests, diagnostics). */
export function cachedExecutorShops() {
  return [...executors.keys()];
}
