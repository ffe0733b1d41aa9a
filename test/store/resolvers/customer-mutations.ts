import { randomBytes } from "node:crypto";
import { GraphQLError } from "graphql";
import { applyAddressInput, type MailingAddressInput } from "../addresses";
import {
  changeCustomerTags,
  deleteCustomer,
  deleteRefusal,
  emitCustomerUpdate as emitUpdate,
} from "../customer-changes";
import { isoDate } from "../format";
import { anyIdArg, gid, idArg } from "../ids";
import type { CustomerRecord, InviteEmail } from "../model";
import { orderPayload } from "../payloads";
import { assertMaxInput, userError, type Ctx, type ResolverMap } from "./context";
import { addressView, EMAIL_FORMAT } from "./views";

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
  emitUpdate(ctx.env, ctx.shop, c);
}

/**
 * tagsAdd / tagsRemove on customers and orders, as Shopify answers them
 * (recorded answers, API 2025-01, a live store:
 * https://github.com/airhorns/shopify-draft-proxy,
 * fixtures/conformance/…/products/tags-add-multi-resource.json): `tags` may
 * be a list or one comma-separated string ("a, b"); a tag that differs only
 * by case from one the resource has is not added again (the existing casing
 * stays); tags come back sorted case-insensitively. Removing is
 * case-insensitive on customers and case-sensitive on orders. An id of a type
 * that cannot be tagged (or does not exist) is a top-level RESOURCE_NOT_FOUND
 * "invalid id" for unknown types, userError "… does not exist" for unknown
 * customers and orders. The same resolvers run the lines of
 * bulkOperationRunMutation, so bulk edits behave the same.
 */
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
      if (mode === "add") changeCustomerTags(ctx.env, shop, c, tags, []);
      else changeCustomerTags(ctx.env, shop, c, [], tags);
      return { node: c, userErrors: [] };
    }
    if (parsed.type === "Order") {
      const o = shop.orders.get(parsed.id);
      if (!o) return { node: null, userErrors: [userError(["id"], "Order does not exist")] };
      const changed = mode === "add" ? shop.addOrderTags(o, tags) : shop.removeOrderTags(o, tags);
      if (changed.length) {
        o.updatedAt = ctx.env.clock.now();
        // "Occurs whenever an order is updated" (WebhookSubscriptionTopic ORDERS_UPDATED).
        ctx.env.webhooks.emit(shop, "orders/updated", orderPayload(shop, o));
      }
      return { node: o, userErrors: [] };
    }
    if (TAGGABLE_NOT_SIMULATED.has(parsed.type))
      throw new GraphQLError(
        `tags${mode === "add" ? "Add" : "Remove"} on a ${parsed.type} is not implemented by the store simulator (test/store): it holds no ${parsed.type} records.`,
        { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } },
      );
    throw new GraphQLError("invalid id", { extensions: { code: "RESOURCE_NOT_FOUND" } });
  };
}

/** Types tagsAdd accepts on Shopify that the simulator does not hold. */
const TAGGABLE_NOT_SIMULATED = new Set(["Product", "DraftOrder", "Article", "DiscountNode"]);

/** What customerUpdate reads from CustomerInput; other fields are refused as not simulated. */
interface CustomerInput {
  id?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  note?: string | null;
  locale?: string | null;
  tags?: string[] | null;
  [other: string]: unknown;
}

const CUSTOMER_INPUT_FIELDS = new Set([
  "id",
  "email",
  "firstName",
  "lastName",
  "phone",
  "note",
  "locale",
  "tags",
]);

function notSimulated(field: string): GraphQLError {
  return new GraphQLError(
    `CustomerInput.${field} is not implemented by the store simulator (test/store). Add it if Patron needs it.`,
    { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } },
  );
}

const blankToNull = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null || v.trim() === "" ? null : v.trim();

/**
 * customerUpdate(input: CustomerInput!): changes only the fields given
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/customerUpdate;
 * `tags` "overwrites any existing tags", CustomerInput.tags in the schema).
 * Answers recorded on a live store (API 2025-01,
 * https://github.com/airhorns/shopify-draft-proxy, fixtures/conformance/…/customers/
 * customer-update-parity.json, customer-update-requires-identity.json,
 * customer-input-validation-parity.json): an unknown id is ["id"] "Customer
 * does not exist"; clearing the last of name, phone and email is `field: null`
 * "A name, phone number, or email address must be present"; "Email is
 * invalid", "Email has already been taken", "Phone is invalid", "Phone has
 * already been taken", "Locale is invalid", "First name / Last name is too
 * long (maximum is 255 characters)", "Note is too long (maximum is 5000
 * characters)", "Tags is too long (maximum is 255 characters)", all of them
 * at once; blank names become null, a blank note stays "". What makes a phone
 * invalid is simplified here (letters, or fewer than 5 digits).
 * Sends customers/update (and customer.tags_added / _removed for tags).
 */
function customerUpdate(_s: unknown, args: { input: CustomerInput }, ctx: Ctx) {
  const input = args.input;
  const fail = (field: string[] | null, message: string) => ({
    customer: null,
    userErrors: [userError(field, message)],
  });
  for (const key of Object.keys(input))
    if (input[key] !== undefined && !CUSTOMER_INPUT_FIELDS.has(key)) throw notSimulated(key);
  const id = input.id ? idArg(input.id, "Customer") : null;
  const c = id === null ? undefined : ctx.shop.customers.get(id);
  if (!c) return fail(["id"], "Customer does not exist");
  const email = blankToNull(input.email);
  const firstName = blankToNull(input.firstName);
  const lastName = blankToNull(input.lastName);
  const phone = blankToNull(input.phone);
  const after = {
    email: email === undefined ? c.email : email,
    firstName: firstName === undefined ? c.firstName : firstName,
    lastName: lastName === undefined ? c.lastName : lastName,
    phone: phone === undefined ? c.phone : phone,
  };
  if (!after.email && !after.phone && !after.firstName && !after.lastName)
    return fail(null, "A name, phone number, or email address must be present");
  if (input.tags) assertMaxInput(input.tags);
  const errors: ReturnType<typeof userError>[] = [];
  if (after.email && !EMAIL_FORMAT.test(after.email))
    errors.push(userError(["email"], "Email is invalid"));
  else if (after.email && after.email.toLowerCase() !== (c.email ?? "").toLowerCase()) {
    const owner = ctx.shop.customerIdByEmail(after.email);
    if (owner !== undefined && owner !== c.id)
      errors.push(userError(["email"], "Email has already been taken"));
  }
  if (phone && phone !== c.phone) {
    if (/[a-z]/i.test(phone) || phone.replace(/\D/g, "").length < 5)
      errors.push(userError(["phone"], "Phone is invalid"));
    else if ([...ctx.shop.customers.values()].some((o) => o !== c && o.phone === phone))
      errors.push(userError(["phone"], "Phone has already been taken"));
  }
  if (input.locale && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(input.locale))
    errors.push(userError(["locale"], "Locale is invalid"));
  if ((firstName?.length ?? 0) > 255)
    errors.push(userError(["firstName"], "First name is too long (maximum is 255 characters)"));
  if ((lastName?.length ?? 0) > 255)
    errors.push(userError(["lastName"], "Last name is too long (maximum is 255 characters)"));
  if ((input.note?.length ?? 0) > 5000)
    errors.push(userError(["note"], "Note is too long (maximum is 5000 characters)"));
  if (input.tags && normalizeTags(input.tags).some((t) => t.length > 255))
    errors.push(userError(["tags"], "Tags is too long (maximum is 255 characters)"));
  if (errors.length) return { customer: null, userErrors: errors };
  let changed = false;
  if (after.email !== c.email) {
    ctx.shop.setCustomerEmail(c, after.email);
    changed = true;
  }
  for (const key of ["firstName", "lastName", "phone"] as const) {
    if (after[key] !== c[key]) {
      c[key] = after[key];
      changed = true;
    }
  }
  if (changed) c.searchText = undefined;
  for (const key of ["note", "locale"] as const) {
    const value = input[key];
    if (value === undefined) continue;
    const next = key === "locale" ? (value ?? c.locale) : value;
    if (next !== c[key]) {
      (c as { note: string | null; locale: string })[key] = next as string;
      changed = true;
    }
  }
  let tagChange = { added: [] as string[], removed: [] as string[] };
  if (input.tags !== undefined && input.tags !== null) {
    const wanted = normalizeTags(input.tags);
    const keep = new Set(wanted.map((t) => t.toLowerCase()));
    const remove = c.tags.filter((t) => !keep.has(t.toLowerCase()));
    // changeCustomerTags sends customers/update itself when tags changed.
    tagChange = changeCustomerTags(ctx.env, ctx.shop, c, wanted, remove);
  }
  const tagsChanged = tagChange.added.length + tagChange.removed.length > 0;
  if (changed) {
    ctx.shop.touchCustomer(c);
    if (!tagsChanged) emitCustomerUpdate(ctx, c);
  }
  return { customer: c, userErrors: [] };
}

/** The customer's address with this MailingAddress gid, and who holds it. */
function findAddress(ctx: Ctx, addressId: number) {
  for (const c of ctx.shop.customers.values()) {
    const index = c.addresses.findIndex((a) => a.id === addressId);
    if (index >= 0) return { owner: c, index };
  }
  return null;
}

/**
 * customerAddressUpdate(address: MailingAddressInput!, addressId: ID!,
 * customerId: ID!, setAsDefault: Boolean) (the 2026-10 schema): changes the
 * fields given, optionally makes it the default address, sends
 * customers/update. Answers recorded on a live store
 * (https://github.com/airhorns/shopify-draft-proxy, fixtures/conformance/…/customers/
 * customer-address-lifecycle.json (2025-01) and customer-address-missing-customer.json
 * (2026-04)): an address id that exists nowhere is a top-level
 * RESOURCE_NOT_FOUND "Invalid id: <id>" with the field null; another
 * customer's address is ["addressId"] "Address does not exist"; an unknown
 * customer (with a real address id) is ["customerId"] "Customer does not
 * exist". Input checks: addresses.ts.
 */
function customerAddressUpdate(
  _s: unknown,
  args: {
    customerId: string;
    addressId: string;
    address: MailingAddressInput;
    setAsDefault?: boolean | null;
  },
  ctx: Ctx,
) {
  const fail = (field: string[], message: string) => ({
    address: null,
    userErrors: [userError(field, message)],
  });
  const customerId = idArg(args.customerId, "Customer");
  const addressId = idArg(args.addressId, "MailingAddress");
  const found = addressId === null ? null : findAddress(ctx, addressId);
  const c = customerId === null ? undefined : ctx.shop.customers.get(customerId);
  if (!found)
    throw new GraphQLError(`Invalid id: ${args.addressId}`, {
      extensions: { code: "RESOURCE_NOT_FOUND" },
    });
  if (!c) return fail(["customerId"], "Customer does not exist");
  if (found.owner !== c) return fail(["addressId"], "Address does not exist");
  const before = c.addresses[found.index]!;
  const result = applyAddressInput(before, args.address);
  if ("error" in result) return fail(result.error.field, result.error.message);
  c.addresses[found.index] = result.address;
  const becameDefault = args.setAsDefault === true && c.defaultAddressIndex !== found.index;
  if (becameDefault) c.defaultAddressIndex = found.index;
  const changed = becameDefault || JSON.stringify(result.address) !== JSON.stringify(before);
  if (changed) {
    c.searchText = undefined;
    ctx.shop.touchCustomer(c);
    emitCustomerUpdate(ctx, c);
  }
  return { address: addressView(result.address), userErrors: [] };
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

    /**
     * customerDelete refuses what deleteRefusal says (customer-changes.ts:
     * orders, subscription contracts, a pending erasure), with a plain
     * UserError (field ["id"], no code), and sends customers/delete.
     * An unknown customer: "Customer can't be found" (the wording apps match,
     * e.g. the migration script cited in customer-changes.ts; unverified here).
     */
    customerDelete: (_s: unknown, args: { input: { id: string } }, ctx: Ctx) => {
      const fail = (message: string) => ({
        deletedCustomerId: null,
        shop: SHOP_MARKER,
        userErrors: [userError(["id"], message)],
      });
      const id = idArg(args.input.id, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c) return fail("Customer can't be found");
      const refusal = deleteRefusal(c);
      if (refusal) return fail(refusal);
      deleteCustomer(ctx.env, ctx.shop, c);
      return { deletedCustomerId: gid("Customer", c.id), shop: SHOP_MARKER, userErrors: [] };
    },

    customerUpdate,
    customerAddressUpdate,

    customerRequestDataErasure: (_s: unknown, args: { customerId: string }, ctx: Ctx) => {
      const id = idArg(args.customerId, "Customer");
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c)
        return {
          customerId: null,
          userErrors: [userError(["customerId"], "Customer does not exist", "DOES_NOT_EXIST")],
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
          userErrors: [userError(["customerId"], "Customer does not exist", "DOES_NOT_EXIST")],
        };
      if (!c.pendingDataErasure) {
        return {
          customerId: null,
          userErrors: [
            userError(
              ["customerId"],
              "Customer's data is not scheduled for erasure",
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
