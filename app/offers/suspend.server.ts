import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { sendNotice } from "../mail/notices.server";
import type { TaskQueue } from "../jobs/queue";
import { discountState, USABLE_TYPES } from "./discounts.server";

export type SuspendReason = "discount_deleted" | "discount_unsupported" | "discount_expired";

export const CHECK_DISCOUNTS_TASK = "offers.check-discounts";
// Shopify sends no webhook when a discount reaches its end date: it is looked at on a schedule.
const CHECK_EVERY_MS = 60 * 60 * 1000;

export async function scheduleDiscountCheck(
  queue: TaskQueue,
  shop: string,
  delayMs = CHECK_EVERY_MS,
) {
  await queue.enqueue({
    name: CHECK_DISCOUNTS_TASK,
    shop,
    payload: null,
    dedupeKey: CHECK_DISCOUNTS_TASK,
    runAt: new Date(Date.now() + delayMs),
  });
}

/**
 * Stops an automation that can no longer give its offer, and tells the
 * merchant: the app's banner always, a mail when a notice address and a mail
 * server are set. The Shop channel's offer stops silently; this one does not.
 */
export async function suspendAutomation(
  db: Database,
  shop: string,
  automationId: string,
  reason: SuspendReason,
) {
  const { count } = await db.offerAutomation.updateMany({
    where: { id: automationId, shop, status: { in: ["active", "paused", "draft"] } },
    data: { status: "suspended", suspendedReason: reason, suspendedAt: new Date() },
  });
  if (!count) return false;
  const automation = await db.offerAutomation.findFirst({ where: { id: automationId, shop } });
  await sendNotice(db, shop, (t) => ({
    subject: t("offers.notice.subject", { name: automation?.name ?? "" }),
    text: [
      t(`offers.suspended.${reason}`, { name: automation?.name ?? "" }),
      t("offers.notice.body"),
    ].join("\n\n"),
  }));
  return true;
}

/** What a discount's state means for an automation using it; null when it can go on. */
export function suspendReasonOf(
  state: Awaited<ReturnType<typeof discountState>>,
  now = new Date(),
): SuspendReason | null {
  if (!state) return "discount_deleted";
  if (!USABLE_TYPES.includes(state.type)) return "discount_unsupported";
  if (state.status === "EXPIRED" || (state.endsAt && new Date(state.endsAt) <= now))
    return "discount_expired";
  return null;
}

/**
 * Looks at the shared discount of every running automation of the shop
 * (a webhook may have been missed; an end date sends none) and suspends
 * those whose discount is gone, expired or of a type they cannot give.
 */
export async function checkDiscounts(db: Database, executor: ShopApi, shop: string) {
  const automations = await db.offerAutomation.findMany({
    where: { shop, status: { in: ["active", "paused"] }, discountId: { not: null } },
  });
  let suspended = 0;
  for (const automation of automations) {
    const reason = suspendReasonOf(await discountState(executor, automation.discountId!));
    if (reason && (await suspendAutomation(db, shop, automation.id, reason))) suspended++;
  }
  return { checked: automations.length, suspended };
}

/** discounts/update and discounts/delete: the automations on that discount are looked at now. */
export async function discountChanged(
  db: Database,
  executor: ShopApi,
  shop: string,
  discountId: string,
  deleted: boolean,
) {
  // A deleted discount takes its codes with it: the offers on it can no longer be used.
  if (deleted)
    await db.issuedOffer.updateMany({
      where: { shop, discountId, status: "issued" },
      data: { status: "revoked" },
    });
  const automations = await db.offerAutomation.findMany({
    where: { shop, discountId, status: { in: ["active", "paused", "draft"] } },
  });
  if (!automations.length) return;
  const reason = deleted
    ? "discount_deleted"
    : suspendReasonOf(await discountState(executor, discountId));
  if (!reason) return;
  for (const automation of automations) await suspendAutomation(db, shop, automation.id, reason);
}

/**
 * Resumes a suspended automation once its discount can be given again;
 * otherwise says why not and leaves it suspended.
 */
export async function resumeAutomation(
  db: Database,
  executor: ShopApi,
  queue: TaskQueue,
  shop: string,
  id: string,
): Promise<{ ok: true } | { ok: false; reason: SuspendReason | "not_suspended" }> {
  const automation = await db.offerAutomation.findFirst({ where: { id, shop } });
  if (automation?.status !== "suspended") return { ok: false, reason: "not_suspended" };
  if (automation.discountId) {
    const reason = suspendReasonOf(await discountState(executor, automation.discountId));
    if (reason) {
      await db.offerAutomation.updateMany({
        where: { id, shop },
        data: { suspendedReason: reason },
      });
      return { ok: false, reason };
    }
  }
  const { count } = await db.offerAutomation.updateMany({
    where: { id, shop, status: "suspended" },
    data: { status: "active", suspendedReason: null, suspendedAt: null },
  });
  if (!count) return { ok: false, reason: "not_suspended" };
  await scheduleDiscountCheck(queue, shop);
  return { ok: true };
}
