import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { markAccepted, syncInvitations } from "./invitations.server";

const gid = (id: string | number) =>
  String(id).startsWith("gid://") ? String(id) : `gid://shopify/Customer/${id}`;

/**
 * customers/enable, or customers/update with the state "enabled": the
 * customer has an account now. Invitations a bulk operation sent may not have
 * their row yet: the campaigns that reached this customer are brought up to
 * date first.
 */
export async function customerEnabled(db: Database, shop: string, id: string | number, at: Date) {
  const customerId = gid(id);
  const items = await db.jobItem.findMany({
    where: { shop, target: customerId, status: "succeeded" },
    select: { jobId: true },
  });
  if (items.length) {
    const campaigns = await db.campaign.findMany({
      where: { shop, jobId: { in: items.map((i) => i.jobId) } },
      select: { id: true },
    });
    for (const campaign of campaigns) await syncInvitations(db, shop, campaign.id);
  }
  return markAccepted(db, shop, customerId, at);
}

const STATES = `#graphql
  query PatronInvitationStates($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Customer { id state } }
  }`;

/**
 * Deliveries get lost or arrive out of order: the open invitations are
 * checked against Shopify's state, and the accounts found are counted as
 * accepted (at the time they were found). Returns how many.
 */
export async function reconcileAcceptance(executor: ShopApi, db: Database, shop: string) {
  let found = 0;
  for (let after = ""; ;) {
    const open = await db.invitation.findMany({
      where: { shop, status: "sent", id: { gt: after } },
      orderBy: { id: "asc" },
      take: 100,
      select: { id: true, customerId: true },
    });
    if (!open.length) return found;
    const ids = [...new Set(open.map((i) => i.customerId))];
    const { nodes } = await executor.query<{ nodes: ({ id: string; state: string } | null)[] }>(
      STATES,
      { ids },
    );
    const now = new Date();
    for (const node of nodes)
      if (node?.state === "ENABLED") found += await markAccepted(db, shop, node.id, now);
    after = open[open.length - 1]!.id;
  }
}
