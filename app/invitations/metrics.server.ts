import type { Database } from "../db/db.server";
import { expiredBefore } from "./invitations.server";

const DAY = 86_400_000;

export type InvitationFigures = {
  invited: number;
  accepted: number;
  /** accepted / invited, 0–1; null before anyone was invited. */
  rate: number | null;
  /** Median hours from the invitation to the account; null before any acceptance. */
  medianHoursToAccept: number | null;
  /** Sent more than 30 days ago and not accepted: the link no longer works. */
  expired: number;
  clicks: number;
  reminders: number;
};

export type DailyPoint = { day: string; invited: number; accepted: number };

function median(values: number[]) {
  if (!values.length) return null;
  const sorted = values.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Invited, accepted, rate, time to accept… for one campaign, or the whole shop. */
export async function invitationFigures(
  db: Database,
  shop: string,
  campaignId?: string,
  now = Date.now(),
): Promise<InvitationFigures> {
  const where = { shop, ...(campaignId ? { campaignId } : {}), status: { not: "sending" } };
  const [invited, accepted, expired, sums, acceptedRows] = await Promise.all([
    db.invitation.count({ where }),
    db.invitation.count({ where: { ...where, status: "accepted" } }),
    db.invitation.count({
      where: { ...where, status: "sent", lastSentAt: { lt: expiredBefore(now) } },
    }),
    db.invitation.aggregate({ where, _sum: { clicks: true, reminders: true } }),
    db.invitation.findMany({
      where: { ...where, status: "accepted" },
      select: { sentAt: true, acceptedAt: true },
    }),
  ]);
  const hours = acceptedRows
    .filter((r) => r.acceptedAt)
    .map((r) => Math.max(0, r.acceptedAt!.getTime() - r.sentAt.getTime()) / 3_600_000);
  const middle = median(hours);
  return {
    invited,
    accepted,
    rate: invited ? accepted / invited : null,
    medianHoursToAccept: middle === null ? null : Math.round(middle * 10) / 10,
    expired,
    clicks: sums._sum.clicks ?? 0,
    reminders: sums._sum.reminders ?? 0,
  };
}

/** Invitations sent and accepted per day over the last `days` days (UTC days, empty days included). */
export async function dailyInvitations(
  db: Database,
  shop: string,
  {
    campaignId,
    days = 30,
    now = Date.now(),
  }: { campaignId?: string; days?: number; now?: number } = {},
): Promise<DailyPoint[]> {
  const start = Math.floor(now / DAY) * DAY - (days - 1) * DAY;
  const scope = { shop, ...(campaignId ? { campaignId } : {}) };
  const [sent, accepted] = await Promise.all([
    db.invitation.findMany({
      where: { ...scope, status: { not: "sending" }, sentAt: { gte: new Date(start) } },
      select: { sentAt: true },
    }),
    db.invitation.findMany({
      where: { ...scope, acceptedAt: { gte: new Date(start) } },
      select: { acceptedAt: true },
    }),
  ]);
  const points = Array.from({ length: days }, (_, i) => ({
    day: new Date(start + i * DAY).toISOString().slice(0, 10),
    invited: 0,
    accepted: 0,
  }));
  const at = (date: Date) => points[Math.floor((date.getTime() - start) / DAY)];
  for (const { sentAt } of sent) {
    const point = at(sentAt);
    if (point) point.invited++;
  }
  for (const { acceptedAt } of accepted) {
    const point = acceptedAt ? at(acceptedAt) : undefined;
    if (point) point.accepted++;
  }
  return points;
}
