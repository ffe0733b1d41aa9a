import { z } from "zod";
import { recordCustomerRequest, redactShop } from "../compliance/compliance.server";
import type { Database } from "../db/db.server";
import { deleteShopData, recordScopes } from "../shop/shop-data.server";
import { bulkOperationFinished } from "../jobs/bulk-finished.server";
import type { TaskQueue } from "../jobs/queue";

export type TopicContext = { db: Database; queue: TaskQueue; shop: string; webhookId: string };

type Topic<T> = { payload: z.ZodType<T>; handle(context: TopicContext, payload: T): Promise<void> };

const topic = <T>(definition: Topic<T>) => definition as Topic<unknown>;

const customerRequest = z
  .object({
    shop_domain: z.string(),
    customer: z.object({ id: z.union([z.number(), z.string()]) }).passthrough(),
  })
  .passthrough();

/**
 * What each webhook topic does, run by the worker after the route verified,
 * deduplicated and queued the delivery. The payload is checked at the edge
 * (the route answers 400 for one that does not fit) and again here.
 */
export const WEBHOOK_TOPICS: Record<string, Topic<unknown>> = {
  // The shop removed the app: nothing of it stays (its sessions included).
  "app/uninstalled": topic({
    payload: z.unknown(),
    handle: async ({ db, shop }) => {
      await deleteShopData(db, shop);
    },
  }),
  "app/scopes_update": topic({
    payload: z.object({ current: z.array(z.string()) }).passthrough(),
    handle: ({ db, shop }, { current }) => recordScopes(db, shop, current.join(",")),
  }),
  "customers/data_request": topic({
    payload: customerRequest,
    handle: ({ db, shop, webhookId }, payload) =>
      recordCustomerRequest(db, shop, "customers/data_request", payload, webhookId),
  }),
  "customers/redact": topic({
    payload: customerRequest,
    handle: ({ db, shop, webhookId }, payload) =>
      recordCustomerRequest(db, shop, "customers/redact", payload, webhookId),
  }),
  // Sent 48 hours after uninstall: erase everything held for the shop.
  "shop/redact": topic({
    payload: z.unknown(),
    handle: async ({ db, shop }) => {
      await redactShop(db, shop);
    },
  }),
  "bulk_operations/finish": topic({
    payload: z.object({ admin_graphql_api_id: z.string(), status: z.string() }).passthrough(),
    handle: (context, payload) => bulkOperationFinished(context, payload.admin_graphql_api_id),
  }),
};

export type WebhookTask = { topic: string; webhookId: string; payload: unknown };

export const WEBHOOK_TASK = "webhook";

export async function runWebhookTask(context: Omit<TopicContext, "webhookId">, task: WebhookTask) {
  const definition = WEBHOOK_TOPICS[task.topic];
  if (!definition) throw new Error(`No handler for webhook topic ${task.topic}`);
  await definition.handle(
    { ...context, webhookId: task.webhookId },
    definition.payload.parse(task.payload),
  );
}
