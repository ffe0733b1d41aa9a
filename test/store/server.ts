/**
 * The store simulator on the network (plain node:http). Requests for a shop
 * are routed by Host (or X-Forwarded-Host) = <shop>.myshopify.com:
 *   POST /admin/api/2026-10/graphql.json   Admin GraphQL
 *   POST /admin/oauth/access_token         token exchange
 * and, on the simulator's own address:
 *   POST /__uploads                        staged uploads (multipart, file last)
 *   GET  /__files/<key>                    bulk operation results
 *   /__simulator/…                         JSON control API (control.ts)
 *
 * CLI: npx tsx test/store/server.ts --port 4010 --app-url http://localhost:3000 \
 *        --api-key KEY --api-secret SECRET --toml shopify.app.toml --shop demo --customers 2000
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { ActionError, type ShopActions } from "./actions";
import { tokenExchange } from "./auth";
import { uploadKey } from "./bulk";
import { handleControl } from "./control";
import type { FaultUpdate } from "./faults";
import { handleGraphQLRoute } from "./graphql-route";
import { parseJson, readBody, send } from "./http";
import type { InviteEmail, Plan } from "./model";
import { boundaryOf, parseMultipart } from "./multipart";
import { uploadSignature } from "./resolvers/bulk";
import { API_VERSION, adminSchema } from "./schema";
import {
  normalizeDomain,
  Simulator,
  type ShopConfig,
  type SimulatorHooks,
  type SimulatorOptions,
} from "./simulator";
import type { ShopStore } from "./state";
import type { DeliveryAttempt } from "./webhooks";

export interface StoreSimulatorOptions extends SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface StoreSimulator {
  url: string;
  port: number;
  simulator: Simulator;
  stop(): Promise<void>;
  shop(domain: string): ShopStore;
  outbox(domain: string): InviteEmail[];
  deliveries(domain?: string): DeliveryAttempt[];
  actions(domain: string): ShopActions;
  setFaults(domain: string, faults: FaultUpdate): void;
  issueAccessToken(
    domain: string,
    opts?: { online?: boolean; userId?: number; scope?: string },
  ): string;
  /** Waits for pending webhook deliveries and bulk operations. */
  idle(): Promise<void>;
  /** Test hooks awaited before requests are handled (replaces the previous ones). */
  setHooks(hooks: SimulatorHooks): void;
}

function shopFromHost(sim: Simulator, req: IncomingMessage): string | null {
  const forwarded = req.headers["x-forwarded-host"];
  const host =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0] ?? req.headers.host ?? "";
  if (!host) return null;
  const domain = normalizeDomain(host);
  return sim.has(domain) ? domain : null;
}

async function handleTokenRoute(
  sim: Simulator,
  domain: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = (await readBody(req)).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  let params: Record<string, unknown>;
  if (type.includes("application/x-www-form-urlencoded"))
    params = Object.fromEntries(new URLSearchParams(raw));
  else params = (parseJson(Buffer.from(raw)) as Record<string, unknown> | undefined) ?? {};
  const answer = tokenExchange(
    sim.shop(domain),
    params,
    { apiKey: sim.config.apiKey, apiSecret: sim.config.apiSecret, scopes: sim.config.scopes },
    sim.clock.now(),
  );
  send(res, answer.status, answer.body);
}

/** GCS-style form upload: fields first, `file` last, signature checked. */
async function handleUpload(
  sim: Simulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const xmlError = (status: number, code: string, message: string) =>
    send(
      res,
      status,
      `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
      { "Content-Type": "application/xml" },
    );
  const boundary = boundaryOf(req.headers["content-type"]);
  const raw = await readBody(req);
  if (!boundary) return xmlError(400, "InvalidArgument", "Expected a multipart/form-data body.");
  const parts = parseMultipart(raw, boundary);
  const fileIndex = parts.findIndex((p) => p.name === "file");
  if (fileIndex < 0) return xmlError(400, "InvalidArgument", "Missing file field.");
  if (fileIndex !== parts.length - 1)
    return xmlError(400, "InvalidArgument", "The file field must be the last field of the form.");
  const field = (name: string) => parts.find((p) => p.name === name)?.data.toString("utf8");
  const key = field("key");
  if (!key) return xmlError(400, "InvalidArgument", "Missing key field.");
  if (field("x-goog-signature") !== uploadSignature(sim.config.apiSecret, key)) {
    return xmlError(403, "AccessDenied", "The signature does not match the key.");
  }
  sim.files.put(uploadKey(key), parts[fileIndex]!.data, field("Content-Type") ?? "text/jsonl");
  const location = `${sim.config.publicUrl()}/__uploads/${key}`;
  send(
    res,
    201,
    `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${location}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${key}</Key><ETag>"${raw.length}"</ETag></PostResponse>`,
    {
      "Content-Type": "application/xml",
    },
  );
}

async function route(sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator");
  const path = url.pathname;
  const method = req.method ?? "GET";

  if (path.startsWith("/__simulator/")) {
    const raw = method === "GET" ? Buffer.alloc(0) : await readBody(req);
    const body = parseJson(raw);
    if (body === undefined || typeof body !== "object" || body === null)
      return send(res, 400, { error: "Body must be a JSON object" });
    const out = await handleControl(sim, {
      method,
      path: path.slice("/__simulator".length),
      query: url.searchParams,
      body: body as Record<string, unknown>,
    });
    return send(res, out.status, out.body);
  }
  if (path === "/__uploads" && method === "POST") return handleUpload(sim, req, res);
  if (path.startsWith("/__files/") && method === "GET") {
    const key = decodeURIComponent(path.slice("/__files/".length));
    const plan = await sim.hooks.beforeFile?.(key);
    const file = sim.files.get(key);
    if (!file) return send(res, 404, { errors: "Not Found" });
    res.writeHead(200, {
      "Content-Type": file.contentType,
      "Content-Length": String(file.body.length),
    });
    if (plan?.breakAfter === undefined) return void res.end(file.body);
    // A download cut short: part of the file, then the connection drops.
    res.write(file.body.subarray(0, plan.breakAfter), () => res.destroy());
    return;
  }

  const domain = shopFromHost(sim, req);
  if (!domain) return send(res, 404, { errors: "Not Found" });
  const api = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
  if (api && method === "POST") {
    if (api[1] !== API_VERSION) return send(res, 404, { errors: "Not Found" });
    return handleGraphQLRoute(sim, domain, req, res);
  }
  if (path === "/admin/oauth/access_token" && method === "POST")
    return handleTokenRoute(sim, domain, req, res);
  return send(res, 404, { errors: "Not Found" });
}

export async function startStoreSimulator(options: StoreSimulatorOptions): Promise<StoreSimulator> {
  adminSchema(); // load the schema before the first request
  const sim = new Simulator(options);
  const server: Server = createServer((req, res) => {
    route(sim, req, res).catch((error: unknown) => {
      if (error instanceof ActionError) return send(res, error.status, { error: error.message });
      console.error("[store simulator]", error);
      send(res, 500, { errors: "Internal Server Error" });
    });
  });
  // Webhook and API traffic is bursty; keep-alive sockets are reused by clients.
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  sim.setPublicUrl(url);
  return {
    url,
    port,
    simulator: sim,
    stop: async () => {
      sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    shop: (domain) => sim.shop(domain),
    outbox: (domain) => sim.outbox(domain),
    deliveries: (domain) => sim.deliveries(domain),
    actions: (domain) => sim.actions(domain),
    setFaults: (domain, faults) => sim.setFaults(domain, faults),
    setHooks: (hooks) => void (sim.hooks = hooks),
    issueAccessToken: (domain, opts) => sim.issueAccessToken(domain, opts),
    idle: () => sim.idle(),
  };
}

// ---- CLI ---------------------------------------------------------------

/** Reads CLI flags (and SHOPIFY_API_KEY / SHOPIFY_API_SECRET / SHOPIFY_APP_URL / STORE_SIMULATOR_PORT). */
export function cliOptions(
  argv: string[],
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): StoreSimulatorOptions {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) continue;
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? (argv[i + 1] && !argv[i + 1]!.startsWith("--") ? argv[++i]! : "true");
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const one = (name: string, fallback?: string) => values.get(name)?.at(-1) ?? fallback;
  const apiKey = one("api-key", process.env.SHOPIFY_API_KEY);
  const apiSecret = one("api-secret", process.env.SHOPIFY_API_SECRET);
  if (!apiKey || !apiSecret)
    throw new Error(
      "--api-key and --api-secret (or SHOPIFY_API_KEY / SHOPIFY_API_SECRET) are required",
    );
  const toml = one("toml");
  const shops: ShopConfig[] = (values.get("shop") ?? ["demo"]).map((domain) => ({
    domain,
    plan: (one("plan") as Plan | undefined) ?? "STANDARD",
    customerAccountsVersion: one("accounts") === "new" ? "NEW_CUSTOMER_ACCOUNTS" : "CLASSIC",
    accessTokens: values.get("access-token"),
    seed: { customers: Number(one("customers", "2000")), seed: Number(one("seed", "42")) },
  }));
  return {
    port: Number(one("port", process.env.STORE_SIMULATOR_PORT ?? "4010")),
    host: one("host", "127.0.0.1"),
    appUrl: one("app-url", process.env.SHOPIFY_APP_URL ?? "http://localhost:3000")!,
    apiKey,
    apiSecret,
    scopes: one("scopes"),
    webhookSubscriptions: toml ? readFile(toml) : [],
    shops,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = cliOptions(process.argv.slice(2));
  const started = await startStoreSimulator(options);
  console.log(
    JSON.stringify({
      url: started.url,
      shops: started.simulator.domains(),
      appUrl: options.appUrl,
    }),
  );
  const shutdown = () => void started.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
