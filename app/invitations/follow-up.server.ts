import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { ACTIVE_STATUSES, createJob } from "../jobs/jobs.server";
import type { TaskQueue, TaskResult } from "../jobs/queue";
import { reconcileAcceptance } from "./acceptance.server";
import { INVITE_JOB } from "./invite-job.server";
import { syncInvitations } from "./invitations.server";
import { SIGN_IN_JOB } from "./signin-job.server";

export const FOLLOW_UP_TASK = "invitations.follow-up";
const EVERY_MS = 60 * 60 * 1000;
const DAY = 86_400_000;
// A reminder job at a time per campaign, of at most this many customers.
const REMINDER_BATCH = 5_000;

/** Follow-up of a shop's invitations, hourly while any is open (enqueued again by each send). */
export async function scheduleFollowUp(queue: TaskQueue, shop: string, delayMs = EVERY_MS) {
  await queue.enqueue({
    name: FOLLOW_UP_TASK,
    shop,
    payload: null,
    dedupeKey: FOLLOW_UP_TASK,
    runAt: new Date(Date.now() + delayMs),
  });
}

type Deps = { db: Database; queue: TaskQueue; executor: ShopApi };

/**
 * Re-sends a campaign's invitations to those who have not accepted: the
 * audience is read again (so a customer with an account now, or without
 * consent, is skipped) and each is sent once more. Returns the job, or null
 * when nobody is due or a re-send is already under way.
 */
export async function remind(
  { db, queue }: Deps,
  shop: string,
  campaignId: string,
  {
    olderThan = new Date(),
    maxReminders = Number.POSITIVE_INFINITY,
    staff = null as string | null,
  } = {},
) {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, shop } });
  if (!campaign?.jobId) return null;
  const running = await db.job.count({
    where: {
      shop,
      status: { in: [...ACTIVE_STATUSES, "paused"] },
      AND: [
        { params: { contains: `"campaignId":"${campaignId}"` } },
        { params: { contains: '"reminder":true' } },
      ],
    },
  });
  if (running) return null;
  await syncInvitations(db, shop, campaignId);
  const due = await db.invitation.findMany({
    where: {
      shop,
      campaignId,
      status: "sent",
      lastSentAt: { lt: olderThan },
      reminders: { lt: Math.min(maxReminders, 1000) },
    },
    orderBy: { lastSentAt: "asc" },
    take: REMINDER_BATCH,
    select: { customerId: true },
  });
  if (!due.length) return null;
  const main = await db.job.findFirst({ where: { id: campaign.jobId, shop } });
  const params = JSON.parse(main!.params) as { exclusions?: { requireConsent: boolean } };
  return createJob(
    { db, queue },
    {
      shop,
      kind: campaign.kind === "sign_in" ? SIGN_IN_JOB : INVITE_JOB,
      audience: { ids: due.map((d) => d.customerId) },
      mode: "paced",
      createdBy: staff ?? undefined,
      params: {
        ...params,
        audience: undefined,
        hold: false,
        reminder: true,
        // Reminders skip those with an account and, as the campaign did, those without consent.
        exclusions: {
          declined: true,
          recentDays: null,
          requireConsent: params.exclusions?.requireConsent ?? true,
          excludeTag: null,
        },
      },
    },
  );
}

/**
 * The hourly follow-up of a shop: campaigns' invitations brought up to date,
 * acceptance reconciled with Shopify (deliveries get lost), automatic
 * reminders sent when due. Continues while invitations are open.
 */
export async function followUp(deps: Deps, shop: string): Promise<TaskResult> {
  const { db, executor } = deps;
  const campaigns = await db.campaign.findMany({
    where: { shop, sentAt: { gte: new Date(Date.now() - 90 * DAY) } },
    select: { id: true, remindAfterDays: true, remindMax: true },
  });
  for (const campaign of campaigns) await syncInvitations(db, shop, campaign.id);
  await reconcileAcceptance(executor, db, shop);
  for (const campaign of campaigns) {
    if (!campaign.remindAfterDays || campaign.remindMax < 1) continue;
    await remind(deps, shop, campaign.id, {
      olderThan: new Date(Date.now() - campaign.remindAfterDays * DAY),
      maxReminders: campaign.remindMax,
    });
  }
  const open = await db.invitation.count({ where: { shop, status: "sent" } });
  return open ? { retryAt: new Date(Date.now() + EVERY_MS) } : undefined;
}
