import type { LoaderFunctionArgs } from "@remix-run/node";
import { logDataAccess } from "../compliance/access-log.server";
import { complianceExport } from "../compliance/requests.server";
import db from "../db/db.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";

// The JSON file of a customers/data_request, for the merchant to send on.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const found = await complianceExport(db, shop, params.id ?? "");
  if (!found) throw new Response("No such export", { status: 404 });
  await logDataAccess(db, shop, {
    staff: staffOf(context),
    action: "privacy_export",
    subject: params.id,
    records: 1,
  });
  return new Response(found.document, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${found.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};
