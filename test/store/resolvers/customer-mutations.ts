import { randomBytes } from "node:crypto";
import { isoDate } from "../format";
import { anyIdArg, gid, idArg } from "../ids";
import type { CustomerRecord, InviteEmail } from "../model";
import { customerPayload } from "../payloads";
import { assertMaxInput, userError, type Ctx, type ResolverMap } from "./context";
import { EMAIL_FORMAT } from "./views";

const THIRTY_DAYS = 30 * 86_400_000;
export const SHOP_MARKER = { __typename: "Shop" } as const;

interface EmailInput {
  to?: string | null;
  from?: string | null;
  subject?: string | null;
  body?: string | null;
  customMessage?: string | null;
  bcc?: string[] | null;
}

/** Invites and activation URLs exist only with legacy (classic) accounts. */
function legacyAccountsError(ctx: Ctx): string | null {
  const s = ctx.shop.settings;
  if (s.customerAccountsVersion !== "CLASSIC") {
    return "Account invites can only be sent when legacy customer accounts are enabled on the shop.";
  }
  if (s.customerAccounts === "DISABLED") return "Customer accounts are disabled for this shop.";
  return null;
}

/**
 * Splits tag input like Shopify: each item may itself be "a, b". Tags are
 * trimmed, blanks dropped, duplicates removed case-insensitively.
 */
export function normalizeTags(input: readonly string[] | string): string[] {
  const items = typeof input === "string" ? [input] : input;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    for (const raw of item.split(",")) {
      const tag = raw.trim();
      if (!tag || seen.has(tag.toLowerCase())) continue;
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

export function emitCustomerUpdate(ctx: Ctx, c: CustomerRecord): void {
  ctx.env.webhooks.emit(ctx.shop, "customers/update", customerPayload(ctx.shop, c));
}

function tagMutation(mode: "add" | "remove") {
  return (_s: unknown, args: { id: string; tags: string[] }, ctx: Ctx) => {
    assertMaxInput(args.tags);
    const parsed = anyIdArg(args.id);
    const tags = normalizeTags(args.tags);
    if (tags.some((t) => t.length > 255)) {
      return {
        node: null,
        userErrors: [userError(["tags"], "Tags is too long (maximum is 255 characters)")],
      };
    }
    const { shop } = ctx;
    if (parsed.type === "Customer") {
      const c = shop.customers.get(parsed.id);
      if (!c) return { node: null, userErrors: [userError(["id"], "Customer does not exist")] };
      const changed =
        mode === "add" ? shop.addCustomerTags(c, tags) : shop.removeCustomerTags(c, tags);
      if (changed.length) {
        shop.touchCustomer(c);
        emitCustomerUpdate(ctx, c);
      }
      return { node: c, userErrors: [] };
    }
    if (parsed.type === "Order") {
      const o = shop.orders.get(parsed.id);
      if (!o) return { node: null, userErrors: [userError(["id"], "Order does not exist")] };
      const lower = new Set(o.tags.map((t) => t.toLowerCase()));
      if (mode === "add") {
        for (const t of tags) if (!lower.has(t.toLowerCase())) o.tags.push(t);
      } else {
        const remove = new Set(tags.map((t) => t.toLowerCase()));
        o.tags = o.tags.filter((t) => !remove.has(t.toLowerCase()));
      }
      o.updatedAt = ctx.env.clock.now();
      return { node: o, userErrors: [] };
    }
    return { node: null, userErrors: [userError(["id"], "Resource not found")] };
  };
}

export const customerMutationResolvers: ResolverMap = {
  Mutation: {
    customerSendAccountInviteEmail: (
      _s: unknown,
      args: { customerId: string; email?: EmailInput | null },
      ctx: Ctx,
    ) => {
      const fail = (field: string[] | null, message: string) => ({
        customer: null,
        userErrors: [userError(field, message, "INVALID")],
      });
      const id = idArg(args.customerId, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      const legacy = legacyAccountsError(ctx);
      if (legacy) return fail(null, legacy);
      if (!c) return fail(["customerId"], "Customer does not exist");
      if (c.state === "ENABLED") return fail(["customerId"], "Account already enabled");
      const email = args.email ?? {};
      const to = email.to ?? c.email;
      if (!to) return fail(["customerId"], "Customer must have an email address to be invited");
      if (!EMAIL_FORMAT.test(to)) return fail(["email", "to"], "To is invalid");
      if (email.from && !EMAIL_FORMAT.test(email.from))
        return fail(["email", "from"], "From is invalid");
      assertMaxInput(email.bcc);
      if (email.bcc?.some((b) => !EMAIL_FORMAT.test(b)))
        return fail(["email", "bcc"], "Bcc is invalid");
      const entry: InviteEmail = {
        customerId: gid("Customer", c.id),
        to,
        from: email.from ?? ctx.shop.settings.email,
        subject: email.subject ?? "Customer account activation",
        customMessage: email.customMessage ?? null,
        body: email.body ?? null,
        bcc: email.bcc ?? [],
        sentAt: isoDate(ctx.env.clock.now()),
      };
      ctx.shop.outbox.push(entry);
      if (c.state !== "INVITED") {
        c.state = "INVITED";
        ctx.shop.touchCustomer(c);
        emitCustomerUpdate(ctx, c);
      }
      return { customer: c, userErrors: [] };
    },

    customerGenerateAccountActivationUrl: (_s: unknown, args: { customerId: string }, ctx: Ctx) => {
      const fail = (field: string[] | null, message: string) => ({
        accountActivationUrl: null,
        userErrors: [userError(field, message)],
      });
      const id = idArg(args.customerId, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      const legacy = legacyAccountsError(ctx);
      if (legacy) return fail(null, legacy);
      if (!c) return fail(["customerId"], "Customer does not exist");
      if (c.state === "ENABLED") return fail(["customerId"], "Account already enabled");
      if (c.state !== "DISABLED" && c.state !== "INVITED") {
        return fail(
          ["customerId"],
          "An activation URL can only be generated for disabled or invited customers",
        );
      }
      // A new URL replaces (invalidates) the previous one; each lasts 30 days.
      const url = `https://${ctx.shop.domain}/account/activate/${c.id}/${randomBytes(16).toString("hex")}-${Math.floor(ctx.env.clock.now() / 1000)}`;
      ctx.shop.activationUrls.set(c.id, { url, expiresAt: ctx.env.clock.now() + THIRTY_DAYS });
      return { accountActivationUrl: url, userErrors: [] };
    },

    tagsAdd: tagMutation("add"),
    tagsRemove: tagMutation("remove"),

    customerDelete: (_s: unknown, args: { input: { id: string } }, ctx: Ctx) => {
      const fail = (message: string) => ({
        deletedCustomerId: null,
        shop: SHOP_MARKER,
        userErrors: [userError(["id"], message)],
      });
      const id = idArg(args.input.id, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c) return fail("Customer can't be found");
      if (c.numberOfOrders > 0 || (c.orderIds?.length ?? 0) > 0) {
        return fail("Customer can’t be deleted because they have associated orders");
      }
      if (c.hasActiveSubscription)
        return fail("Customer can’t be deleted because they have an active subscription");
      if (c.pendingDataErasure)
        return fail("Customer can’t be deleted because they have a pending data erasure request");
      ctx.shop.removeCustomer(c.id);
      ctx.env.webhooks.emit(ctx.shop, "customers/delete", {
        id: c.id,
        phone: null,
        addresses: [],
        tax_exemptions: [],
        admin_graphql_api_id: gid("Customer", c.id),
      });
      return { deletedCustomerId: gid("Customer", c.id), shop: SHOP_MARKER, userErrors: [] };
    },

    customerRequestDataErasure: (_s: unknown, args: { customerId: string }, ctx: Ctx) => {
      const id = idArg(args.customerId, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c)
        return {
          customerId: null,
          userErrors: [userError(["customerId"], "Customer does not exist.", "DOES_NOT_EXIST")],
        };
      if (c.pendingDataErasure) {
        return {
          customerId: null,
          userErrors: [
            userError(
              ["customerId"],
              "Failed to request data erasure: a request is already pending.",
              "FAILED_TO_REQUEST",
            ),
          ],
        };
      }
      c.pendingDataErasure = true;
      ctx.shop.touchCustomer(c);
      return { customerId: gid("Customer", c.id), userErrors: [] };
    },

    customerCancelDataErasure: (_s: unknown, args: { customerId: string }, ctx: Ctx) => {
      const id = idArg(args.customerId, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c)
        return {
          customerId: null,
          userErrors: [userError(["customerId"], "Customer does not exist.", "DOES_NOT_EXIST")],
        };
      if (!c.pendingDataErasure) {
        return {
          customerId: null,
          userErrors: [
            userError(
              ["customerId"],
              "Customer's data is not scheduled for erasure.",
              "NOT_BEING_ERASED",
            ),
          ],
        };
      }
      c.pendingDataErasure = false;
      ctx.shop.touchCustomer(c);
      return { customerId: gid("Customer", c.id), userErrors: [] };
    },
  },
};
