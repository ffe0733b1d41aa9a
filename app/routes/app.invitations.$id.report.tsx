import type { LoaderFunctionArgs } from "@remix-run/node";
import { logDataAccess } from "../compliance/access-log.server";
import db from "../db/db.server";
import { campaignReport } from "../invitations/report.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";

// A campaign's report as CSV: every customer of its audience with the outcome
// and Shopify's reason (the dry run's, before the send).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const report = await campaignReport(db, shop, params.id ?? "");
  if (!report) throw new Response("No such campaign", { status: 404 });
  await logDataAccess(db, shop, {
    staff: staffOf(context),
    action: "campaign_report",
    subject: params.id,
    records: report.records,
  });
  return new Response(report.stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};
