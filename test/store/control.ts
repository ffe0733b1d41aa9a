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
import type { CustomerRecord, OrderRecord } from "./model";
import { signExtensionToken } from "./extension-tokens";
import { discountStatus } from "./resolvers/discounts";
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
    discountCodes: o.discountCodes,
    total: (o.totalCents / 100).toFixed(2),
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
    /^\/shops\/([^/]+)\/discounts$/,
    (sim, [shop]) => {
      const store = sim.shop(shop!);
      return [...store.discounts.values()].map((d) => ({
        id: gid("DiscountCodeNode", d.id),
        title: d.title,
        kind: d.kind,
        codes: d.codes.map((c) => c.code),
        status: discountStatus(d, sim.clock.now()),
        asyncUsageCount: d.asyncUsageCount,
        totalSales: (d.totalSalesCents / 100).toFixed(2),
      }));
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
