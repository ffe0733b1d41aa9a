import { createHmac } from "node:crypto";
import { AdminApiUnavailableError } from "../admin-api/errors";
import { skipCode, skipReason } from "../audiences/exclusions";
import type { Database } from "../db/db.server";
import { env } from "../env.server";
import type { ItemOutcome, JobKind, KindContext } from "../jobs/kinds";
import { PermanentJobError } from "../jobs/runner.server";
import { MailError, sendMail } from "../mail/mail.server";
import { smtpSettings } from "../mail/settings.server";
import { signLinkToken } from "../mail/tracked-link.server";
import { audienceOf, type InviteParams } from "./invite-job.server";
import { signInMail } from "./messages";

export const SIGN_IN_JOB = "signin";

/** A sign-in campaign's job parameters, beyond an account invitation's. */
export type SignInParams = InviteParams & { shopName: string; accountUrl: string };

const CUSTOMER = `#graphql
  query PatronSignInCustomer($id: ID!) {
    customer(id: $id) {
      id
      locale
      defaultEmailAddress { emailAddress marketingState }
    }
  }`;

type Customer = {
  id: string;
  locale: string | null;
  defaultEmailAddress: { emailAddress: string | null; marketingState: string | null } | null;
};

/** The secret of the tracked links: its own setting, or one derived from the app's secret. */
export function linkSecret() {
  return (
    env.PATRON_LINK_SECRET ??
    createHmac("sha256", env.SHOPIFY_API_SECRET).update("patron:tracked-link").digest("base64url")
  );
}

/** The tracked link of one invitation: recorded, then redirected to the account page. */
export const trackedLink = (shop: string, invitation: string) =>
  `${env.SHOPIFY_APP_URL.replace(/\/$/, "")}/i/${signLinkToken({ shop, invitation }, linkSecret())}`;

/**
 * Claims the invitation before the mail goes out ("sending"): a mail server
 * gives no idempotency, so after a crash a "sending" row is the sign that the
 * mail may have left, and it is not sent again.
 */
async function claim(
  db: Database,
  shop: string,
  params: SignInParams,
  customerId: string,
  locale: string | null,
) {
  const now = new Date();
  const campaignId = params.campaignId!;
  const existing = await db.invitation.findFirst({ where: { shop, campaignId, customerId } });
  // A reminder takes the sent invitation back to "sending" (only one worker can).
  if (existing && params.reminder) {
    const { count } = await db.invitation.updateMany({
      where: { id: existing.id, shop, status: "sent" },
      data: { status: "sending" },
    });
    return { id: existing.id, fresh: count === 1 };
  }
  if (existing) return existing.status === "sending" ? { id: existing.id, fresh: false } : null;
  const created = await db.invitation.create({
    data: { shop, campaignId, customerId, locale, status: "sending", sentAt: now, lastSentAt: now },
  });
  return { id: created.id, fresh: true };
}

function mailFailure(error: MailError): ItemOutcome {
  // The recipient refused for good: this customer's mail, not the campaign.
  if (error.code === "recipient_refused" && error.permanent)
    return { status: "failed", reason: error.message };
  // The server cannot be used at all (login, sender, TLS): no other mail would go either.
  if (error.permanent) throw new PermanentJobError("mail_refused", error.message);
  // A busy or unreachable server: the item is tried again later.
  throw new AdminApiUnavailableError(`The mail server did not take the mail: ${error.message}`);
}

/**
 * A sign-in invitation (new customer accounts, where Shopify's invitation
 * does not exist): a mail through the store's own mail server, with the
 * customer account page behind a tracked link. The email is read from
 * Shopify at the moment of sending and not kept.
 */
export const signInJob: JobKind = {
  // The same checks, but account states mean nothing on new customer accounts.
  audience: audienceOf({ classicAccounts: false }),

  async perform(item, context: KindContext) {
    const { db, shop, executor } = context;
    const params = context.params as SignInParams;
    const settings = await smtpSettings(db, shop);
    if (!settings)
      throw new PermanentJobError("mail_not_configured", "No mail server is set up in Settings");
    const { customer } = await executor.query<{ customer: Customer | null }>(CUSTOMER, {
      id: item.target,
    });
    if (!customer) return { status: "skipped", reason: "not_found" };
    const email = customer.defaultEmailAddress?.emailAddress;
    if (!email) return { status: "skipped", reason: "no_email" };
    // Consent may have changed since the audience was read.
    const skip = params.exclusions
      ? skipReason(
          {
            id: customer.id,
            state: "DISABLED",
            tags: [],
            email,
            marketingState: customer.defaultEmailAddress?.marketingState ?? null,
          },
          { ...params.exclusions, excludeTag: null },
          { classicAccounts: false, invitedRecently: false },
        )
      : null;
    if (skip) return { status: "skipped", reason: skipCode(skip) };

    const claimed = await claim(db, shop, params, item.target, customer.locale);
    if (!claimed) return { status: "succeeded" }; // sent before, by this campaign
    if (!claimed.fresh)
      return { status: "failed", reason: "The mail may have been sent already; not sent again" };
    const mail = signInMail({
      message: params.message!,
      locale: customer.locale,
      shopName: params.shopName,
      link: trackedLink(shop, claimed.id),
    });
    try {
      await sendMail(settings, {
        to: email,
        ...mail,
        bcc: params.message?.bcc,
        ...(params.message?.from ? { replyTo: params.message.from } : {}),
      });
    } catch (error) {
      // Not handed over: the claim goes, so a later try may send it.
      if (params.reminder)
        await db.invitation.updateMany({
          where: { id: claimed.id, shop, status: "sending" },
          data: { status: "sent" },
        });
      else await db.invitation.deleteMany({ where: { id: claimed.id, shop, status: "sending" } });
      if (error instanceof MailError) return mailFailure(error);
      throw error;
    }
    const now = new Date();
    await db.invitation.updateMany({
      where: { id: claimed.id, shop },
      data: params.reminder
        ? { status: "sent", lastSentAt: now, reminders: { increment: 1 } }
        : { status: "sent", sentAt: now, lastSentAt: now },
    });
    return { status: "succeeded" };
  },

  async reconcile(item, { db, shop, params }) {
    const { campaignId } = params as SignInParams;
    const invitation = await db.invitation.findFirst({
      where: { shop, campaignId: campaignId!, customerId: item.target },
    });
    if (!invitation) return { status: "not_applied" };
    if (invitation.status !== "sending") {
      const reminder = (params as SignInParams).reminder;
      const sent = !reminder || (!!item.startedAt && invitation.lastSentAt >= item.startedAt);
      return sent ? { status: "succeeded" } : { status: "not_applied" };
    }
    return {
      status: "failed",
      reason: "The mail server may have taken this mail before the worker stopped; not sent again",
    };
  },
};
