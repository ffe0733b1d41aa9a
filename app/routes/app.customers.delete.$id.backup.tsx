import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordActivity } from "../audit/activity.server";
import { logDataAccess } from "../compliance/access-log.server";
import { backupFile } from "../customers/backup.server";
import { findDeletion } from "../customers/deletions.server";
import db from "../db/db.server";
import { parseQuery } from "../http/query.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";

const Query = z.object({ format: z.enum(["csv", "jsonl"]).default("csv") });

// A deletion's backup, opened for the merchant: every download is logged.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const { format } = parseQuery(request, Query);
  const deletion = await findDeletion(db, shop, params.id ?? "");
  if (!deletion || deletion.backupStatus !== "ready")
    throw new Response("No backup kept for this deletion", { status: 404 });
  const staff = staffOf(context);
  await recordActivity(db, shop, {
    staff,
    action: "customers.backup_download",
    subject: deletion.id,
    details: { customers: deletion.backupCount, format },
  });
  await logDataAccess(db, shop, {
    staff,
    action: "deletion_backup",
    subject: deletion.id,
    records: deletion.backupCount,
  });
  const day = deletion.createdAt.toISOString().slice(0, 10);
  return new Response(backupFile(db, shop, deletion.id, format), {
    headers: {
      "Content-Type":
        format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="deleted-customers-${day}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
};
