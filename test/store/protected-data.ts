/**
 * Protected customer data: an app approved for level 1 only (customer data
 * without name, email, phone or address) gets no such field. Shopify answers
 * HTTP 200 with the field null and an ACCESS_DENIED error at its path:
 *   "This app is not approved to use the email field. See
 *    https://partners.shopify.com/<partner>/apps/<app>/customer_data for more details."
 * (https://shopify.dev/docs/apps/launch/protected-customer-data). Webhook
 * payloads leave the fields out the same way.
 */
import { GraphQLError } from "graphql";

const CONTACT = [
  "firstName",
  "lastName",
  "displayName",
  "email",
  "phone",
  "defaultEmailAddress",
  "defaultPhoneNumber",
  "defaultAddress",
  "addresses",
  "addressesV2",
];

const PROTECTED: Record<string, ReadonlySet<string>> = {
  Customer: new Set(CONTACT),
  CustomerSegmentMember: new Set(CONTACT),
  Order: new Set(["email", "phone", "billingAddress", "shippingAddress"]),
};

export function protectedField(typeName: string, fieldName: string): boolean {
  return PROTECTED[typeName]?.has(fieldName) ?? false;
}

export function notApprovedError(fieldName: string, appId: number): GraphQLError {
  return new GraphQLError(
    `This app is not approved to use the ${fieldName} field. See https://partners.shopify.com/1/apps/${appId}/customer_data for more details.`,
    { extensions: { code: "ACCESS_DENIED" } },
  );
}
