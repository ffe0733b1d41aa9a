/**
 * Like test/store/route-shops.ts (the app's requests for
 * https://<shop>.myshopify.com go to STORE_SIMULATOR_URL, Host kept), but with
 * a connection pool per shop and no cap on its connections, as each shop is
 * its own origin in production. One pool of 64 shared by every shop would cap
 * a worker at 64 calls in flight, and a benchmark of workers would measure
 * that cap. Preloaded with `--import` by spawnWorker({ router: "each-shop" }).
 */
import { Dispatcher, Pool, getGlobalDispatcher, setGlobalDispatcher } from "undici";

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

function withHost(headers: Dispatcher.DispatchOptions["headers"], host: string) {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      out[String(headers[i])] = String(headers[i + 1]);
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const [k, v] of headers as Iterable<[string, string]>) out[k] = v;
  } else if (headers) {
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = String(v);
  }
  for (const key of Object.keys(out)) if (key.toLowerCase() === "host") delete out[key];
  out.host = host;
  return out;
}

class EachShopRouter extends Dispatcher {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly simulator: URL,
    private readonly fallback: Dispatcher,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
    const origin = new URL(String(options.origin));
    if (!SHOP_HOST.test(origin.hostname)) return this.fallback.dispatch(options, handler);
    let pool = this.pools.get(origin.host);
    if (!pool) {
      pool = new Pool(this.simulator.origin, { keepAliveTimeout: 10_000 });
      this.pools.set(origin.host, pool);
    }
    const headers = withHost(options.headers, origin.host);
    return pool.dispatch({ ...options, origin: this.simulator.origin, headers }, handler);
  }

  override async close() {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

if (process.env.STORE_SIMULATOR_URL)
  setGlobalDispatcher(
    new EachShopRouter(new URL(process.env.STORE_SIMULATOR_URL), getGlobalDispatcher()),
  );
