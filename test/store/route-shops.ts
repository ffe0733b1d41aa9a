/**
 * Sends the app's requests for https://<shop>.myshopify.com/… to the store
 * simulator instead of the internet, keeping the Host header the simulator
 * routes on. Installed in the process that runs the app (a test worker, or the
 * demo's app server through `--import`), so the app's code is unchanged.
 */
import { Agent, Dispatcher, setGlobalDispatcher, getGlobalDispatcher } from "undici";

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

class ShopRouter extends Dispatcher {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

  constructor(
    private readonly simulator: URL,
    private readonly fallback: Dispatcher,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
    const origin = new URL(String(options.origin));
    if (!SHOP_HOST.test(origin.hostname)) return this.fallback.dispatch(options, handler);
    const headers = withHost(options.headers, origin.host);
    return this.agent.dispatch({ ...options, origin: this.simulator.origin, headers }, handler);
  }

  override async close() {
    await this.agent.close();
  }
}

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

let installed: { router: ShopRouter; previous: Dispatcher } | undefined;

export function routeShopsTo(simulatorUrl: string) {
  unrouteShops();
  const previous = getGlobalDispatcher();
  const router = new ShopRouter(new URL(simulatorUrl), previous);
  setGlobalDispatcher(router);
  installed = { router, previous };
}

export function unrouteShops() {
  if (!installed) return;
  setGlobalDispatcher(installed.previous);
  void installed.router.close();
  installed = undefined;
}

// `node --import tsx --import ./test/store/route-shops.ts` with STORE_SIMULATOR_URL set.
if (process.env.STORE_SIMULATOR_URL) routeShopsTo(process.env.STORE_SIMULATOR_URL);
