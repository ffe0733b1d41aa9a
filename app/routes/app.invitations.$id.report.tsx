import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db/db.server";
import { campaignReport } from "../invitations/report.server";
import { authenticate } from "../shopify.server";

// A campaign's report as CSV: every customer of its audience with the outcome
// and Shopify's reason (the dry run's, before the send).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const report = await campaignReport(db, session.shop, params.id ?? "");
  if (!report) throw new Response("No such campaign", { status: 404 });
  return new Response(report.stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};
