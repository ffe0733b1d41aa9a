import { randomUUID } from "node:crypto";
import { API_SECRET_KEY, getHmac } from "@shopify/shopify-api/test-helpers";

type WebhookOptions = {
  topic: string;
  shop: string;
  payload: unknown;
  webhookId?: string;
  secret?: string | null; // null: no HMAC header at all
  rawBody?: string;
  /** X-Shopify-Triggered-At (default: now). */
  triggeredAt?: Date;
};

// A delivery as Shopify sends it: the raw body signed with the app secret and all X-Shopify-* headers.
export function webhookRequest({
  topic,
  shop,
  payload,
  webhookId,
  secret,
  rawBody,
  triggeredAt,
}: WebhookOptions) {
  const body = rawBody ?? JSON.stringify(payload);
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": (triggeredAt ?? new Date()).toISOString(),
  });
  if (secret !== null)
    headers.set("X-Shopify-Hmac-Sha256", getHmac(body, secret ?? API_SECRET_KEY));
  return new Request(`https://patron.test/webhooks/${topic}`, { method: "POST", headers, body });
}
