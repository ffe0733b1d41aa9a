import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { createJob } from "../jobs/jobs.server";
import type { TaskQueue } from "../jobs/queue";
import { storeOverviewVia } from "../shop/store-overview.server";
import { scheduleFollowUp } from "./follow-up.server";
import { INVITE_JOB } from "./invite-job.server";
import { SIGN_IN_JOB } from "./signin-job.server";
import { invitationSettings } from "./settings.server";
import { templatesMessage } from "./templates.server";

const ORDERS = `#graphql
  query PatronFirstOrder($id: ID!) {
    customer(id: $id) { id numberOfOrders }
  }`;

type Deps = { db: Database; queue: TaskQueue; executor: ShopApi };

/** The shop's campaign of invitations after a first order: one per account kind, made on first use. */
async function firstOrderCampaign(db: Database, shop: string, kind: "account_invite" | "sign_in") {
  const existing = await db.campaign.findFirst({ where: { shop, origin: "first_order", kind } });
  if (existing) return existing;
  return db.campaign.create({
    data: {
      shop,
      kind,
      origin: "first_order",
      name: "After a first order",
      audience: JSON.stringify({ source: { type: "manual", customerIds: [] }, exclusions: {} }),
      message: JSON.stringify(await templatesMessage(db, shop, kind)),
      sentAt: new Date(),
    },
  });
}

/**
 * orders/create: with automatic invitations on, a customer's first order
 * brings them an invitation (the same checks as a campaign: consent, an
 * account already, an email), at most once per customer.
 */
export async function inviteAfterFirstOrder(deps: Deps, shop: string, customerId: string) {
  const { db, queue, executor } = deps;
  if (!(await invitationSettings(db, shop)).autoInvite) return null;
  const store = await storeOverviewVia(executor);
  if (store.mode === "classicDisabled") return null;
  const kind = store.mode === "new" ? "sign_in" : "account_invite";
  const campaign = await firstOrderCampaign(db, shop, kind);
  const already = await db.invitation.count({
    where: { shop, campaignId: campaign.id, customerId },
  });
  if (already) return null;
  const { customer } = await executor.query<{ customer: { numberOfOrders: string } | null }>(
    ORDERS,
    { id: customerId },
  );
  if (!customer || Number(customer.numberOfOrders) !== 1) return null;
  const job = await createJob(
    { db, queue },
    {
      shop,
      kind: kind === "sign_in" ? SIGN_IN_JOB : INVITE_JOB,
      audience: { ids: [customerId] },
      mode: "paced",
      params: {
        campaignId: campaign.id,
        message: await templatesMessage(db, shop, kind),
        exclusions: { declined: true, recentDays: null, requireConsent: true, excludeTag: null },
        shopName: store.name,
        accountUrl: store.accountUrl,
      },
    },
  );
  await scheduleFollowUp(queue, shop);
  return job;
}
