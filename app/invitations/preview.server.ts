import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";

import { reasonOf } from "../audiences/figures.server";

export { previewFigures, type PreviewFigures } from "../audiences/figures.server";

const PEOPLE = `#graphql
  query PatronPreviewPeople($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer { id displayName defaultEmailAddress { emailAddress } locale }
    }
  }`;

type Person = {
  id: string;
  displayName: string;
  defaultEmailAddress: { emailAddress: string } | null;
  locale: string | null;
};

/**
 * Some of the campaign's people as the page shows them: names and emails are
 * read from Shopify for the page, never stored. A skip code's detail (the
 * suggested domain of a typo) comes along.
 */
export async function previewPeople(
  executor: ShopApi,
  db: Database,
  shop: string,
  jobId: string,
  {
    status,
    reasonPrefix,
    take = 10,
  }: { status: "pending" | "skipped"; reasonPrefix?: string; take?: number },
) {
  const items = await db.jobItem.findMany({
    where: {
      jobId,
      shop,
      status,
      ...(reasonPrefix ? { error: { startsWith: reasonPrefix } } : {}),
    },
    orderBy: { seq: "asc" },
    take,
    select: { target: true, error: true },
  });
  if (!items.length) return [];
  const { nodes } = await executor.query<{ nodes: (Person | null)[] }>(PEOPLE, {
    ids: items.map((i) => i.target),
  });
  const byId = new Map(nodes.filter((n): n is Person => !!n?.id).map((n) => [n.id, n]));
  return items.map((item) => {
    const person = byId.get(item.target);
    const email = person?.defaultEmailAddress?.emailAddress ?? null;
    const domain = item.error?.split(":")[1];
    return {
      id: item.target,
      name: person?.displayName ?? null,
      email,
      locale: person?.locale ?? null,
      reason: item.error ? reasonOf(item.error) : null,
      suggestion: email && domain ? `${email.split("@")[0]}@${domain}` : null,
    };
  });
}
