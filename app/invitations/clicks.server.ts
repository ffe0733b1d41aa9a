import type { Database } from "../db/db.server";

/**
 * A click on a sign-in invitation's link: counted on the invitation, and the
 * customer account page it leads to. Null when the invitation is gone
 * (erased, or its shop uninstalled the app).
 */
export async function recordClick(
  db: Database,
  shop: string,
  invitationId: string,
  at = new Date(),
) {
  const invitation = await db.invitation.findFirst({
    where: { id: invitationId, shop },
    select: { id: true, campaignId: true, firstClickAt: true },
  });
  if (!invitation) return null;
  await db.invitation.updateMany({
    where: { id: invitation.id, shop },
    data: { clicks: { increment: 1 }, ...(invitation.firstClickAt ? {} : { firstClickAt: at }) },
  });
  const campaign = await db.campaign.findFirst({
    where: { id: invitation.campaignId, shop },
    select: { jobId: true },
  });
  const job = campaign?.jobId
    ? await db.job.findFirst({ where: { id: campaign.jobId, shop }, select: { params: true } })
    : null;
  const { accountUrl } = job ? (JSON.parse(job.params) as { accountUrl?: string | null }) : {};
  return accountUrl ?? `https://${shop}/account`;
}
