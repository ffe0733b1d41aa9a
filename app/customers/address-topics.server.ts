import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import { shopifyId, topic, type WebhookTopics } from "../webhooks/topics.server";
import { scanOperationFinished } from "./addresses.server";
import { OrderShippingAddress, reviewOrderAddress } from "./order-review.server";

// The part of orders/create this feature reads. Its address fields accept any
// input (a non-text field reads as nothing), so the schema's input type is
// wider than its output: the cast states the output the handler gets.
const OrderPart = z.object({ id: shopifyId, shipping_address: OrderShippingAddress });
type OrderPart = z.infer<typeof OrderPart>;

/**
 * The address checks' webhook topics (composed in app/features.server.ts
 * with the other features' parts of the same topics).
 */
export const ADDRESS_TOPICS: WebhookTopics = {
  "orders/create": topic<OrderPart>({
    payload: OrderPart as z.ZodType<OrderPart>,
    handle: async ({ db, shop }, payload) => {
      await reviewOrderAddress({ db, executor: executorFor(shop) }, shop, {
        id: payload.id,
        shippingAddress: payload.shipping_address,
      });
    },
  }),
  "bulk_operations/finish": topic({
    payload: z.object({ admin_graphql_api_id: z.string() }),
    handle: ({ db, queue, shop }, payload) =>
      scanOperationFinished(db, queue, shop, payload.admin_graphql_api_id),
  }),
};
