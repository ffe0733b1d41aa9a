import { z } from "zod";
import { forgetExecutor } from "../admin-api/client.server";
import {
  exportCustomerData,
  redactCustomer,
  type ComplianceContext,
} from "../compliance/compliance.server";
import { customerRef, type CustomerDataHolder } from "../compliance/customer-data.server";
import type { Database } from "../db/db.server";
import { bulkOperationFinished } from "../jobs/bulk-finished.server";
import type { TaskQueue } from "../jobs/queue";
import { deleteShopData, recordScopes } from "../shop/shop-data.server";

export type TopicContext = {
  db: Database;
  queue: TaskQueue;
  shop: string;
  webhookId: string;
  /** When Shopify triggered the event (X-Shopify-Triggered-At), if it said. */
  triggeredAt: Date | null;
  topics: WebhookTopics;
  customerData: CustomerDataHolder[];
};

/**
 * A topic: its payload's shape (only the fields the handler reads are kept:
 * the queue holds nothing else), what it does, and what it names.
 */
export type Topic<T> = {
  payload: z.ZodType<T>;
  /** The shop the payload itself names: a delivery for another shop's header is refused. */
  shopOf?: (payload: T) => string;
  /** Customers the delivery is about: customers/redact scrubs queued deliveries by it. */
  customersOf?: (payload: T) => string[];
  handle(context: TopicContext, payload: T): Promise<void>;
};
export type WebhookTopics = Record<string, Topic<unknown>>;

export const topic = <T>(definition: Topic<T>) => definition as Topic<unknown>;

// Shopify's numeric ids: positive integers a JSON number can hold exactly.
export const shopifyId = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^[1-9]\d{0,15}$/),
]);

const customerRequest = z.object({
  shop_domain: z.string(),
  customer: z.object({
    id: shopifyId,
    email: z.string().nullish(),
    phone: z.string().nullish(),
  }),
  orders_requested: z.array(shopifyId).max(10_000).optional(),
  orders_to_redact: z.array(shopifyId).max(10_000).optional(),
});
type CustomerRequest = z.infer<typeof customerRequest>;

function complianceContext(context: TopicContext): ComplianceContext {
  return {
    ...context,
    holders: context.customerData,
    taskMentions: (payload, customer) =>
      taskCustomers(context.topics, payload).includes(customer.id) ||
      mentionsContact(payload, [customer.gid, customer.email, customer.phone]),
  };
}

const request = (payload: CustomerRequest) => ({
  customer: customerRef(payload.customer),
  orders: payload.orders_requested ?? payload.orders_to_redact ?? [],
});

/**
 * Whether any string in a payload is one of `values` (a gid, an email, a
 * phone): a task of a topic this version no longer knows is still found.
 */
function mentionsContact(payload: unknown, values: (string | null)[]): boolean {
  const wanted = new Set(values.filter((v): v is string => !!v));
  const visit = (value: unknown): boolean =>
    typeof value === "string"
      ? wanted.has(value)
      : typeof value === "object" && value !== null
        ? Object.values(value).some(visit)
        : false;
  return visit(payload);
}

/** Customer ids (numeric, as strings) a queued webhook task is about. */
export function taskCustomers(topics: WebhookTopics, payload: unknown): string[] {
  const task = payload as Partial<WebhookTask> | null;
  const definition = task?.topic ? topics[task.topic] : undefined;
  if (!definition?.customersOf || !task?.payload) return [];
  return definition.customersOf(task.payload).map((id) => customerRef({ id }).id);
}

/**
 * The platform's topics. The worker runs them after the route verified,
 * deduplicated and queued the delivery; features add theirs in
 * app/features.server.ts.
 */
export const PLATFORM_TOPICS: WebhookTopics = {
  // The shop removed the app: nothing of it stays (sessions, queued tasks,
  // cached tokens), unless the app was installed again since Shopify sent it.
  "app/uninstalled": topic({
    payload: z.object({ myshopify_domain: z.string() }),
    shopOf: (payload) => payload.myshopify_domain,
    handle: async ({ db, queue, shop, triggeredAt }) => {
      const installed = await db.shop.findUnique({ where: { shop } });
      if (installed && triggeredAt && triggeredAt < installed.installedAt) {
        console.warn(`app/uninstalled for ${shop} predates its reinstallation: ignored`);
        return;
      }
      await deleteShopData(db, shop);
      await queue.purgeShop(shop);
      forgetExecutor(shop);
    },
  }),
  "app/scopes_update": topic({
    payload: z.object({ current: z.array(z.string()) }),
    handle: ({ db, shop }, { current }) => recordScopes(db, shop, current.join(",")),
  }),
  "customers/data_request": topic({
    payload: customerRequest,
    shopOf: (payload) => payload.shop_domain,
    customersOf: (payload) => [String(payload.customer.id)],
    handle: (context, payload) => exportCustomerData(complianceContext(context), request(payload)),
  }),
  "customers/redact": topic({
    payload: customerRequest,
    shopOf: (payload) => payload.shop_domain,
    customersOf: (payload) => [String(payload.customer.id)],
    handle: (context, payload) => redactCustomer(complianceContext(context), request(payload)),
  }),
  // Sent 48 hours after uninstall: erase everything held for the shop.
  "shop/redact": topic({
    payload: z.object({ shop_domain: z.string() }),
    shopOf: (payload) => payload.shop_domain,
    handle: async ({ db, queue, shop }) => {
      await deleteShopData(db, shop);
      await queue.purgeShop(shop);
      forgetExecutor(shop);
    },
  }),
  "bulk_operations/finish": topic({
    payload: z.object({ admin_graphql_api_id: z.string(), status: z.string() }),
    handle: (context, payload) => bulkOperationFinished(context, payload.admin_graphql_api_id),
  }),
};

/**
 * Topics of several features in one table. A topic two features handle
 * (orders/create) keeps each one's fields: a delivery must fit every part,
 * the queue holds the union of what they read, and each part runs with its
 * own view of it, in order.
 */
export function composeTopics(...tables: WebhookTopics[]): WebhookTopics {
  const parts = new Map<string, Topic<unknown>[]>();
  for (const table of tables)
    for (const [name, definition] of Object.entries(table))
      parts.set(name, [...(parts.get(name) ?? []), definition]);
  return Object.fromEntries(
    [...parts].map(([name, list]) => [name, list.length === 1 ? list[0]! : combined(list)]),
  );
}

function combined(list: Topic<unknown>[]): Topic<unknown> {
  const payload = z.unknown().transform((value, ctx) => {
    const merged: Record<string, unknown> = {};
    for (const part of list) {
      const parsed = part.payload.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue(issue);
        return z.NEVER;
      }
      Object.assign(merged, parsed.data);
    }
    return merged;
  });
  const first = <T>(pick: (part: Topic<unknown>) => T | undefined) =>
    list.map(pick).find((value) => value !== undefined);
  return {
    payload,
    shopOf: first((part) => part.shopOf)
      ? (value) => first((part) => part.shopOf?.(part.payload.parse(value)))!
      : undefined,
    customersOf: (value) =>
      list.flatMap((part) => part.customersOf?.(part.payload.parse(value)) ?? []),
    handle: async (context, value) => {
      for (const part of list) await part.handle(context, part.payload.parse(value));
    },
  };
}

export type WebhookTask = {
  topic: string;
  webhookId: string;
  /** X-Shopify-Triggered-At, ISO. */
  triggeredAt: string | null;
  payload: unknown;
};

export const WEBHOOK_TASK = "webhook";

export async function runWebhookTask(
  context: Omit<TopicContext, "webhookId" | "triggeredAt">,
  task: WebhookTask,
) {
  const definition = context.topics[task.topic];
  if (!definition) throw new Error(`No handler for webhook topic ${task.topic}`);
  await definition.handle(
    {
      ...context,
      webhookId: task.webhookId,
      triggeredAt: task.triggeredAt ? new Date(task.triggeredAt) : null,
    },
    definition.payload.parse(task.payload),
  );
}
