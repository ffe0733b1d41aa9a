/**
 * REST-shaped webhook payloads. Since API 2025-01 customer payloads carry no
 * `tags`, `email_marketing_consent` or `sms_marketing_consent`
 * (https://shopify.dev/changelog/new-customer-s-webhook-and-changes-to-existing-customer-s-webhooks-payload),
 * and the current samples of customers/create|update|enable|disable have no
 * `orders_count`, `total_spent` or `last_order_id` either: purchase totals
 * come with customers/purchasing_summary (https://shopify.dev/docs/api/webhooks/latest).
 */
import { restMoney } from "./format";
import { gid } from "./ids";
import {
  customerAccountsUrl,
  type AccountsSetting,
  type Address,
  type BulkOperationRecord,
  type CustomerRecord,
  type DiscountRecord,
  type OrderRecord,
  type ShopSettings,
} from "./model";
import type { ShopStore } from "./state";

/** REST timestamps carry an offset rather than Z. */
export function restDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
}

function restAddress(a: Address, customerId: number | null, isDefault: boolean) {
  return {
    id: a.id,
    customer_id: customerId,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    country: a.country,
    zip: a.zip,
    phone: a.phone,
    name: [a.firstName, a.lastName].filter(Boolean).join(" "),
    province_code: a.provinceCode,
    country_code: a.countryCode,
    country_name: a.country,
    default: isDefault,
  };
}

export function customerPayload(shop: ShopStore, c: CustomerRecord) {
  const def = c.addresses[c.defaultAddressIndex];
  return redacted(shop, {
    id: c.id,
    email: c.email,
    created_at: restDate(c.createdAt),
    updated_at: restDate(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    phone: c.phone,
    currency: shop.settings.currencyCode,
    addresses: c.addresses.map((a, i) => restAddress(a, c.id, i === c.defaultAddressIndex)),
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", c.id),
    default_address: def ? restAddress(def, c.id, true) : null,
  });
}

const CONTACT_KEYS = [
  "email",
  "contact_email",
  "first_name",
  "last_name",
  "phone",
  "addresses",
  "default_address",
  "shipping_address",
  "billing_address",
];

/** An app without level 2 approval gets payloads with names and contact details nulled. */
function redacted<T extends Record<string, unknown>>(shop: ShopStore, payload: T): T {
  if (shop.settings.protectedCustomerData !== "level1") return payload;
  const out: Record<string, unknown> = { ...payload };
  for (const key of CONTACT_KEYS)
    if (key in out) out[key] = Array.isArray(out[key]) ? [] : null;
  return out as T;
}

export function orderPayload(shop: ShopStore, o: OrderRecord) {
  const customer = o.customerId === null ? undefined : shop.customers.get(o.customerId);
  const discountCodes = o.discountCodes.map((code, i) => ({
    code,
    amount: i === 0 ? restMoney(o.discountCents) : "0.00",
    type: o.discountType ?? "fixed_amount",
  }));
  return redacted(shop, {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    name: o.name,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    contact_email: o.email,
    created_at: restDate(o.createdAt),
    updated_at: restDate(o.updatedAt),
    processed_at: restDate(o.processedAt),
    cancelled_at: o.cancelledAt === null ? null : restDate(o.cancelledAt),
    currency: o.currency,
    presentment_currency: o.currency,
    subtotal_price: restMoney(o.subtotalCents),
    current_subtotal_price: restMoney(o.subtotalCents),
    total_discounts: restMoney(o.discountCents),
    current_total_discounts: restMoney(o.discountCents),
    total_tax: restMoney(o.taxCents),
    total_price: restMoney(o.totalCents),
    current_total_price: restMoney(o.currentTotalCents),
    total_shipping_price_set: {
      shop_money: { amount: restMoney(o.shippingCents), currency_code: o.currency },
      presentment_money: { amount: restMoney(o.shippingCents), currency_code: o.currency },
    },
    discount_codes: discountCodes,
    discount_applications: o.discountCodes.map((code) => ({
      type: "discount_code",
      code,
      value_type: o.discountType === "percentage" ? "percentage" : "fixed_amount",
      allocation_method: "across",
      target_selection: "all",
      target_type: o.discountType === "shipping" ? "shipping_line" : "line_item",
    })),
    financial_status: "paid",
    fulfillment_status: null,
    test: o.test,
    tags: o.tags.join(", "),
    note: o.note,
    source_name: o.sourceName,
    buyer_accepts_marketing: customer?.marketingState === "SUBSCRIBED",
    customer: customer ? customerPayload(shop, customer) : null,
    shipping_address: o.shippingAddress ? restAddress(o.shippingAddress, null, false) : null,
    billing_address: o.shippingAddress ? restAddress(o.shippingAddress, null, false) : null,
    line_items: [],
  });
}

/** discounts/create|update|delete payloads. */
export function discountPayload(d: DiscountRecord, status: string) {
  return {
    admin_graphql_api_id: gid("DiscountCodeNode", d.id),
    title: d.title,
    status,
    created_at: restDate(d.createdAt),
    updated_at: restDate(d.updatedAt),
  };
}

/** bulk_operations/finish: status, error_code and type are lower-case. */
export function bulkFinishPayload(op: BulkOperationRecord) {
  return {
    admin_graphql_api_id: gid("BulkOperation", op.id),
    completed_at: op.completedAt === null ? null : restDate(op.completedAt),
    created_at: restDate(op.createdAt),
    error_code: op.errorCode?.toLowerCase() ?? null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}

/**
 * The REST Shop resource (app/uninstalled): `domain` is the shop's primary
 * domain, `myshopify_domain` its .myshopify.com one
 * (https://shopify.dev/docs/api/admin-rest/latest/resources/shop).
 */
export function shopPayload(shop: ShopStore) {
  const s = shop.settings;
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    domain: s.primaryDomain,
    myshopify_domain: s.myshopifyDomain,
    plan_name: s.plan.toLowerCase(),
    currency: s.currencyCode,
    iana_timezone: s.ianaTimezone,
    created_at: restDate(s.createdAt),
  };
}

/**
 * customer_account_settings/update, as documented: `url` is the new customer
 * accounts URL (null with classic accounts), the version lower-case, then
 * whether login is required at checkout and whether login links show
 * (https://shopify.dev/changelog/introducing-a-webhook-topic-for-customer-account-settings).
 */
export function customerAccountSettingsPayload(s: ShopSettings) {
  const setting: AccountsSetting = s.customerAccounts;
  return {
    url: s.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS" ? customerAccountsUrl(s) : null,
    customer_accounts_version: s.customerAccountsVersion.toLowerCase(),
    login_required_at_checkout: setting === "REQUIRED",
    login_links_visible_on_storefront_and_checkout: setting !== "DISABLED",
  };
}
