/**
 * The demo's local Shopify admin: one origin that serves the admin page
 * (store controls, the app's navigation, toasts), a stand-in for App Bridge,
 * the simulator's control API, and the app itself behind a proxy, so the app
 * runs embedded in an iframe exactly as in Shopify admin. Demo and tests only.
 */
import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { serveExtensionHarness } from "../extension-harness";

export interface LocalAdminOptions {
  port?: number;
  host?: string;
  /** Where the app really listens, e.g. http://127.0.0.1:3001. */
  appOrigin: string;
  /** The store simulator's base URL (its control API is under /__simulator). */
  simulatorUrl: string;
  apiKey: string;
  shop: string;
  /** The shop's name, on the extensions' harness pages. */
  shopName?: string;
}

export interface LocalAdmin {
  url: string;
  stop(): Promise<void>;
}

const PUBLIC = path.join(import.meta.dirname, "public");
const STATIC: Record<string, [file: string, type: string]> = {
  "/": ["admin.html", "text/html; charset=utf-8"],
  "/__admin/admin.js": ["admin.js", "text/javascript; charset=utf-8"],
  "/__admin/admin.css": ["admin.css", "text/css; charset=utf-8"],
  "/__admin/app-bridge.js": ["app-bridge.js", "text/javascript; charset=utf-8"],
};

function serveStatic(res: ServerResponse, file: string, type: string, config: object) {
  let body = readFileSync(path.join(PUBLIC, file), "utf8");
  if (file === "admin.html") body = body.replace("__ADMIN_CONFIG__", JSON.stringify(config));
  res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

// Shopify admin is the only allowed frame parent of an embedded app; here this origin plays it.
function rewriteHeaders(headers: http.IncomingHttpHeaders) {
  const out: http.OutgoingHttpHeaders = { ...headers };
  const csp = headers["content-security-policy"];
  if (typeof csp === "string") {
    out["content-security-policy"] = csp.replace(/frame-ancestors[^;]*/, "frame-ancestors 'self'");
  }
  return out;
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, rewrite: boolean) {
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(
        answer.statusCode ?? 502,
        rewrite ? rewriteHeaders(answer.headers) : answer.headers,
      );
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(`The local admin could not reach ${target.origin}: ${error.message}`);
  });
  req.pipe(upstream);
}

export async function startLocalAdmin(options: LocalAdminOptions): Promise<LocalAdmin> {
  const config = { apiKey: options.apiKey, shop: options.shop };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://admin.local");
    const file = req.method === "GET" ? STATIC[url.pathname] : undefined;
    if (file) return serveStatic(res, file[0], file[1], config);
    // The customer-facing extensions' pages (thank-you, order status): extension-harness.ts.
    if (url.pathname.startsWith("/extensions/") || url.pathname.startsWith("/__extensions/")) {
      void serveExtensionHarness(req, res, url, {
        appUrl: `http://localhost:${(server.address() as AddressInfo).port}`,
        shop: options.shop,
        shopName: options.shopName,
      }).then((served) => {
        if (!served) forward(req, res, new URL(url.pathname + url.search, options.appOrigin), true);
      });
      return;
    }
    if (url.pathname.startsWith("/__simulator/")) {
      return forward(req, res, new URL(url.pathname + url.search, options.simulatorUrl), false);
    }
    forward(req, res, new URL(url.pathname + url.search, options.appOrigin), true);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
