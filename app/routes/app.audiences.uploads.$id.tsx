import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { uploadReport } from "../audiences/uploads.server";
import db from "../db/db.server";
import { authenticate } from "../shopify.server";

// An uploaded CSV's report: rows, customers found, rows with a problem.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const report = await uploadReport(db, session.shop, params.id ?? "");
  if (!report) throw new Response("No such upload", { status: 404 });
  return json(report, { headers: { "Cache-Control": "no-store" } });
};
