import type { ShopApi } from "../admin-api/executor.server";
import { recordActivity } from "../audit/activity.server";
import type { Database } from "../db/db.server";
import type { TaskQueue } from "../jobs/queue";
import {
  createAutomation,
  deleteAutomation,
  setAutomationState,
  updateAutomation,
  type AutomationInput,
} from "./automations.server";
import { resumeAutomation, scheduleDiscountCheck } from "./suspend.server";

// What the offers pages do, each in one call: the change, the hourly
// discount check while an automation runs, and the activity log.

export type ManageDeps = { db: Database; executor: ShopApi; queue: TaskQueue };

export async function newAutomation(
  { db, executor, queue }: ManageDeps,
  shop: string,
  input: AutomationInput,
  context: { currencyCode: string; staff: string | null },
) {
  const automation = await createAutomation(db, executor, shop, input, context);
  if (automation.status === "active") await scheduleDiscountCheck(queue, shop);
  await recordActivity(db, shop, {
    staff: context.staff,
    action: "offers.create",
    subject: automation.name,
    details: { link: `/app/offers/${automation.id}` },
  });
  return automation;
}

export async function editAutomation(
  db: Database,
  shop: string,
  id: string,
  input: AutomationInput,
  staff: string | null,
) {
  const automation = await updateAutomation(db, shop, id, input);
  if (automation)
    await recordActivity(db, shop, {
      staff,
      action: "offers.update",
      subject: automation.name,
      details: { link: `/app/offers/${id}` },
    });
  return automation;
}

export type Move = "activate" | "pause" | "resume" | "delete";

/** Activate, pause, resume (once its discount is fine again) or delete. */
export async function moveAutomation(
  { db, executor, queue }: ManageDeps,
  shop: string,
  id: string,
  move: Move,
  staff: string | null,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const automation = await db.offerAutomation.findFirst({ where: { id, shop } });
  if (!automation) return { ok: false, reason: "not_found" };
  let outcome: { ok: true } | { ok: false; reason: string };
  if (move === "delete")
    outcome = (await deleteAutomation(db, shop, id)) ? { ok: true } : { ok: false, reason: "gone" };
  else if (move === "resume") outcome = await resumeAutomation(db, executor, queue, shop, id);
  else
    outcome = (await setAutomationState(db, shop, id, move))
      ? { ok: true }
      : { ok: false, reason: "state" };
  if (!outcome.ok) return outcome;
  if (move === "activate") await scheduleDiscountCheck(queue, shop);
  await recordActivity(db, shop, {
    staff,
    action: `offers.${move}`,
    subject: automation.name,
    details: move === "delete" ? {} : { link: `/app/offers/${id}` },
  });
  return outcome;
}
