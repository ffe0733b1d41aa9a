import { userErrorMessage, type UserError } from "../admin-api/errors";
import type { ItemOutcome, ItemRecord, JobKind } from "../jobs/kinds";

export const INVITE_JOB = "invite";

export type InviteParams = { subject?: string; customMessage?: string };
type InviteData = { state?: string; email?: string | null } | null;

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

function emailInput(params: unknown) {
  const { subject, customMessage } = (params ?? {}) as InviteParams;
  return subject || customMessage ? { subject, customMessage } : undefined;
}

function outcomeOf(payload: InvitePayload | null | undefined): ItemOutcome {
  if (!payload) return { status: "failed", reason: "Shopify returned no result" };
  if (payload.userErrors.length)
    return { status: "failed", reason: userErrorMessage(payload.userErrors) };
  return { status: "succeeded" };
}

/**
 * Account invitations (customerSendAccountInviteEmail). Shopify's customer
 * state is the evidence an invitation went out: a customer who was DISABLED
 * or DECLINED when the job read the audience and is INVITED or ENABLED now
 * was invited. For a re-send (already INVITED) there is no such evidence, so
 * an unknown outcome is reported rather than risking a second email.
 */
export const inviteJob: JobKind = {
  async perform(item, { executor, params }) {
    const data = await executor.mutate<{ customerSendAccountInviteEmail: InvitePayload }>(INVITE, {
      customerId: item.target,
      email: emailInput(params),
    });
    return outcomeOf(data.customerSendAccountInviteEmail);
  },

  async reconcile(item: ItemRecord, { executor }) {
    const before = (item.data as InviteData)?.state;
    const { customer } = await executor.query<{ customer: { state: string } | null }>(
      CUSTOMER_STATE,
      {
        id: item.target,
      },
    );
    if (!customer) return { status: "failed", reason: "The customer no longer exists" };
    const invitedNow = customer.state === "INVITED" || customer.state === "ENABLED";
    if (before === "INVITED" || before === "ENABLED") {
      return {
        status: "failed",
        reason: "Shopify did not confirm the invitation; not sent again to avoid a second email",
      };
    }
    return invitedNow ? { status: "succeeded" } : { status: "not_applied" };
  },

  bulk: {
    mutation: INVITE.replace("#graphql", "").trim(),
    variables: (item, params) => ({ customerId: item.target, email: emailInput(params) ?? null }),
    outcome: (data) =>
      outcomeOf(
        (data as { customerSendAccountInviteEmail?: InvitePayload })
          ?.customerSendAccountInviteEmail,
      ),
  },
};
