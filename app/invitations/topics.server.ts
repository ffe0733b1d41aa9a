import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import { shopifyId, topic, type WebhookTopics } from "../webhooks/topics.server";
import { customerEnabled } from "./acceptance.server";
import { inviteAfterFirstOrder } from "./auto-invite.server";

const customerGid = (id: number | string) => `gid://shopify/Customer/${id}`;

// The REST Customer resource of customers/* deliveries: only what is read.
const customer = z.object({ id: shopifyId, state: z.string().optional() });

/** The invitations feature's webhook topics (composed in app/features.server.ts). */
export const INVITATION_TOPICS: WebhookTopics = {
  "customers/enable": topic({
    payload: customer,
    customersOf: (payload) => [String(payload.id)],
    handle: async ({ db, shop, triggeredAt }, payload) => {
      await customerEnabled(db, shop, payload.id, triggeredAt ?? new Date());
    },
  }),
  "customers/update": topic({
    payload: customer,
    customersOf: (payload) => [String(payload.id)],
    handle: async ({ db, shop, triggeredAt }, payload) => {
      if (payload.state === "enabled")
        await customerEnabled(db, shop, payload.id, triggeredAt ?? new Date());
    },
  }),
  "orders/create": topic({
    payload: z.object({
      id: shopifyId,
      customer: z.object({ id: shopifyId }).nullish(),
    }),
    customersOf: (payload) => (payload.customer ? [String(payload.customer.id)] : []),
    handle: async ({ db, queue, shop }, payload) => {
      if (!payload.customer) return; // a guest checkout: nobody to invite
      await inviteAfterFirstOrder(
        { db, queue, executor: executorFor(shop) },
        shop,
        customerGid(payload.customer.id),
      );
    },
  }),
  // The store switched classic / new customer accounts: kept for background work.
  "customer_account_settings/update": topic({
    payload: z.object({ customer_accounts_version: z.string() }),
    handle: async ({ db, shop }, payload) => {
      await db.shop.updateMany({
        where: { shop },
        data: {
          accountsVersion:
            payload.customer_accounts_version.toLowerCase() === "classic"
              ? "CLASSIC"
              : "NEW_CUSTOMER_ACCOUNTS",
        },
      });
    },
  }),
};
