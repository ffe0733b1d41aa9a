/**
 * The demo's stand-in for the pages where Patron's customer-facing UI
 * extensions render: /extensions/<handle>?order=<gid>&locale=fr&customer=<gid>
 * shows the thank-you page (offer-thank-you) or the order status page
 * (offer-order-status) of that order, with the extension's own source
 * bundled by esbuild on first request and run against a small `shopify`
 * global (public/extension-harness.js): session tokens minted by the
 * simulator's control API (as Shopify signs them), the order, translations
 * from the extension's locales/, Intl formatting in the buyer's locale. The
 * s-* Polaris web components are drawn by a little CSS and a copy button.
 * The block calls the app at `appUrl` from this page's origin, so the app's
 * CORS answers are exercised as in checkout. Demo and tests only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = path.join(ROOT, "extensions");
const PUBLIC = path.join(import.meta.dirname, "admin", "public");

export interface HarnessSurface {
  handle: string;
  target: string;
  /** What the session token is for (the control route's `surface`). */
  surface: "checkout" | "customer_account";
  /** The module of that target, relative to the extension's folder. */
  module: string;
}

/** The customer-facing extensions the harness can show. */
export const HARNESS_SURFACES: Record<string, HarnessSurface> = {
  "offer-thank-you": {
    handle: "offer-thank-you",
    target: "purchase.thank-you.block.render",
    surface: "checkout",
    module: "src/ThankYou.tsx",
  },
  "offer-order-status": {
    handle: "offer-order-status",
    target: "customer-account.order-status.block.render",
    surface: "customer_account",
    module: "src/OrderStatus.tsx",
  },
};

export interface HarnessOptions {
  /** Where the blocks call Patron (the app's own URL, SHOPIFY_APP_URL). */
  appUrl: string;
  shop: string;
  shopName?: string;
}

const LANGUAGES = ["en", "fr", "sv", "nb"];

// The app URL the extensions are built with (src/config.ts) is the production
// one; the harness gives them the demo's instead.
function configPlugin(appUrl: string): Plugin {
  return {
    name: "patron-harness-config",
    setup(b) {
      b.onResolve({ filter: /^\.\/config$/ }, (args) =>
        args.importer.startsWith(EXTENSIONS) ? { path: "config", namespace: "harness" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "harness" }, () => ({
        contents: `export const APP_URL = ${JSON.stringify(appUrl)};`,
        loader: "ts",
      }));
    },
  };
}

const bundles = new Map<string, { key: string; code: string }>();

/** Newest modification time of a folder's files (a changed source is rebuilt). */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const file = path.join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
  }, 0);
}

/** The extension's module bundled for a browser page, calling its default export. */
export async function bundleExtension(surface: HarnessSurface, appUrl: string): Promise<string> {
  const dir = path.join(EXTENSIONS, surface.handle);
  const key = `${appUrl}|${newest(path.join(dir, "src"))}|${newest(path.join(EXTENSIONS, "offer-thank-you", "src"))}`;
  const cached = bundles.get(surface.handle);
  if (cached?.key === key) return cached.code;
  const result = await build({
    stdin: {
      contents: `import main from ${JSON.stringify(path.join(dir, surface.module))};\nmain();\n`,
      resolveDir: dir,
      loader: "ts",
      sourcefile: `${surface.handle}-harness-entry.ts`,
    },
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { "process.env.NODE_ENV": '"development"' },
    plugins: [configPlugin(appUrl)],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  bundles.set(surface.handle, { key, code });
  return code;
}

function messages(handle: string, language: string): Record<string, unknown> {
  const file = path.join(
    EXTENSIONS,
    handle,
    "locales",
    `${language === "en" ? "en.default" : language}.json`,
  );
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: the shop's frame around the block, and the harness's `shopify` global. */
export function harnessPage(surface: HarnessSurface, url: URL, options: HarnessOptions): string {
  const orderNumber = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/(\d+)$/.exec(
    url.searchParams.get("order") ?? "",
  )?.[1];
  const requested = (url.searchParams.get("locale") ?? "en").toLowerCase();
  const language = LANGUAGES.includes(requested.slice(0, 2)) ? requested.slice(0, 2) : "en";
  const customer = url.searchParams.get("customer");
  const config = {
    handle: surface.handle,
    target: surface.target,
    surface: surface.surface,
    shop: options.shop,
    shopName: options.shopName ?? options.shop,
    orderNumber: orderNumber ?? null,
    orderName: url.searchParams.get("name"),
    customerId: customer && /^gid:\/\/shopify\/Customer\/\d+$/.test(customer) ? customer : null,
    locale: url.searchParams.get("locale") ?? "en",
    language,
    messages: messages(surface.handle, language),
    fallback: messages(surface.handle, "en"),
  };
  const title =
    surface.surface === "checkout" ? "Thank-you page (harness)" : "Order status page (harness)";
  return `<!doctype html>
<html lang="${escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · ${escape(surface.handle)}</title>
<link rel="stylesheet" href="/__extensions/harness.css">
</head>
<body>
<header class="shop-header"><span class="shop-name">${escape(config.shopName)}</span></header>
<main class="page ${surface.surface}">
  <section class="page-intro" id="page-intro"></section>
  <section class="extension-slot" data-target="${escape(surface.target)}">
    <div id="extension-root"></div>
  </section>
  <aside class="harness-note">${escape(title)}: <code>${escape(surface.target)}</code> from
  <code>extensions/${escape(surface.handle)}</code>, bundled from its source; session tokens from the store simulator.</aside>
</main>
<script>window.PATRON_HARNESS = ${JSON.stringify(config).replace(/</g, "\\u003c")};</script>
<script src="/__extensions/harness.js"></script>
<script src="/__extensions/${escape(surface.handle)}.js"></script>
</body>
</html>`;
}

/**
 * Serves the harness's routes on the local admin: the page at
 * /extensions/<handle>, the bundle at /__extensions/<handle>.js, the shim and
 * the styles. Returns false for any other path.
 */
export async function serveExtensionHarness(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HarnessOptions,
): Promise<boolean> {
  if (req.method !== "GET") return false;
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
    res.end(body);
  };
  const page = /^\/extensions\/([a-z0-9-]+)$/.exec(url.pathname);
  if (page) {
    const surface = HARNESS_SURFACES[page[1]!];
    if (!surface) send(404, "text/plain; charset=utf-8", `No customer-facing extension ${page[1]}`);
    else send(200, "text/html; charset=utf-8", harnessPage(surface, url, options));
    return true;
  }
  if (url.pathname === "/__extensions/harness.js" || url.pathname === "/__extensions/harness.css") {
    const css = url.pathname.endsWith(".css");
    send(
      200,
      css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
      readFileSync(
        path.join(PUBLIC, css ? "extension-harness.css" : "extension-harness.js"),
        "utf8",
      ),
    );
    return true;
  }
  const script = /^\/__extensions\/([a-z0-9-]+)\.js$/.exec(url.pathname);
  if (script) {
    const surface = HARNESS_SURFACES[script[1]!];
    if (!surface) {
      send(404, "text/plain; charset=utf-8", `No customer-facing extension ${script[1]}`);
      return true;
    }
    try {
      send(200, "text/javascript; charset=utf-8", await bundleExtension(surface, options.appUrl));
    } catch (error) {
      send(
        500,
        "text/plain; charset=utf-8",
        `esbuild could not bundle ${surface.handle}: ${String(error)}`,
      );
    }
    return true;
  }
  return false;
}
