import { createAdminApiClient } from "@shopify/admin-api-client";
import { apiVersion, unauthenticated } from "../shopify.server";
import { AdminExecutor, type ExecutorOptions, type Transport } from "./executor.server";

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
    return response as Awaited<ReturnType<Transport>>;
  };
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
    const { session } = await unauthenticated.admin(shop);
    cached = {
      token: session.accessToken!,
      transport: adminTransport(shop, session.accessToken!),
      expires: session.expires?.getTime() ?? Number.POSITIVE_INFINITY,
    };
    return cached;
  };
  return async (query, options) => {
    const response = await (await current()).transport(query, options);
    if (response.errors?.networkStatusCode === 401) cached = null;
    return response;
  };
}

const executors = new Map<string, AdminExecutor>();

/**
 * The one executor per shop in this process: every job and page that calls
 * the Admin API for a shop shares its learned budget and in-flight limit.
 */
export function executorFor(shop: string, options?: ExecutorOptions): AdminExecutor {
  let executor = executors.get(shop);
  if (!executor) {
    executor = new AdminExecutor(shop, sessionTransport(shop), {
      maxInFlight: Number(process.env.PATRON_SHOP_CONCURRENCY ?? 32),
      ...options,
    });
    executors.set(shop, executor);
  }
  return executor;
}

export function forgetExecutor(shop: string) {
  executors.delete(shop);
}
