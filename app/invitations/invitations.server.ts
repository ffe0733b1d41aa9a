import type { Database } from "../db/db.server";

/** Shopify's invitation link, like its account activation URL, is valid 30 days. */
export const INVITATION_VALID_DAYS = 30;
const DAY = 86_400_000;

export const expiredBefore = (now = Date.now()) => new Date(now - INVITATION_VALID_DAYS * DAY);

/** An invitation went out (first send of this campaign to this customer). */
export async function recordSent(
  db: Database,
  shop: string,
  campaignId: string,
  customerId: string,
  { locale = null, at = new Date() }: { locale?: string | null; at?: Date } = {},
) {
  await db.invitation.upsert({
    where: { campaignId_customerId: { campaignId, customerId } },
    create: { shop, campaignId, customerId, locale, status: "sent", sentAt: at, lastSentAt: at },
    update: {},
  });
}

/**
 * Invitations a campaign's job sent that have no row yet (a bulk operation's
 * results, or a crash between Shopify's answer and the row): added from the
 * job's items, sent at the moment each item finished. Idempotent.
 */
export async function syncInvitations(db: Database, shop: string, campaignId: string) {
  const campaign = await db.campaign.findFirst({
    where: { id: campaignId, shop },
    select: { jobId: true },
  });
  if (!campaign?.jobId) return 0;
  const [items, rows] = await Promise.all([
    db.jobItem.count({ where: { jobId: campaign.jobId, shop, status: "succeeded" } }),
    db.invitation.count({ where: { campaignId, shop } }),
  ]);
  if (items <= rows) return 0;
  let added = 0;
  for (let after = -1; ;) {
    const page = await db.jobItem.findMany({
      where: { jobId: campaign.jobId, shop, status: "succeeded", seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 500,
      select: { seq: true, target: true, data: true, finishedAt: true },
    });
    if (!page.length) return added;
    const known = new Set(
      (
        await db.invitation.findMany({
          where: { campaignId, shop, customerId: { in: page.map((i) => i.target) } },
          select: { customerId: true },
        })
      ).map((r) => r.customerId),
    );
    for (const item of page) {
      if (known.has(item.target)) continue;
      const data = item.data ? (JSON.parse(item.data) as { locale?: string | null }) : null;
      await recordSent(db, shop, campaignId, item.target, {
        locale: data?.locale ?? null,
        at: item.finishedAt ?? new Date(),
      });
      added++;
    }
    after = page[page.length - 1]!.seq;
  }
}

/**
 * A customer has an account now (customers/enable, customers/update, or the
 * reconciliation): their open invitations are accepted, at that time.
 */
export async function markAccepted(db: Database, shop: string, customerId: string, at: Date) {
  const { count } = await db.invitation.updateMany({
    where: { shop, customerId, status: { in: ["sent", "sending"] }, sentAt: { lte: at } },
    data: { status: "accepted", acceptedAt: at },
  });
  return count;
}

/** Customers Patron invited since `since`, among these (the "invited recently" exclusion). */
export async function invitedSince(db: Database, shop: string, customerIds: string[], since: Date) {
  if (!customerIds.length) return new Set<string>();
  const rows = await db.invitation.findMany({
    where: { shop, customerId: { in: customerIds }, lastSentAt: { gte: since } },
    select: { customerId: true },
  });
  return new Set(rows.map((r) => r.customerId));
}
