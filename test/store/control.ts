/**
 * JSON control API under /__simulator/… for the demo's "store controls"
 * panel and for tests running in other processes. Routes are listed in
 * README.md; `:shop` is a domain ("demo" or "demo.myshopify.com") and `:id`
 * a numeric id or a gid (URL-encoded).
 */
import { ActionError, ShopActions, type TagEdit } from "./actions";
import { signSessionToken } from "./auth";
import { deleteRefusal } from "./customer-changes";
import type { FaultUpdate } from "./faults";
import { gid } from "./ids";
import { signExtensionToken } from "./extension-tokens";
import { discountTypeName } from "./filters";
import type { CustomerRecord, DiscountRecord, OrderRecord } from "./model";
import { orderFinancialStatus, refundableCents, refundedCents } from "./order-status";
import { discountStatus, discountTypename } from "./resolvers/discounts";
import type { ShopStatus } from "./shop-status";
import type { Simulator, StaffEditDuringBulk } from "./simulator";

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

type Handler = (sim: Simulator, params: string[], req: ControlRequest) => unknown;

function customerJson(c: CustomerRecord, now: number) {
  const invitedAt = c.state === "INVITED" ? (c.invitedAt ?? c.updatedAt) : (c.invitedAt ?? null);
  return {
    id: gid("Customer", c.id),
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    state: c.state,
    tags: c.tags,
    marketingState: c.marketingState,
    verifiedEmail: c.verifiedEmail,
    numberOfOrders: c.numberOfOrders,
    amountSpent: (c.amountSpentCents / 100).toFixed(2),
    pendingDataErasure: c.pendingDataErasure,
    hasActiveSubscription: c.hasActiveSubscription,
    /** Customer.canDelete, and customerDelete's refusal when it is false. */
    canDelete: deleteRefusal(c) === null,
    cannotDeleteBecause: deleteRefusal(c),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
    /** When the last invitation was sent, and whether its 30-day link still works. */
    invitedAt: invitedAt === null ? null : new Date(invitedAt).toISOString(),
    invitationExpired:
      c.state === "INVITED" && invitedAt !== null
        ? now - invitedAt > ShopActions.INVITATION_VALID_MS
        : null,
    addresses: c.addresses,
  };
}

function orderJson(o: OrderRecord) {
  return {
    id: gid("Order", o.id),
    name: o.name,
    customerId: o.customerId === null ? null : gid("Customer", o.customerId),
    email: o.email,
    discountCodes: o.discountCodes,
    discounts: (o.discountLines ?? []).map((l) => ({
      code: l.code,
      amount: (l.amountCents / 100).toFixed(2),
      type: l.type,
    })),
    subtotal: (o.subtotalCents / 100).toFixed(2),
    totalDiscounts: (o.discountCents / 100).toFixed(2),
    total: (o.totalCents / 100).toFixed(2),
    refunded: (refundedCents(o) / 100).toFixed(2),
    refundable: (refundableCents(o) / 100).toFixed(2),
    financialStatus: orderFinancialStatus(o),
    cancelledAt: o.cancelledAt === null ? null : new Date(o.cancelledAt).toISOString(),
    cancelReason: o.cancelReason ?? null,
    currency: o.currency,
    createdAt: new Date(o.createdAt).toISOString(),
    shippingAddress: o.shippingAddress,
    lineItems: (o.lineItems ?? []).map((li) => ({
      title: li.title,
      variantTitle: li.variantTitle,
      quantity: li.quantity,
      price: (li.priceCents / 100).toFixed(2),
      productId: li.productId === null ? null : gid("Product", li.productId),
      variantId: li.variantId === null ? null : gid("ProductVariant", li.variantId),
      sku: li.sku,
    })),
  };
}

/** `{ add, remove }` from a request body: lists of strings or "a, b" strings. */
function tagEdit(body: Record<string, unknown>): TagEdit {
  const tags = (v: unknown, name: string): string[] | string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (Array.isArray(v) && v.every((t) => typeof t === "string")) return v as string[];
    throw new ActionError(400, `${name} must be a list of tags or a comma-separated string`);
  };
  return { add: tags(body.add, "add"), remove: tags(body.remove, "remove") };
}

/** A discount as the controls list it: type, codes with their usage, status from the clock. */
function discountJson(d: DiscountRecord, now: number) {
  return {
    id: gid("DiscountCodeNode", d.id),
    title: d.title,
    kind: d.kind,
    /** The GraphQL type (DiscountCodeBasic, DiscountCodeFreeShipping, DiscountCodeBxgy, DiscountCodeApp). */
    type: discountTypename(d),
    /** The `type:` search value (percentage, fixed_amount, free_shipping, bogo, app). */
    discountType: discountTypeName(d),
    codes: d.codes.map((c) => c.code),
    codeUsage: d.codes.map((c) => ({ code: c.code, asyncUsageCount: c.usageCount })),
    status: discountStatus(d, now),
    startsAt: new Date(d.startsAt).toISOString(),
    endsAt: d.endsAt === null ? null : new Date(d.endsAt).toISOString(),
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    asyncUsageCount: d.asyncUsageCount,
    totalSales: (d.totalSalesCents / 100).toFixed(2),
  };
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function shopSummary(sim: Simulator, domain: string) {
  const { store, bucket, faults, seedSummary } = sim.runtime(domain);
  const s = store.settings;
  return {
    domain: s.myshopifyDomain,
    primaryDomain: s.primaryDomain,
    id: gid("Shop", s.id),
    name: s.name,
    status: store.status,
    scopes: sim.config.scopes,
    plan: s.plan,
    currencyCode: s.currencyCode,
    customerAccountsVersion: s.customerAccountsVersion,
    customerAccounts: s.customerAccounts,
    installed: store.installed,
    counts: {
      customers: store.customers.size,
      orders: store.orders.size,
      discounts: store.discounts.size,
      segments: store.segments.size,
      outbox: store.outbox.length,
    },
    throttleStatus: bucket.status(),
    faults: faults.current,
    seed: seedSummary,
  };
}

const ROUTES: [string, RegExp, Handler][] = [
  ["GET", /^\/health$/, () => ({ ok: true })],
  [
    "GET",
    /^\/clock$/,
    (sim) => ({ now: new Date(sim.clock.now()).toISOString(), frozen: sim.clock.frozen }),
  ],
  [
    "POST",
    /^\/clock$/,
    (sim, _p, req) => {
      const { advanceMs, freeze, at } = req.body;
      if (typeof at === "string" || typeof at === "number")
        sim.clock.freeze(typeof at === "string" ? Date.parse(at) : at);
      else if (freeze === true) sim.clock.freeze();
      else if (freeze === false) sim.clock.unfreeze();
      if (typeof advanceMs === "number") sim.clock.advance(advanceMs);
      return { now: new Date(sim.clock.now()).toISOString(), frozen: sim.clock.frozen };
    },
  ],
  ["GET", /^\/shops$/, (sim) => sim.domains().map((d) => shopSummary(sim, d))],
  ["GET", /^\/shops\/([^/]+)$/, (sim, [shop]) => shopSummary(sim, shop!)],
  [
    "POST",
    /^\/shops\/([^/]+)\/reset$/,
    (sim, [shop]) => (sim.resetShop(shop!), shopSummary(sim, shop!)),
  ],
  [
    "GET",
    /^\/shops\/([^/]+)\/customers$/,
    (sim, [shop], req) => {
      // The newest first, optionally by state: enough for the demo's controls to pick from.
      // Invited customers come by their invitation's date, so the ones just invited are at hand.
      const state = req.query.get("state")?.toUpperCase();
      const limit = Math.min(Number(req.query.get("limit") ?? 20) || 20, 250);
      const all = [...sim.shop(shop!).customers.values()].reverse();
      const matching = state ? all.filter((c) => c.state === state) : all;
      if (state === "INVITED")
        matching.sort((a, b) => (b.invitedAt ?? b.updatedAt) - (a.invitedAt ?? a.updatedAt));
      return matching.slice(0, limit).map((c) => customerJson(c, sim.clock.now()));
    },
  ],
  [
    "GET",
    /^\/shops\/([^/]+)\/customers\/([^/]+)$/,
    (sim, [shop, id]) => {
      const c = sim.shop(shop!).customers.get(Number(id!.split("/").pop()));
      if (!c) throw new ActionError(404, `Customer ${id} does not exist`);
      return customerJson(c, sim.clock.now());
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers$/,
    (sim, [shop], req) =>
      customerJson(sim.actions(shop!).createCustomer(req.body), sim.clock.now()),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/accept-invitation$/,
    (sim, [shop, id]) => customerJson(sim.actions(shop!).acceptInvitation(id!), sim.clock.now()),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/decline-invitation$/,
    (sim, [shop, id]) => customerJson(sim.actions(shop!).declineInvitation(id!), sim.clock.now()),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/expire-invitation$/,
    (sim, [shop, id]) => customerJson(sim.actions(shop!).expireInvitation(id!), sim.clock.now()),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/sign-in$/,
    (sim, [shop, id]) => {
      const { customer, firstSignIn } = sim.actions(shop!).signIn(id!);
      return { ...customerJson(customer, sim.clock.now()), firstSignIn };
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/data-request$/,
    (sim, [shop, id]) => (sim.actions(shop!).requestCustomerData(id!), { ok: true }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/redact$/,
    (sim, [shop, id]) => (sim.actions(shop!).redactCustomer(id!), { ok: true }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/tags$/,
    (sim, [shop], req) => {
      // Several customers at once, as a staff member's bulk edit in the admin.
      const ids = req.body.customerIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw new ActionError(400, "customerIds must list at least one customer");
      const actions = sim.actions(shop!);
      const edit = tagEdit(req.body);
      return {
        results: ids.map((id) => {
          const { customer, added, removed } = actions.editCustomerTags(id as string, edit);
          return { id: gid("Customer", customer.id), tags: customer.tags, added, removed };
        }),
      };
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/tags$/,
    (sim, [shop, id], req) => {
      const { customer, added, removed } = sim
        .actions(shop!)
        .editCustomerTags(id!, tagEdit(req.body));
      return { customer: customerJson(customer, sim.clock.now()), added, removed };
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/customers\/([^/]+)\/delete$/,
    (sim, [shop, id]) => {
      const numeric = Number(id!.split("/").pop());
      sim.actions(shop!).deleteCustomer(id!);
      return { deletedCustomerId: gid("Customer", numeric) };
    },
  ],
  [
    "GET",
    /^\/shops\/([^/]+)\/bulk-mutation-edits$/,
    (sim, [shop]) => sim.runtime(shop!).staffEdits,
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/bulk-mutation-edits$/,
    (sim, [shop], req) => {
      const ids = req.body.customerIds;
      const afterLines = req.body.afterLines;
      if (afterLines !== undefined && afterLines !== null && typeof afterLines !== "number")
        throw new ActionError(400, "afterLines must be a number");
      const edit: StaffEditDuringBulk = {
        customerIds: Array.isArray(ids) ? (ids as (string | number)[]) : [],
        ...tagEdit(req.body),
        afterLines: (afterLines as number | null | undefined) ?? null,
      };
      sim.queueStaffEditDuringBulk(shop!, edit);
      return sim.runtime(shop!).staffEdits;
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/orders$/,
    (sim, [shop], req) => orderJson(sim.actions(shop!).placeOrder(req.body)),
  ],
  [
    "GET",
    /^\/shops\/([^/]+)\/orders$/,
    (sim, [shop], req) => {
      // The newest first: enough for the controls' recent orders.
      const limit = Math.min(Number(req.query.get("limit") ?? 10) || 10, 250);
      const store = sim.shop(shop!);
      const ids = store.orderIds();
      return ids
        .slice(-limit)
        .reverse()
        .map((id) => orderJson(store.orders.get(id)!));
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/orders\/([^/]+)\/mark-paid$/,
    (sim, [shop, id]) => orderJson(sim.actions(shop!).markPaid(id!)),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/orders\/([^/]+)\/cancel$/,
    (sim, [shop, id], req) =>
      orderJson(
        sim.actions(shop!).cancelOrder(id!, {
          reason: str(req.body.reason),
          refund: req.body.refund === true,
          staffNote: str(req.body.staffNote) ?? null,
        }),
      ),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/orders\/([^/]+)\/refund$/,
    (sim, [shop, id], req) => {
      const amount = req.body.amount;
      if (amount !== undefined && amount !== null && typeof amount !== "number")
        throw new ActionError(400, "amount must be a number (shop currency units)");
      const actions = sim.actions(shop!);
      const refund = actions.refundOrder(id!, { amount, note: str(req.body.note) ?? null });
      const order = sim.shop(shop!).orders.get(Number(id!.split("/").pop()))!;
      return {
        refund: {
          id: gid("Refund", refund.id),
          amount: (refund.amountCents / 100).toFixed(2),
          createdAt: new Date(refund.createdAt).toISOString(),
        },
        order: orderJson(order),
      };
    },
  ],
  [
    "GET",
    /^\/shops\/([^/]+)\/discounts$/,
    (sim, [shop]) => {
      const store = sim.shop(shop!);
      return [...store.discounts.values()].map((d) => discountJson(d, sim.clock.now()));
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/discounts$/,
    (sim, [shop], req) => {
      const b = req.body;
      const type = str(b.type);
      if (type !== "bxgy" && type !== "app")
        throw new ActionError(400, 'type must be "bxgy" or "app"');
      const d = sim.actions(shop!).createCodeDiscount({
        type,
        code: str(b.code) ?? "",
        title: str(b.title),
        startsAt: str(b.startsAt) ?? null,
        endsAt: str(b.endsAt) ?? null,
        usageLimit: num(b.usageLimit) ?? null,
        appliesOncePerCustomer: b.appliesOncePerCustomer === true,
        buys: num(b.buys),
        gets: num(b.gets),
        percentage: num(b.percentage),
      });
      return discountJson(d, sim.clock.now());
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/discounts\/([^/]+)\/delete$/,
    (sim, [shop, id]) => (sim.actions(shop!).deleteDiscount(id!), { ok: true }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/discounts\/([^/]+)\/expire$/,
    (sim, [shop, id]) => (sim.actions(shop!).expireDiscount(id!), { ok: true }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/account-mode$/,
    (sim, [shop], req) => {
      const version = str(req.body.customerAccountsVersion);
      if (version !== "CLASSIC" && version !== "NEW_CUSTOMER_ACCOUNTS")
        throw new ActionError(
          400,
          "customerAccountsVersion must be CLASSIC or NEW_CUSTOMER_ACCOUNTS",
        );
      const setting = str(req.body.customerAccounts);
      if (
        setting !== undefined &&
        setting !== "DISABLED" &&
        setting !== "OPTIONAL" &&
        setting !== "REQUIRED"
      )
        throw new ActionError(400, "customerAccounts must be DISABLED, OPTIONAL or REQUIRED");
      sim.actions(shop!).setAccountMode(version, setting);
      return shopSummary(sim, shop!);
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/plan$/,
    (sim, [shop], req) => {
      const plan = str(req.body.plan);
      if (plan !== "STANDARD" && plan !== "ADVANCED" && plan !== "PLUS" && plan !== "ENTERPRISE")
        throw new ActionError(400, "plan must be STANDARD, ADVANCED, PLUS or ENTERPRISE");
      sim.actions(shop!).setPlan(plan, {
        bucketSize: num(req.body.bucketSize),
        restoreRate: num(req.body.restoreRate),
      });
      return shopSummary(sim, shop!);
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/status$/,
    (sim, [shop], req) => {
      sim.actions(shop!).setShopStatus(str(req.body.status) as ShopStatus);
      return shopSummary(sim, shop!);
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/revoke-tokens$/,
    (sim, [shop]) => (sim.actions(shop!).revokeAccessTokens(), { ok: true }),
  ],
  ["GET", /^\/shops\/([^/]+)\/faults$/, (sim, [shop]) => sim.runtime(shop!).faults.current],
  [
    "POST",
    /^\/shops\/([^/]+)\/faults$/,
    (sim, [shop], req) => {
      const runtime = sim.runtime(shop!);
      if (req.body.reset === true) runtime.faults.reset();
      else runtime.faults.configure(req.body as FaultUpdate);
      return runtime.faults.current;
    },
  ],
  ["GET", /^\/shops\/([^/]+)\/outbox$/, (sim, [shop]) => sim.outbox(shop!)],
  [
    "GET",
    /^\/shops\/([^/]+)\/deliveries$/,
    (sim, [shop], req) => {
      const topic = req.query.get("topic");
      return sim.deliveries(shop!).filter((d) => !topic || d.topic === topic);
    },
  ],
  [
    "GET",
    /^\/shops\/([^/]+)\/events$/,
    (sim, [shop], req) => {
      const topic = req.query.get("topic");
      return sim.webhooks.events(sim.shop(shop!).domain).filter((e) => !topic || e.topic === topic);
    },
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/uninstall$/,
    (sim, [shop]) => (sim.actions(shop!).uninstall(), { ok: true }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/redact-shop$/,
    (sim, [shop]) => (sim.actions(shop!).redactShop(), { ok: true }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/session-token$/,
    (sim, [shop], req) => ({
      token: signSessionToken({
        shop: sim.shop(shop!).domain,
        apiKey: sim.config.apiKey,
        apiSecret: sim.config.apiSecret,
        userId: num(req.body.userId) ?? 1,
        now: sim.clock.now(),
        ttlSeconds: num(req.body.ttlSeconds),
      }),
    }),
  ],
  [
    "POST",
    /^\/shops\/([^/]+)\/access-token$/,
    (sim, [shop], req) => ({
      accessToken: sim.issueAccessToken(shop!, {
        online: req.body.online === true,
        userId: num(req.body.userId),
      }),
    }),
  ],
  ["POST", /^\/idle$/, async (sim) => (await sim.idle(), { ok: true })],
  [
    "GET",
    /^\/mail$/,
    (sim) => {
      const mail = mailCapture(sim);
      return {
        smtp: { host: mail.host, port: mail.port, url: mail.url },
        messages: mail.messages().reverse(),
      };
    },
  ],
  ["POST", /^\/mail\/clear$/, (sim) => (mailCapture(sim).clear(), { ok: true })],
  [
    "GET",
    /^\/mail\/([^/]+)$/,
    (sim, [id]) => {
      const found = mailCapture(sim)
        .messages()
        .find((m) => m.id === id);
      if (!found) throw new ActionError(404, `No captured message ${id}`);
      return found;
    },
  ],
  // A checkout or customer account extension's session token (the thank-you
  // and order-status blocks), for a logged-in customer or a guest.
  [
    "POST",
    /^\/shops\/([^/]+)\/extension-token$/,
    (sim, [shop], req) => {
      const surface = req.body.surface;
      if (surface !== "checkout" && surface !== "customer_account")
        throw new ActionError(400, 'surface must be "checkout" or "customer_account"');
      const customerId = str(req.body.customerId) ?? num(req.body.customerId) ?? null;
      const store = sim.shop(shop!);
      if (customerId !== null && !store.customers.has(Number(String(customerId).split("/").pop())))
        throw new ActionError(404, `Customer ${customerId} does not exist`);
      if (surface === "customer_account" && customerId === null)
        throw new ActionError(400, "a customer account token names its customer (customerId)");
      return {
        token: signExtensionToken({
          surface,
          shop: store.domain,
          apiKey: sim.config.apiKey,
          apiSecret: sim.config.apiSecret,
          customerId,
          now: sim.clock.now(),
          ttlSeconds: num(req.body.ttlSeconds),
        }),
      };
    },
  ],
];

function mailCapture(sim: Simulator) {
  if (!sim.mail)
    throw new ActionError(
      404,
      "No mail capture is running: the demo starts one; elsewhere start one with startMailCapture() and set simulator.mail",
    );
  return sim.mail;
}

/** Routes a control request (path without the /__simulator prefix). */
export async function handleControl(sim: Simulator, req: ControlRequest): Promise<ControlResponse> {
  for (const [method, pattern, handler] of ROUTES) {
    if (method !== req.method) continue;
    const match = pattern.exec(req.path);
    if (!match) continue;
    try {
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      return { status: 200, body: await handler(sim, params, req) };
    } catch (error) {
      if (error instanceof ActionError)
        return { status: error.status, body: { error: error.message } };
      throw error;
    }
  }
  return { status: 404, body: { error: `No control route ${req.method} ${req.path}` } };
}
