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
  LineItemRecord,
  OrderRecord,
  Plan,
} from "./model";
import {
  customerAccountSettingsPayload,
  customerPayload,
  discountPayload,
  orderPayload,
  shopPayload,
} from "./payloads";
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

/** A staff member's tag edit in the admin (tags as typed: a list or "a, b"). */
export interface TagEdit {
  add?: string[] | string;
  remove?: string[] | string;
}

const DAY = 86_400_000;

const numericId = (id: number | string): number =>
  typeof id === "number" ? id : Number(String(id).split("/").pop());

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
    let discountCents = 0;
    let discountType: DiscountCodeType | null = null;
    const codes: string[] = [];
    if (input.discountCode) {
      const d = this.applicableDiscount(input.discountCode, customer, subtotalCents);
      const code = d.codes.find(
        (c) => c.code.toLowerCase() === input.discountCode!.trim().toLowerCase(),
      )!;
      codes.push(code.code);
      if (d.kind === "freeShipping") {
        discountType = "shipping";
        discountCents =
          d.maximumShippingPriceCents === null || shippingCents <= d.maximumShippingPriceCents
            ? shippingCents
            : 0;
      } else if (d.value?.kind === "percentage") {
        discountType = "percentage";
        discountCents = Math.round(subtotalCents * d.value.percentage);
      } else {
        discountType = "fixed_amount";
        discountCents = Math.min(d.value?.amountCents ?? 0, subtotalCents);
      }
      code.usageCount++;
      d.asyncUsageCount++;
      d.usedByCustomerIds.add(customer.id);
    }
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
      discountType,
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
      shippingAddress,
      lineItems,
      test: input.test ?? false,
      tags: normalizeTags(input.tags ?? []).sort(compareTags),
      note: null,
      sourceName: "web",
    });
    if (codes.length) {
      const d = store.discountByCode(codes[0]!)!;
      d.totalSalesCents += totalCents;
    }
    customer.numberOfOrders++;
    customer.amountSpentCents += totalCents;
    store.touchCustomer(customer);
    const payload = orderPayload(store, order);
    this.emit("orders/create", payload);
    this.emit("orders/paid", payload);
    this.emit("customers/update", customerPayload(store, customer));
    return order;
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
