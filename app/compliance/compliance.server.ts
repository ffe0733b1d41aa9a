import { isUniqueViolation } from "../db/db-errors";
import type { Database } from "../db/db.server";
import type { TaskQueue } from "../jobs/queue";
import type { CustomerDataHolder, CustomerRef } from "./customer-data.server";

export type ComplianceContext = {
  db: Database;
  queue: TaskQueue;
  shop: string;
  webhookId: string;
  holders: CustomerDataHolder[];
  /** Whether a queued task (its payload) is about this customer: it is scrubbed on redact. */
  taskMentions: (payload: unknown, customer: CustomerRef) => boolean;
};

type Request = { customer: CustomerRef; orders: (number | string)[] };

// Each GDPR request is kept as the record that it was answered, once per
// delivery, with the ids Shopify sent and never the payload's email or phone.
async function record(
  { db, shop, webhookId }: ComplianceContext,
  topic: "customers/data_request" | "customers/redact",
  request: Request,
  exported: string | null,
) {
  try {
    await db.complianceRequest.create({
      data: {
        shop,
        topic,
        webhookId,
        customerId: request.customer.id,
        payload: JSON.stringify({ customer: { id: request.customer.id }, orders: request.orders }),
        export: exported,
        completedAt: new Date(),
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/**
 * customers/data_request: a JSON document of everything the app holds for
 * the customer, kept for the merchant to download and send on (Privacy
 * requests page).
 */
export async function exportCustomerData(context: ComplianceContext, request: Request) {
  const { db, shop, holders } = context;
  const data: Record<string, unknown[]> = {};
  for (const holder of holders) data[holder.name] = await holder.export(db, shop, request.customer);
  const document = {
    shop,
    customer: { id: request.customer.id },
    ordersRequested: request.orders,
    generatedAt: new Date().toISOString(),
    data,
  };
  await record(context, "customers/data_request", request, JSON.stringify(document, null, 2));
}

/**
 * customers/redact: every trace of the customer goes, in every store the app
 * uses: each holder's rows, and the payload of any queued or kept task about
 * them (the database queue or Redis).
 */
export async function redactCustomer(context: ComplianceContext, request: Request) {
  const { db, queue, shop, holders, taskMentions } = context;
  for (const holder of holders) await holder.erase(db, shop, request.customer);
  await queue.scrub(shop, (payload) => taskMentions(payload, request.customer));
  await record(context, "customers/redact", request, null);
}
