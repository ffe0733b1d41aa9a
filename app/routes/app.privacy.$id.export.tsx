import type { LoaderFunctionArgs } from "@remix-run/node";
import { complianceExport } from "../compliance/requests.server";
import db from "../db/db.server";
import { authenticate } from "../shopify.server";

// The JSON file of a customers/data_request, for the merchant to send on.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await complianceExport(db, session.shop, params.id ?? "");
  if (!found) throw new Response("No such export", { status: 404 });
  return new Response(found.document, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${found.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};
