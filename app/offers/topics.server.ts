import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import { shopifyId, topic, type WebhookTopics } from "../webhooks/topics.server";
import { orderCancelled, orderCreated, orderRefunded } from "./orders.server";
import { discountChanged } from "./suspend.server";

const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
const decimal = z.string().regex(/^-?\d{1,12}(\.\d{1,6})?$/);
const when = z.string().max(40).nullish();
// Shopify's time of the event; a missing or unreadable one is now.
const dateOf = (value: string | null | undefined) =>
  value && !Number.isNaN(Date.parse(value)) ? new Date(value) : new Date();

// The parts of the REST order payload this feature reads.
const OrderPart = z.object({
  id: shopifyId,
  customer: z.object({ id: shopifyId }).nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  subtotal_price: decimal,
  total_price: decimal,
  discount_codes: z
    .array(z.object({ code: z.string().max(255) }))
    .max(250)
    .default([]),
  created_at: when,
});

const RefundPart = z.object({
  id: shopifyId,
  order_id: shopifyId,
  created_at: when,
  transactions: z
    .array(
      z.object({
        amount: decimal,
        kind: z.string().max(40),
        status: z.string().max(40),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/)
          .nullish(),
      }),
    )
    .max(100)
    .optional(),
});

const DiscountPart = z.object({ admin_graphql_api_id: z.string().max(200) });

/** The offers feature's webhook topics (composed in app/features.server.ts). */
export const OFFER_TOPICS: WebhookTopics = {
  "orders/create": topic({
    payload: OrderPart,
    customersOf: (payload) => (payload.customer ? [String(payload.customer.id)] : []),
    handle: async ({ db, queue, shop }, payload) => {
      await orderCreated({ db, queue }, shop, {
        orderId: gid("Order", payload.id),
        customerId: payload.customer ? gid("Customer", payload.customer.id) : null,
        subtotal: payload.subtotal_price,
        total: payload.total_price,
        currencyCode: payload.currency,
        codes: (payload.discount_codes ?? []).map((c) => c.code),
        at: dateOf(payload.created_at),
      });
    },
  }),
  "orders/cancelled": topic({
    payload: z.object({ id: shopifyId, cancelled_at: when }),
    handle: ({ db, shop }, payload) =>
      orderCancelled(db, shop, gid("Order", payload.id), dateOf(payload.cancelled_at)),
  }),
  "refunds/create": topic({
    payload: RefundPart,
    handle: async ({ db, shop }, payload) => {
      const refunds = (payload.transactions ?? []).filter(
        (t) => t.kind === "refund" && t.status === "success",
      );
      if (!refunds.length) return;
      const cents = refunds.reduce((sum, t) => sum + Math.round(Number(t.amount) * 1e6), 0);
      await orderRefunded(db, shop, {
        refundId: gid("Refund", payload.id),
        orderId: gid("Order", payload.order_id),
        amount: String(cents / 1e6),
        currencyCode: refunds[0]!.currency ?? "USD",
        at: dateOf(payload.created_at),
      });
    },
  }),
  "discounts/update": topic({
    payload: DiscountPart,
    handle: ({ db, shop }, payload) =>
      discountChanged(db, executorFor(shop), shop, payload.admin_graphql_api_id, false),
  }),
  "discounts/delete": topic({
    payload: DiscountPart,
    handle: ({ db, shop }, payload) =>
      discountChanged(db, executorFor(shop), shop, payload.admin_graphql_api_id, true),
  }),
};
