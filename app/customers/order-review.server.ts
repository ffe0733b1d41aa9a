import { z } from "zod";
import { userErrorMessage, type UserError } from "../admin-api/errors";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { addressSettings } from "./address-settings.server";
import { checkMilitaryAddress } from "./military-address";

// tagsAdd adds without replacing: tags a staff member set meanwhile stay.
const TAG = `#graphql
  mutation PatronOrderReviewTag($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }`;

// A field of the REST payload that is not text (or absent, or null on an
// app without protected customer data level 2) is read as nothing: the
// delivery is still handled, and invitations' part of orders/create too.
const text = z.string().nullish().catch(null);

/** The REST order's shipping address: only what the rules read. */
export const OrderShippingAddress = z
  .object({
    address1: text,
    address2: text,
    city: text,
    province_code: text,
    country_code: text,
    zip: text,
  })
  .nullish()
  .catch(null);

export type OrderShippingAddress = z.infer<typeof OrderShippingAddress>;

export type ReviewOutcome = "no_address" | "not_military" | "valid" | "tagged" | "refused";

/**
 * orders/create: an order shipped to a military address that breaks a rule
 * is tagged for review (the shop's tag), before anyone ships it.
 */
export async function reviewOrderAddress(
  deps: { db: Database; executor: ShopApi },
  shop: string,
  order: { id: number | string; shippingAddress: OrderShippingAddress },
): Promise<ReviewOutcome> {
  const a = order.shippingAddress;
  if (!a) return "no_address"; // local pickup, digital goods, or a payload without it
  const check = checkMilitaryAddress({
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    provinceCode: a.province_code,
    countryCodeV2: a.country_code,
    zip: a.zip,
  });
  if (!check.military) return "not_military";
  if (check.valid) return "valid";
  const { reviewTag } = await addressSettings(deps.db, shop);
  const data = await deps.executor.mutate<{ tagsAdd: { userErrors: UserError[] } | null }>(TAG, {
    id: `gid://shopify/Order/${order.id}`,
    tags: [reviewTag],
  });
  const errors = data.tagsAdd?.userErrors ?? [];
  if (errors.length) {
    // The order is gone or the tag refused: retrying the delivery would not change that.
    console.warn(`orders/create ${order.id} of ${shop}: not tagged (${userErrorMessage(errors)})`);
    return "refused";
  }
  return "tagged";
}
