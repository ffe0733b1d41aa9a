import { z } from "zod";
import { recordActivity } from "../audit/activity.server";
import type { ShopApi } from "../admin-api/executor.server";
import { instantCounts } from "../audiences/counts.server";
import { audiencePlan } from "../audiences/plan.server";
import { AudienceSpec } from "../audiences/spec";
import type { Database } from "../db/db.server";
import { cancelJob, createJob, startJob } from "../jobs/jobs.server";
import type { TaskQueue } from "../jobs/queue";
import type { StoreOverview } from "../shop/store-overview.server";
import { scheduleFollowUp } from "./follow-up.server";
import { INVITE_JOB } from "./invite-job.server";
import { CampaignMessage } from "./messages";
import { SIGN_IN_JOB } from "./signin-job.server";

export type CampaignDeps = { db: Database; queue: TaskQueue; executor: ShopApi };

export const NewCampaign = z
  .object({
    name: z.string().trim().min(1, "required").max(120),
    audience: AudienceSpec,
    message: CampaignMessage,
    /** The person confirmed sending to customers who did not consent to email marketing. */
    consentWaived: z.boolean().default(false),
    remindAfterDays: z.number().int().min(1).max(29).nullable().default(null),
    remindMax: z.number().int().min(0).max(3).default(0),
  })
  .refine((c) => c.audience.exclusions.requireConsent || c.consentWaived, {
    message: "Sending without email-marketing consent must be confirmed",
    path: ["consentWaived"],
  });
export type NewCampaign = z.infer<typeof NewCampaign>;

/** The store refuses every invitation (classic accounts turned off): nothing to make. */
export class AccountsDisabledError extends Error {
  constructor() {
    super("Customer accounts are turned off in this store: customers could not sign in");
    this.name = "AccountsDisabledError";
  }
}

/**
 * A campaign as a draft: its audience is read and checked by a held job (the
 * preview and dry run: the same report the send will have), and nothing is
 * sent until sendCampaign. Classic stores get Shopify's account invitation,
 * new customer accounts a sign-in invitation through the store's mail server.
 */
export async function createCampaign(
  { db, queue, executor }: CampaignDeps,
  shop: string,
  input: NewCampaign,
  {
    store,
    staff,
    origin = "app",
    send = false,
  }: {
    store: StoreOverview;
    staff: string | null;
    origin?: string;
    /** Sent as soon as the audience is read, with no preview (an invitation from Shopify admin). */
    send?: boolean;
  },
) {
  if (store.mode === "classicDisabled") throw new AccountsDisabledError();
  const kind = store.mode === "new" ? "sign_in" : "account_invite";
  const plan = await audiencePlan(db, shop, input.audience.source);
  const counts = await instantCounts(executor, input.audience.source, input.audience.exclusions, {
    classicAccounts: kind === "account_invite",
  });
  const campaign = await db.campaign.create({
    data: {
      shop,
      kind,
      name: input.name,
      audience: JSON.stringify(input.audience),
      message: JSON.stringify(input.message),
      consentWaivedBy: input.audience.exclusions.requireConsent ? null : staff,
      consentWaivedAt: input.audience.exclusions.requireConsent ? null : new Date(),
      remindAfterDays: input.remindAfterDays,
      remindMax: input.remindMax,
      instantCounts: counts ? JSON.stringify(counts) : null,
      origin,
      createdBy: staff,
      sentAt: send ? new Date() : null,
    },
  });
  const job = await createJob(
    { db, queue },
    {
      shop,
      kind: kind === "sign_in" ? SIGN_IN_JOB : INVITE_JOB,
      audience: plan,
      hold: !send,
      createdBy: staff ?? undefined,
      // Sign-in mails are paced by the mail server, not by a bulk operation.
      mode: kind === "sign_in" ? "paced" : "auto",
      params: {
        campaignId: campaign.id,
        message: input.message,
        exclusions: input.audience.exclusions,
        shopName: store.name,
        accountUrl: store.accountUrl,
      },
    },
  );
  await db.campaign.update({ where: { id: campaign.id }, data: { jobId: job.id } });
  if (send) await scheduleFollowUp(queue, shop);
  return { ...campaign, jobId: job.id };
}

/** Sends a draft whose audience is read: once (a second click changes nothing). */
export async function sendCampaign(
  deps: CampaignDeps,
  shop: string,
  campaignId: string,
  staff: string | null = null,
) {
  const campaign = await deps.db.campaign.findFirst({ where: { id: campaignId, shop } });
  if (!campaign?.jobId) return false;
  const started = await startJob(deps, shop, campaign.jobId);
  if (started) {
    await deps.db.campaign.updateMany({
      where: { id: campaignId, shop, sentAt: null },
      data: { sentAt: new Date() },
    });
    await scheduleFollowUp(deps.queue, shop);
    const customers = await deps.db.jobItem.count({
      where: { shop, jobId: campaign.jobId, status: "pending" },
    });
    await recordActivity(deps.db, shop, {
      staff,
      action: "campaign.send",
      subject: campaignId,
      jobId: campaign.jobId,
      details: { customers, name: campaign.name, link: `/app/invitations/${campaignId}` },
    });
  }
  return started;
}

export async function cancelCampaign(deps: CampaignDeps, shop: string, campaignId: string) {
  const campaign = await deps.db.campaign.findFirst({ where: { id: campaignId, shop } });
  if (!campaign?.jobId) return false;
  return cancelJob(deps, shop, campaign.jobId);
}

/** A campaign of the shop, with its parsed audience and message; null when none. */
export async function findCampaign(db: Database, shop: string, campaignId: string) {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, shop } });
  if (!campaign) return null;
  return {
    ...campaign,
    audience: AudienceSpec.parse(JSON.parse(campaign.audience)),
    message: CampaignMessage.parse(JSON.parse(campaign.message)),
    instantCounts: campaign.instantCounts ? JSON.parse(campaign.instantCounts) : null,
  };
}

export const CAMPAIGNS_PAGE_SIZE = 20;

/** The shop's campaigns, newest first, with their job's state and acceptance. */
export async function listCampaigns(db: Database, shop: string, page: number) {
  const [rows, total] = await Promise.all([
    db.campaign.findMany({
      where: { shop },
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * CAMPAIGNS_PAGE_SIZE,
      take: CAMPAIGNS_PAGE_SIZE,
      select: {
        id: true,
        name: true,
        kind: true,
        origin: true,
        jobId: true,
        createdAt: true,
        sentAt: true,
      },
    }),
    db.campaign.count({ where: { shop } }),
  ]);
  const ids = rows.map((r) => r.id);
  const [jobs, invitations] = await Promise.all([
    db.job.findMany({
      where: { shop, id: { in: rows.flatMap((r) => (r.jobId ? [r.jobId] : [])) } },
      select: { id: true, status: true, total: true },
    }),
    db.invitation.groupBy({
      by: ["campaignId", "status"],
      where: { shop, campaignId: { in: ids }, status: { not: "sending" } },
      _count: { _all: true },
    }),
  ]);
  const jobOf = new Map(jobs.map((j) => [j.id, j]));
  return {
    total,
    pages: Math.max(1, Math.ceil(total / CAMPAIGNS_PAGE_SIZE)),
    campaigns: rows.map((row) => {
      const counts = invitations.filter((g) => g.campaignId === row.id);
      const invited = counts.reduce((sum, g) => sum + g._count._all, 0);
      const accepted = counts.find((g) => g.status === "accepted")?._count._all ?? 0;
      const job = row.jobId ? jobOf.get(row.jobId) : undefined;
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        origin: row.origin,
        jobStatus: job?.status ?? null,
        total: job?.total ?? 0,
        sent: row.sentAt !== null,
        invited,
        accepted,
        createdAt: row.createdAt.toISOString(),
      };
    }),
  };
}
