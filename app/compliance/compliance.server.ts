import { z } from "zod";
import { isUniqueViolation } from "../db/db-errors";
import type { Database } from "../db/db.server";
import { deleteShopData } from "../shop/shop-data.server";

const customerPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: z.union([z.number(), z.string()]) }).passthrough(),
});

type Topic = "customers/data_request" | "customers/redact";

// Each GDPR request is kept (without the payload's personal fields beyond the
// ids Shopify sends) as the record that it was answered, once per delivery.
// Features that store customer data add their export/erasure here.
export async function recordCustomerRequest(
  db: Database,
  shop: string,
  topic: Topic,
  payload: unknown,
  webhookId: string,
) {
  const parsed = customerPayload.parse(payload);
  try {
    await db.complianceRequest.create({
      data: {
        shop,
        topic,
        webhookId,
        customerId: String(parsed.customer.id),
        payload: JSON.stringify({
          customer: { id: parsed.customer.id },
          orders:
            (payload as { orders_requested?: unknown; orders_to_redact?: unknown })
              .orders_requested ?? (payload as { orders_to_redact?: unknown }).orders_to_redact,
        }),
        completedAt: new Date(),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export async function redactShop(db: Database, shop: string) {
  return deleteShopData(db, shop);
}
