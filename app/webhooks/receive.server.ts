import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env.server";
import { WEBHOOK_BODY_LIMIT } from "../http/body-limits.mjs";
import { readBytes, tooLarge } from "../http/body.server";
import type { TaskQueue } from "../jobs/queue";
import { WEBHOOK_TASK, type WebhookTask, type WebhookTopics } from "./topics.server";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

// Over the raw bytes, as Shopify signs them (not a decoding of them).
function signatureMatches(body: Uint8Array, header: string, secret: string) {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const reply = (status: number, body?: string) => new Response(body, { status });

// Deliveries answered in the current and the previous 100 ms window.
let recent = { start: 0, count: 0, previous: 0 };
function countDelivery(now = Date.now()) {
  if (now - recent.start >= 100)
    recent = { start: now, count: 0, previous: now - recent.start < 200 ? recent.count : 0 };
  recent.count++;
}

/** True during a burst of deliveries (more than ~200/s): the embedded worker lets them through first. */
export function receivingBurst(now = Date.now()) {
  if (now - recent.start >= 200) return false;
  return recent.count + recent.previous > 20;
}

/**
 * The one path every webhook route takes, and all it does: read the body
 * (413 past the webhook limit), verify its HMAC (401 before anything is
 * parsed or written), check the payload fits the topic and names the shop it
 * was sent for (400: a retry would not fix it), and queue the fields the
 * handler needs once per webhook id (a redelivery is answered 200 and not
 * queued again). The worker does the work, so Shopify gets its answer in
 * milliseconds even in bursts.
 */
export async function receiveWebhook(
  request: Request,
  topic: string,
  topics: WebhookTopics,
  queue: TaskQueue,
): Promise<Response> {
  const hmac = request.headers.get("X-Shopify-Hmac-Sha256");
  if (!hmac) return reply(401, "Missing webhook signature");
  let raw: Uint8Array;
  try {
    raw = await readBytes(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    return tooLarge(error);
  }
  if (!signatureMatches(raw, hmac, env.SHOPIFY_API_SECRET))
    return reply(401, "Invalid webhook signature");
  // Only signed deliveries count towards a burst: forged ones must not hold the worker back.
  countDelivery();

  const shop = request.headers.get("X-Shopify-Shop-Domain") ?? "";
  const webhookId = request.headers.get("X-Shopify-Webhook-Id") ?? "";
  const sentTopic = request.headers.get("X-Shopify-Topic") ?? "";
  if (!SHOP_DOMAIN.test(shop) || !webhookId) return reply(400, "Missing Shopify webhook headers");
  if (sentTopic !== topic) return reply(400, `This address receives ${topic}, not ${sentTopic}`);
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    return reply(400, "The body is not JSON in UTF-8");
  }
  const definition = topics[topic]!;
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) return reply(400, `Not a ${topic} payload`);
  // The HMAC covers the body, not the shop header: a body signed for one shop
  // replayed with another's header would act on the wrong shop.
  const named = definition.shopOf?.(parsed.data);
  if (named !== undefined && named !== shop) {
    console.warn(`webhook ${topic}: the payload names ${named}, the header ${shop}: refused`);
    return reply(400, "The payload names another shop than the delivery");
  }

  const triggered = Date.parse(request.headers.get("X-Shopify-Triggered-At") ?? "");
  const task: WebhookTask = {
    topic,
    webhookId,
    triggeredAt: Number.isNaN(triggered) ? null : new Date(triggered).toISOString(),
    payload: parsed.data,
  };
  try {
    await queue.enqueueOnce({
      name: WEBHOOK_TASK,
      shop,
      payload: task,
      dedupeKey: `webhook:${webhookId}`,
    });
  } catch (error) {
    console.error(`webhook ${topic} for ${shop} could not be queued: ${(error as Error).message}`);
    return reply(500);
  }
  return reply(200);
}
