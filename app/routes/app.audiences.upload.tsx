import { json, type ActionFunctionArgs } from "@remix-run/node";
import { CsvError, parseEmailCsv } from "../audiences/csv.server";
import { saveUpload } from "../audiences/uploads.server";
import { logDataAccess } from "../compliance/access-log.server";
import db from "../db/db.server";
import { BodyTooLargeError, cappedBody } from "../http/body.server";
import { RESOLVE_UPLOAD_TASK } from "../invitations/tasks.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";

// A CSV of customer emails for an audience, sent as the request body (the
// browser's File, up to 32 MB, read as a stream): parsed row by row, kept
// encrypted, and matched to customers in the background.
export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { session } = context;
  const filename = new URL(request.url).searchParams.get("filename")?.slice(0, 200) || "upload.csv";
  try {
    const csv = await parseEmailCsv(cappedBody(request));
    const uploadId = await saveUpload(db, session.shop, filename, csv);
    await logDataAccess(db, session.shop, {
      staff: staffOf(context),
      action: "audience_upload",
      subject: uploadId,
      records: csv.emails.length,
    });
    await getQueue().enqueue({
      name: RESOLVE_UPLOAD_TASK,
      shop: session.shop,
      payload: { uploadId },
      dedupeKey: `upload:${uploadId}`,
    });
    return json({ uploadId });
  } catch (error) {
    if (error instanceof CsvError)
      return json({ error: error.code, message: error.message }, { status: 400 });
    if (error instanceof BodyTooLargeError)
      return json({ error: "too_large", message: error.message }, { status: 413 });
    throw error;
  }
};
