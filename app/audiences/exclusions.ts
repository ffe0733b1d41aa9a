import { checkEmail } from "../customers/email-check";
import type { Exclusions, SkipReason } from "./spec";

/** A customer as the audience read returns it. */
export type AudienceCustomer = {
  id: string;
  state: string;
  tags: string[];
  email: string | null;
  marketingState: string | null;
};

export type Skip = { reason: SkipReason; detail?: string };

/**
 * Why this customer is left out, or null when they are invited. The first
 * reason that applies is the one reported, so each customer counts once.
 * Account states only mean something on classic customer accounts.
 */
export function skipReason(
  customer: AudienceCustomer,
  exclusions: Exclusions,
  { classicAccounts, invitedRecently }: { classicAccounts: boolean; invitedRecently: boolean },
): Skip | null {
  if (classicAccounts && customer.state === "ENABLED") return { reason: "enabled" };
  if (classicAccounts && exclusions.declined && customer.state === "DECLINED")
    return { reason: "declined" };
  if (!customer.email) return { reason: "no_email" };
  const excluded = exclusions.excludeTag?.toLowerCase();
  if (excluded && customer.tags.some((t) => t.toLowerCase() === excluded))
    return { reason: "excluded_tag" };
  if (exclusions.requireConsent && customer.marketingState !== "SUBSCRIBED")
    return { reason: "no_consent" };
  if (invitedRecently) return { reason: "invited_recently" };
  const check = checkEmail(customer.email);
  if (check.verdict === "invalid") return { reason: "email_invalid" };
  if (check.verdict === "disposable") return { reason: "email_disposable" };
  // Only the suggested domain is kept, not the address: it is not personal data.
  if (check.verdict === "typo")
    return { reason: "email_typo", detail: check.suggestion?.split("@")[1] };
  return null;
}

/** An item's skip code: the reason, with its detail after a colon ("email_typo:gmail.com"). */
export const skipCode = (skip: Skip) =>
  skip.detail ? `${skip.reason}:${skip.detail}` : skip.reason;
