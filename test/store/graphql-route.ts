/**
 * POST /admin/api/2026-10/graphql.json for one shop, in the order Shopify
 * answers: the shop's status (frozen 402, locked 423, inactive SHOP_INACTIVE),
 * the access token (401), then the faults decided for this request, then the
 * GraphQL pipeline (graphql.ts) with the token's scopes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate, INVALID_TOKEN_BODY } from "./auth";
import { errorPage, internalErrorBody } from "./faults";
import { handleGraphQL, isMutationRequest } from "./graphql";
import { parseJson, readBody, send } from "./http";
import { API_VERSION } from "./schema";
import { shopStatusAnswer } from "./shop-status";
import type { Simulator } from "./simulator";

export async function handleGraphQLRoute(
  sim: Simulator,
  domain: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readBody(req);
  const { store, bucket, faults } = sim.runtime(domain);
  const requestId = crypto.randomUUID();
  const headers = { "X-Shopify-API-Version": API_VERSION, "X-Request-Id": requestId };
  const closed = shopStatusAnswer(store.status);
  if (closed) return send(res, closed.status, closed.body, headers);
  const header = req.headers["x-shopify-access-token"];
  const token = authenticate(store, Array.isArray(header) ? header[0] : header, sim.clock.now());
  if (!token) return send(res, 401, INVALID_TOKEN_BODY);
  const body = parseJson(raw);
  if (body === undefined)
    return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
  await sim.hooks.beforeGraphQL?.(domain, body as { query?: string });
  const decision = faults.decide(isMutationRequest(body));
  const run = (forceThrottle = false) =>
    handleGraphQL(sim.env, store, bucket, body, { forceThrottle, scopes: token.scope });
  switch (decision.kind) {
    case "error":
      return send(res, decision.status, errorPage(decision.status));
    case "timeout":
      // Not executed. Hold the request; null = until the client gives up.
      if (decision.holdMs !== null)
        setTimeout(() => send(res, 504, errorPage(504)), decision.holdMs);
      return;
    case "lost": {
      // Executed, but the client never learns the outcome.
      run();
      if (decision.mode === "5xx") return send(res, decision.status, errorPage(decision.status));
      if (decision.holdMs !== null)
        setTimeout(() => send(res, 504, errorPage(504)), decision.holdMs);
      return;
    }
    case "internal":
      // Shopify's error says nothing about whether the request ran: `ran` decides here.
      if (decision.ran) run();
      return send(res, 200, internalErrorBody(requestId), headers);
    case "late":
      // Runs after the hold, as a request stuck in Shopify's queue would; the answer goes to whoever still listens.
      setTimeout(() => {
        const result = run();
        if (!res.destroyed) send(res, result.status, result.body, headers);
      }, decision.holdMs);
      return;
    case "revoke":
      // The token dies under the app: this request and the next ones are 401.
      sim.actions(domain).revokeAccessTokens();
      return send(res, 401, INVALID_TOKEN_BODY);
    default: {
      const result = run(decision.kind === "throttle");
      const latency = store.settings.latencyMs * (0.75 + Math.random() / 2);
      if (latency <= 0) return send(res, result.status, result.body, headers);
      setTimeout(() => send(res, result.status, result.body, headers), latency);
      return;
    }
  }
}
