import { randomBytes } from "node:crypto";
import { isoDate } from "../format";
import { anyIdArg, gid, idArg } from "../ids";
import type { CustomerRecord, InviteEmail } from "../model";
import { customerPayload } from "../payloads";
import { assertMaxInput, userError, type Ctx, type ResolverMap } from "./context";
import { EMAIL_FORMAT } from "./views";

const DAY = 86_400_000;
const THIRTY_DAYS = 30 * DAY;

/**
 * What customerSendAccountInviteEmail answers once the shop's daily invite
 * limit (fault `inviteLimitPerDay`) is reached. Unverified wording: merchants
 * and app makers report Shopify refusing account invites after many ("Shopify
 * seems to have recently added a limit to the number of account invites that
 * can be sent at a given time. This new limit has not been officially
 * announced or documented", https://help.heliumdev.com/en/articles/6296434-common-issue-failed-to-send-account-invite;
 * "cause Shopify to reject sending for a period of time",
 * https://wotio.com/faq-items/why-did-my-bulk-invites-stop-before-sending-to-all-my-users/),
 * but no source quotes the userError, so this one is chosen to be plausible.
 */
export const INVITE_LIMIT_MESSAGE = "Account invite limit reached for this store. Try again later.";

/** Recorded answer for an invitation Shopify could not send (see inviteEmailError). */
const INVITE_SEND_ERROR = "Error sending account invite to customer.";
export const SHOP_MARKER = { __typename: "Shop" } as const;

interface EmailInput {
  to?: string | null;
  from?: string | null;
  subject?: string | null;
  body?: string | null;
  customMessage?: string | null;
  bcc?: string[] | null;
}

/**
 * Checks the optional EmailInput like Shopify does. Messages, fields and
 * limits are Shopify's recorded answers (API 2026-04, a live store:
 * https://github.com/airhorns/shopify-draft-proxy, fixtures/conformance/…/2026-04/customers/customer-invite-email-validation.json):
 * an empty subject, a `to` that is not an address, a `from` that is not an
 * address, bcc addresses that are not the store's staff, a subject over 1,000
 * characters, and a custom message over 5,000 characters or with HTML
 * (`<script>`). Unverified: what Shopify does with a well-formed `from` that
 * is not the store's own sender (accepted here), and whether an omitted
 * subject counts as blank (the default template's subject is used here).
 */
function inviteEmailError(
  ctx: Ctx,
  email: EmailInput,
): { field: string[]; message: string } | null {
  if (email.subject !== undefined && email.subject !== null && email.subject.trim() === "")
    return { field: ["email", "subject"], message: "Subject can't be blank" };
  if (email.to && !EMAIL_FORMAT.test(email.to))
    return { field: ["email", "to"], message: "To is invalid" };
  if (email.from && !EMAIL_FORMAT.test(email.from))
    return { field: ["email", "from"], message: "From Sender is invalid" };
  assertMaxInput(email.bcc);
  const staff = new Set(
    [ctx.shop.settings.email, ...ctx.shop.settings.staffEmails].map((e) => e.toLowerCase()),
  );
  const badBcc = (email.bcc ?? []).filter((b) => !staff.has(b.toLowerCase()));
  if (badBcc.length)
    return {
      field: ["email", "bcc"],
      message: `Bcc ${badBcc.map((b) => `${b} is not a valid bcc address`).join(" and ")}`,
    };
  if ((email.subject?.length ?? 0) > 1000)
    return { field: ["customerId"], message: INVITE_SEND_ERROR };
  const custom = email.customMessage ?? "";
  if (custom.length > 5000 || /<\/?[a-z!]/i.test(custom))
    return { field: ["customerId"], message: INVITE_SEND_ERROR };
  return null;
}

/**
 * Invites and activation URLs exist only with legacy (classic) accounts:
 * "The invite only works when legacy customer accounts are enabled on the
 * shop" (https://shopify.dev/docs/api/admin-graphql/latest/mutations/customerSendAccountInviteEmail),
 * and "There is no API method to do account invites for the new customer
 * account model" (https://github.com/lightward/mechanic-tasks/issues/553).
 * The refusal's exact wording is not documented anywhere we found: the
 * message below is the simulator's (unverified), on `field: null`.
 */
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
      // Only ENABLED customers are refused: a DECLINED customer can be invited
      // again ("They would need to be reinvited by the store admin",
      // https://community.shopify.com/t/how-does-forgot-password-work-for-different-customer-states-in-shopify/376324),
      // and an INVITED one gets the email again (the admin's "Resend account invite").
      // The message for ENABLED is not from a recorded Shopify answer: unverified.
      if (c.state === "ENABLED") return fail(["customerId"], "Account already enabled");
      const email = args.email ?? {};
      const invalid = inviteEmailError(ctx, email);
      if (invalid) return fail(invalid.field, invalid.message);
      const to = email.to || c.email;
      if (!to) return fail(["customerId"], "Customer must have an email address to be invited");
      const now = ctx.env.clock.now();
      const limit = ctx.env.faults(ctx.shop)?.current.inviteLimitPerDay ?? null;
      if (limit !== null && ctx.shop.invitesSentBetween(now - DAY, now) >= limit)
        return fail(["customerId"], INVITE_LIMIT_MESSAGE);
      const entry: InviteEmail = {
        customerId: gid("Customer", c.id),
        to,
        from: email.from ?? ctx.shop.settings.email,
        subject: email.subject ?? "Customer account activation",
        customMessage: email.customMessage ?? null,
        body: email.body ?? null,
        bcc: email.bcc ?? [],
        sentAt: isoDate(now),
      };
      ctx.shop.outbox.push(entry);
      ctx.shop.recordInvite(now);
      // The invitation's link (the account activation URL) lasts 30 days from now.
      c.invitedAt = now;
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
