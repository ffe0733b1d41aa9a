import { createHmac } from "node:crypto";
import { userErrorMessage, type UserError } from "../admin-api/errors";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { env } from "../env.server";
import type { ItemOutcome, JobKind, KindContext } from "../jobs/kinds";
import {
  createDiscount,
  DiscountError,
  discountIdByCode,
  discountState,
  type DiscountKind,
} from "./discounts.server";
import { suspendAutomation, suspendReasonOf } from "./suspend.server";
import { OFFER_KEY, OFFER_NAMESPACE } from "./constants";
import { recordOfferEvent } from "./events.server";

export const OFFER_ISSUE_JOB = "offer_issue";

/** One order's facts, as orders/create said them; each item is one automation. */
export type IssueParams = {
  orderId: string;
  customerId: string | null;
  /** Line items' subtotal, a decimal string in the shop's currency. */
  subtotal: string;
};

const NUMBER_OF_ORDERS = `#graphql
  query PatronOfferCustomer($id: ID!) {
    customer(id: $id) { id numberOfOrders }
  }`;

const WRITE = `#graphql
  mutation PatronOfferMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { userErrors { field message code } }
  }`;

/**
 * A unique code that is the same for the same automation and order: a
 * retry after a crash finds the discount it made instead of making another.
 */
export function uniqueCode(prefix: string, automationId: string, orderId: string) {
  const digest = createHmac("sha256", env.SHOPIFY_API_SECRET)
    .update(`${automationId}|${orderId}`)
    .digest("base64url")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 10);
  return `${prefix}-${digest}`;
}

/** "Thank you, 15 %!" → "THANKYOU15": a prefix from the automation's name. */
export function codePrefix(name: string) {
  const letters = name
    .normalize("NFD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 12);
  return letters || "THANKS";
}

type Decision = { skip: string } | { ok: true };

/** Whether this order earns this automation's offer (before anything is made). */
async function decide(
  db: Database,
  executor: ShopApi,
  shop: string,
  automation: NonNullable<Awaited<ReturnType<Database["offerAutomation"]["findFirst"]>>>,
  params: IssueParams,
): Promise<Decision> {
  if (automation.status !== "active") return { skip: "not_active" };
  if (!params.customerId) return { skip: "guest" };
  if (
    automation.qualifies === "over_amount" &&
    Number(params.subtotal) < Number(automation.qualifyAmount)
  )
    return { skip: "under_amount" };
  const held = await db.issuedOffer.findMany({
    where: {
      shop,
      automationId: automation.id,
      customerId: params.customerId,
      status: "issued",
      orderId: { not: params.orderId },
    },
    select: { usedAt: true, endsAt: true },
  });
  // An unused, still valid offer: the customer gets no second one meanwhile.
  if (held.some((o) => !o.usedAt && o.endsAt > new Date())) return { skip: "holds_offer" };
  if (automation.oncePerCustomer && held.length) return { skip: "already_given" };
  if (automation.qualifies === "first_order") {
    const { customer } = await executor.query<{ customer: { numberOfOrders: string } | null }>(
      NUMBER_OF_ORDERS,
      { id: params.customerId },
    );
    if (!customer) return { skip: "not_found" };
    if (Number(customer.numberOfOrders) > 1) return { skip: "not_first_order" };
  }
  // A shared code deleted, ended or changed before its webhook reached the
  // app: no dead code is given, and the automation stops now.
  if (automation.codeMode === "shared" && automation.discountId) {
    const reason = suspendReasonOf(await discountState(executor, automation.discountId));
    if (reason) {
      await suspendAutomation(db, shop, automation.id, reason);
      return { skip: reason };
    }
  }
  return { ok: true };
}

async function writeMetafields(
  executor: ShopApi,
  offer: {
    orderId: string;
    customerId: string;
    value: Record<string, unknown>;
  },
) {
  const value = JSON.stringify(offer.value);
  const data = await executor.mutate<{ metafieldsSet: { userErrors: UserError[] } | null }>(WRITE, {
    metafields: [offer.orderId, offer.customerId].map((ownerId) => ({
      ownerId,
      namespace: OFFER_NAMESPACE,
      key: OFFER_KEY,
      type: "json",
      value,
    })),
  });
  const errors = data.metafieldsSet?.userErrors ?? [];
  if (errors.length) throw new DiscountError(userErrorMessage(errors), []);
}

/**
 * Issues one automation's offer for one order: claimed first (one row per
 * automation and order), the discount made with a code derived from both,
 * then the code written on the order and the customer.
 */
async function issue(item: { target: string }, context: KindContext): Promise<ItemOutcome> {
  const { db, shop, executor } = context;
  const params = context.params as IssueParams;
  const automation = await db.offerAutomation.findFirst({ where: { id: item.target, shop } });
  if (!automation) return { status: "skipped", reason: "not_found" };
  const existing = await db.issuedOffer.findUnique({
    where: { automationId_orderId: { automationId: automation.id, orderId: params.orderId } },
  });
  if (existing?.status === "issued") return { status: "succeeded" };
  if (!existing) {
    const decision = await decide(db, executor, shop, automation, params);
    if ("skip" in decision) return { status: "skipped", reason: decision.skip };
  }
  const endsAt = existing?.endsAt ?? new Date(Date.now() + automation.validityDays * 86_400_000);
  const code =
    automation.codeMode === "shared"
      ? automation.code!
      : uniqueCode(codePrefix(automation.name), automation.id, params.orderId);
  const offer =
    existing ??
    (await db.issuedOffer.create({
      data: {
        shop,
        automationId: automation.id,
        orderId: params.orderId,
        customerId: params.customerId,
        code,
        discountKind: automation.discountKind,
        value: automation.value,
        currencyCode: automation.currencyCode,
        minimumSubtotal: automation.minimumSubtotal,
        endsAt,
      },
    }));
  let discountId = automation.codeMode === "shared" ? automation.discountId : offer.discountId;
  if (!discountId) {
    discountId = await discountIdByCode(executor, code);
    let refusal = "";
    if (!discountId) {
      try {
        discountId = await createDiscount(executor, {
          kind: offer.discountKind as DiscountKind,
          value: offer.value,
          code,
          title: `${automation.name} · ${params.orderId.split("/").pop()}`,
          customerId: params.customerId,
          startsAt: new Date(),
          endsAt: offer.endsAt,
          minimumSubtotal: offer.minimumSubtotal,
          usageLimit: 1,
        });
      } catch (error) {
        if (!(error instanceof DiscountError)) throw error;
        // Made meanwhile by another run for the same order: that discount is this offer's.
        refusal = error.message;
        discountId = error.codes.includes("TAKEN") ? await discountIdByCode(executor, code) : null;
      }
      if (!discountId) {
        await db.issuedOffer.updateMany({
          where: { id: offer.id, shop },
          data: { status: "failed", error: refusal.slice(0, 500) },
        });
        return { status: "failed", reason: refusal };
      }
    }
  }
  await writeMetafields(executor, {
    orderId: params.orderId,
    customerId: params.customerId!,
    value: {
      code,
      kind: offer.discountKind,
      value: offer.value,
      currency: offer.currencyCode,
      minimum: offer.minimumSubtotal,
      ends_at: offer.endsAt.toISOString(),
    },
  });
  await db.issuedOffer.updateMany({
    where: { id: offer.id, shop },
    data: { status: "issued", code, discountId, error: null },
  });
  await recordOfferEvent(db, shop, {
    automationId: automation.id,
    offerId: offer.id,
    kind: "issued",
    orderId: params.orderId,
    sourceId: params.orderId,
    customerId: params.customerId,
    amountMinor: 0,
    currencyCode: offer.currencyCode,
  });
  return { status: "succeeded" };
}

export const issueJob: JobKind = {
  perform: issue,
  // Reading only: an offer row says whether it went through; an unfinished
  // one is done again, and its code finds the discount it may have made.
  async reconcile(item, context) {
    const params = context.params as IssueParams;
    const offer = await context.db.issuedOffer.findUnique({
      where: { automationId_orderId: { automationId: item.target, orderId: params.orderId } },
    });
    return offer?.status === "issued" ? { status: "succeeded" } : { status: "not_applied" };
  },
};
