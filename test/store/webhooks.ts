/**
 * Signed webhook deliveries to the app, Shopify style: HMAC-SHA256 (base64)
 * of the raw body keyed with the app secret, the X-Shopify-* headers, async
 * delivery, retries on non-2xx / timeout (a few quick ones here rather than
 * Shopify's 8 over 4 hours), and a log of every attempt.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import type { WebhookSink } from "./env";
import type { Faults } from "./faults";
import { restDate } from "./payloads";
import type { ShopStore } from "./state";
import type { WebhookSubscription } from "./toml";

export const COMPLIANCE_TOPICS = new Set([
  "customers/data_request",
  "customers/redact",
  "shop/redact",
]);

export interface DeliveryAttempt {
  shop: string;
  topic: string;
  url: string;
  webhookId: string;
  eventId: string;
  attempt: number;
  /** HTTP status, or "timeout" / "error" when no response came. */
  status: number | "timeout" | "error";
  ok: boolean;
  duplicate: boolean;
  at: string;
}

export interface WebhookEvent {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  payload: object;
  /** False when no subscription covers the topic (nothing was sent). */
  subscribed: boolean;
}

export interface WebhookOptions {
  appUrl: string;
  apiSecret: string;
  apiVersion: string;
  subscriptions: WebhookSubscription[];
  clock: Clock;
  /** Total attempts per delivery (first try included). */
  maxAttempts?: number;
  retryDelaysMs?: number[];
  timeoutMs?: number;
  faultsFor?: (domain: string) => Faults | undefined;
}

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class WebhookDispatcher implements WebhookSink {
  private readonly attempts: DeliveryAttempt[] = [];
  private readonly emitted: WebhookEvent[] = [];
  private readonly pending = new Set<Promise<void>>();
  /** Scheduled deliveries, with the function that settles their pending promise. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly options: WebhookOptions) {}

  setSubscriptions(subscriptions: WebhookSubscription[]): void {
    this.options.subscriptions = subscriptions;
  }

  urlsFor(topic: string): string[] {
    return this.options.subscriptions
      .filter((s) => s.topics.includes(topic))
      .map((s) =>
        /^https?:\/\//.test(s.uri) ? s.uri : new URL(s.uri, this.options.appUrl).toString(),
      );
  }

  emit(shop: ShopStore, topic: string, payload: object): void {
    // After uninstall Shopify only sends app/uninstalled and the compliance topics.
    if (!shop.installed && topic !== "app/uninstalled" && !COMPLIANCE_TOPICS.has(topic)) return;
    const urls = this.urlsFor(topic);
    const event: WebhookEvent = {
      shop: shop.domain,
      topic,
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: restDate(this.options.clock.now()),
      payload,
      subscribed: urls.length > 0,
    };
    this.emitted.push(event);
    const body = JSON.stringify(payload);
    const faults = this.options.faultsFor?.(shop.domain);
    for (const url of urls) {
      this.schedule(event, url, body, 1, faults?.webhookDelay() ?? 0, false);
      if (faults?.webhookDuplicate())
        this.schedule(event, url, body, 1, faults.webhookDelay() + 5, true);
    }
  }

  /** Every delivery attempt so far (optionally for one shop). */
  deliveries(domain?: string): DeliveryAttempt[] {
    return this.attempts.filter((a) => !domain || a.shop === domain);
  }

  /** Every event the store produced, delivered or not. */
  events(domain?: string): WebhookEvent[] {
    return this.emitted.filter((e) => !domain || e.shop === domain);
  }

  clear(domain?: string): void {
    const keep = (x: { shop: string }) => !!domain && x.shop !== domain;
    this.attempts.splice(0, this.attempts.length, ...this.attempts.filter(keep));
    this.emitted.splice(0, this.emitted.length, ...this.emitted.filter(keep));
  }

  /** Resolves when no delivery or retry is pending. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const [timer, release] of this.timers) {
      clearTimeout(timer);
      release();
    }
    this.timers.clear();
  }

  private schedule(
    event: WebhookEvent,
    url: string,
    body: string,
    attempt: number,
    delayMs: number,
    duplicate: boolean,
  ): void {
    if (this.closed) return;
    let release: () => void = () => {};
    const done = new Promise<void>((r) => (release = r));
    this.pending.add(done);
    const settle = () => {
      this.pending.delete(done);
      release();
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(event, url, body, attempt, duplicate).finally(settle);
    }, delayMs);
    this.timers.set(timer, settle);
  }

  private async deliver(
    event: WebhookEvent,
    url: string,
    body: string,
    attempt: number,
    duplicate: boolean,
  ): Promise<void> {
    const {
      apiSecret,
      apiVersion,
      timeoutMs = 5000,
      maxAttempts = 4,
      retryDelaysMs = [50, 200, 500],
    } = this.options;
    let status: DeliveryAttempt["status"];
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": event.topic,
          "X-Shopify-Hmac-Sha256": signWebhook(body, apiSecret),
          "X-Shopify-Shop-Domain": event.shop,
          "X-Shopify-API-Version": apiVersion,
          "X-Shopify-Webhook-Id": event.webhookId,
          "X-Shopify-Event-Id": event.eventId,
          "X-Shopify-Triggered-At": event.triggeredAt,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      status = response.status;
    } catch (error) {
      status = (error as Error).name === "TimeoutError" ? "timeout" : "error";
    }
    const ok = typeof status === "number" && status >= 200 && status < 300;
    this.attempts.push({
      shop: event.shop,
      topic: event.topic,
      url,
      webhookId: event.webhookId,
      eventId: event.eventId,
      attempt,
      status,
      ok,
      duplicate,
      at: new Date(this.options.clock.now()).toISOString(),
    });
    if (!ok && attempt < maxAttempts) {
      const delay = retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)] ?? 100;
      this.schedule(event, url, body, attempt + 1, delay, duplicate);
    }
  }
}
