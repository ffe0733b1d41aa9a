/**
 * A shop that is not open for business answers every Admin API request the
 * same way until its status changes (set by ShopActions.setShopStatus):
 *
 * - frozen (unpaid bills): 402 Payment Required, `{"errors":"Unavailable Shop"}`.
 *   https://shopify.dev/docs/api/usage/response-codes: "The requested shop is
 *   currently frozen. The shop owner needs to log in to the shop's admin and
 *   pay the outstanding balance to unfreeze the shop." The body is what
 *   Shopify sends (Shopify/shopify-cli issues #1770 and #2755:
 *   `402{"errors":"Unavailable Shop"}`); shopify.dev does not show it.
 * - locked: 423 Locked, `{"errors":"This store is unavailable"}`.
 *   Same page: "The requested shop is currently locked. Shops are locked if
 *   they repeatedly exceed their API request limit, or if there is an issue
 *   with the account, such as a detected compromise or fraud risk." The body
 *   is from a real 423 posted on community.shopify.dev (topic 32433, 2026);
 *   shopify.dev does not show it either.
 * - inactive: the GraphQL error code SHOP_INACTIVE, "The shop is not active.
 *   This can happen when stores repeatedly exceed API rate limits or due to
 *   fraud risk." (https://shopify.dev/docs/api/admin-graphql#status_and_error_codes).
 *   Like THROTTLED and ACCESS_DENIED it comes with HTTP 200; Shopify
 *   documents no message for it, so the message is the documentation's
 *   first sentence.
 */
export type ShopStatus = "active" | "frozen" | "locked" | "inactive";

export const SHOP_STATUSES: readonly ShopStatus[] = ["active", "frozen", "locked", "inactive"];

export interface StatusAnswer {
  status: number;
  body: unknown;
}

/** What an Admin API request gets from a shop in this status, or null when it is open. */
export function shopStatusAnswer(status: ShopStatus): StatusAnswer | null {
  switch (status) {
    case "frozen":
      return { status: 402, body: { errors: "Unavailable Shop" } };
    case "locked":
      return { status: 423, body: { errors: "This store is unavailable" } };
    case "inactive":
      return {
        status: 200,
        body: {
          errors: [{ message: "The shop is not active.", extensions: { code: "SHOP_INACTIVE" } }],
        },
      };
    default:
      return null;
  }
}
