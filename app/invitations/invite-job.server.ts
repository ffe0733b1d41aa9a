import { userErrorMessage, type UserError } from "../admin-api/errors";
import { skipCode, skipReason } from "../audiences/exclusions";
import type { Exclusions } from "../audiences/spec";
import type { AudienceHooks, ItemOutcome, ItemRecord, JobKind, KindContext } from "../jobs/kinds";
import { JobWaitError } from "../jobs/runner.server";
import { invitedSince, recordSent } from "./invitations.server";
import { messageFor, type CampaignMessage } from "./messages";

export const INVITE_JOB = "invite";

/** A campaign's job: what the kind reads back from the job's parameters. */
export type InviteParams = {
  campaignId?: string;
  message?: CampaignMessage;
  /** The campaign's exclusions, checked as the audience is read. */
  exclusions?: Exclusions;
  /** A reminder: the customers were invited before, by this campaign. */
  reminder?: boolean;
  // Older jobs: one subject and message for everyone.
  subject?: string;
  customMessage?: string;
};
type InviteData = { state?: string; locale?: string | null } | null;

const INVITE = `#graphql
  mutation PatronInvite($customerId: ID!, $email: EmailInput) {
    customerSendAccountInviteEmail(customerId: $customerId, email: $email) {
      customer { id state }
      userErrors { field message code }
    }
  }`;

const CUSTOMER_STATE = `#graphql
  query PatronInviteState($id: ID!) {
    customer(id: $id) { id state }
  }`;

type InvitePayload = { customer: { id: string; state: string } | null; userErrors: UserError[] };

const paramsOf = (params: unknown) => (params ?? {}) as InviteParams;

/**
 * The EmailInput of one customer's invitation: the campaign's words in their
 * language; nothing at all means Shopify's default invitation template.
 */
function emailInput(params: InviteParams, item: ItemRecord) {
  const locale = (item.data as InviteData)?.locale;
  const own = params.message
    ? messageFor(params.message, locale)
    : { subject: params.subject ?? "", body: params.customMessage ?? "" };
  const input: Record<string, unknown> = {};
  if (own.subject) input.subject = own.subject;
  if (own.body) input.customMessage = own.body;
  if (params.message?.from) input.from = params.message.from;
  if (params.message?.bcc.length) input.bcc = params.message.bcc;
  return Object.keys(input).length ? input : undefined;
}

// Some stores get a cap on invitation emails a day; Shopify says so in a userError.
const LIMIT = /limit/i;
const LIMIT_WAIT_MS = 60 * 60 * 1000;

function outcomeOf(payload: InvitePayload | null | undefined): ItemOutcome {
  if (!payload) return { status: "failed", reason: "Shopify returned no result" };
  if (payload.userErrors.length)
    return { status: "failed", reason: userErrorMessage(payload.userErrors) };
  return { status: "succeeded" };
}

async function recorded(item: ItemRecord, { db, shop, params }: KindContext) {
  const { campaignId, reminder } = paramsOf(params);
  if (!campaignId) return;
  const locale = (item.data as InviteData)?.locale ?? null;
  if (!reminder) return recordSent(db, shop, campaignId, item.target, { locale });
  await db.invitation.updateMany({
    where: { shop, campaignId, customerId: item.target },
    data: { lastSentAt: new Date(), reminders: { increment: 1 } },
  });
}

const CUSTOMER_FIELDS = "id state locale tags defaultEmailAddress { emailAddress marketingState }";

type AudienceNode = {
  id: string;
  state: string;
  locale?: string | null;
  tags?: string[];
  defaultEmailAddress?: { emailAddress: string | null; marketingState: string | null } | null;
};

/**
 * A campaign's audience is checked as it is read: each customer is invited,
 * or skipped with the reason (has an account, no consent, a typo in their
 * email…). Only the state (for reconciliation) and the language (for the
 * message) are kept: no email or name.
 */
export const inviteAudience: AudienceHooks = audienceOf({ classicAccounts: true });

/**
 * The audience checks of a kind. Account states (has an account, declined)
 * only mean something on classic customer accounts; the other checks apply
 * to every customer whatever their state.
 */
export function audienceOf({ classicAccounts }: { classicAccounts: boolean }): AudienceHooks {
  return {
    fields: CUSTOMER_FIELDS,
    classify: (nodes, context) => classify(nodes, context, classicAccounts),
  };
}

async function classify(
  nodes: Parameters<AudienceHooks["classify"]>[0],
  context: Parameters<AudienceHooks["classify"]>[1],
  classicAccounts: boolean,
) {
  const { exclusions } = paramsOf(context.params);
  const customers = nodes as unknown as AudienceNode[];
  const recent = exclusions?.recentDays
    ? await invitedSince(
        context.db,
        context.shop,
        customers.map((c) => c.id),
        new Date(Date.now() - exclusions.recentDays * 86_400_000),
      )
    : new Set<string>();
  return customers.map((c) => {
    const data = { state: c.state, locale: c.locale ?? null };
    if (!exclusions) return { target: c.id, data };
    const skip = skipReason(
      {
        id: c.id,
        state: c.state,
        tags: c.tags ?? [],
        email: c.defaultEmailAddress?.emailAddress ?? null,
        marketingState: c.defaultEmailAddress?.marketingState ?? null,
      },
      exclusions,
      { classicAccounts, invitedRecently: recent.has(c.id) },
    );
    return { target: c.id, data, skip: skip ? skipCode(skip) : undefined };
  });
}

/**
 * Shopify's account invitation (customerSendAccountInviteEmail), classic
 * customer accounts only. Shopify's customer state is the evidence an
 * invitation went out: a customer who was DISABLED or DECLINED when the job
 * read the audience and is INVITED or ENABLED now was invited. For a re-send
 * (already INVITED) the evidence is the invitation's own record; without it,
 * an unknown outcome is reported rather than risking a second email.
 */
export const inviteJob: JobKind = {
  audience: inviteAudience,

  async perform(item, context) {
    const params = paramsOf(context.params);
    const data = await context.executor.mutate<{ customerSendAccountInviteEmail: InvitePayload }>(
      INVITE,
      { customerId: item.target, email: emailInput(params, item) },
    );
    const outcome = outcomeOf(data.customerSendAccountInviteEmail);
    // A limit is learned from the answer, not assumed: the job waits instead of failing everyone left.
    if (outcome.status === "failed" && LIMIT.test(outcome.reason))
      throw new JobWaitError("wait_invite_limit", outcome.reason, LIMIT_WAIT_MS);
    if (outcome.status === "succeeded") await recorded(item, context);
    return outcome;
  },

  async reconcile(item: ItemRecord, context) {
    const { executor, db, shop } = context;
    const params = paramsOf(context.params);
    const before = (item.data as InviteData)?.state;
    if (params.reminder && params.campaignId) {
      const invitation = await db.invitation.findFirst({
        where: { shop, campaignId: params.campaignId, customerId: item.target },
        select: { lastSentAt: true },
      });
      if (invitation && item.startedAt && invitation.lastSentAt >= item.startedAt)
        return { status: "succeeded" };
    }
    const { customer } = await executor.query<{ customer: { state: string } | null }>(
      CUSTOMER_STATE,
      { id: item.target },
    );
    if (!customer) return { status: "failed", reason: "The customer no longer exists" };
    const invitedNow = customer.state === "INVITED" || customer.state === "ENABLED";
    if (before === "INVITED" || before === "ENABLED") {
      return {
        status: "failed",
        reason: "Shopify did not confirm the invitation; not sent again to avoid a second email",
      };
    }
    if (!invitedNow) return { status: "not_applied" };
    await recorded(item, context);
    return { status: "succeeded" };
  },

  bulk: {
    mutation: INVITE.replace("#graphql", "").trim(),
    variables: (item, params) => ({
      customerId: item.target,
      email: emailInput(paramsOf(params), item) ?? null,
    }),
    outcome: (data) =>
      outcomeOf(
        (data as { customerSendAccountInviteEmail?: InvitePayload })
          ?.customerSendAccountInviteEmail,
      ),
  },
};
