import type { Database } from "../db/db.server";

const PAGE = 1000;

/** A CSV field: quoted when it holds a separator, a quote or a line break. */
const field = (value: string) =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/**
 * The report of a campaign, streamed page by page (a campaign may reach
 * 100,000 customers): customer id, outcome, reason. No email or name: the
 * app does not keep them; the customer id opens the customer in Shopify admin.
 */
export async function campaignReport(db: Database, shop: string, campaignId: string) {
  const campaign = await db.campaign.findFirst({
    where: { id: campaignId, shop },
    select: { jobId: true, name: true, createdAt: true },
  });
  if (!campaign?.jobId) return null;
  const jobId = campaign.jobId;
  let after = -1;
  let header = true;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode("\uFEFFcustomer_id,admin_url,outcome,reason\r\n"));
        return;
      }
      const items = await db.jobItem.findMany({
        where: { jobId, shop, seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: PAGE,
        select: { seq: true, target: true, status: true, error: true },
      });
      if (!items.length) return controller.close();
      after = items[items.length - 1]!.seq;
      const lines = items.map((item) => {
        const id = item.target.replace("gid://shopify/Customer/", "");
        const url = `https://admin.shopify.com/store/${shop.replace(".myshopify.com", "")}/customers/${id}`;
        return [id, url, item.status, item.error ?? ""].map(field).join(",");
      });
      controller.enqueue(encoder.encode(lines.join("\r\n") + "\r\n"));
    },
  });
  const day = campaign.createdAt.toISOString().slice(0, 10);
  const slug =
    campaign.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 40) || "campaign";
  const records = await db.jobItem.count({ where: { jobId, shop } });
  return { stream, filename: `${slug}-${day}.csv`, records };
}
