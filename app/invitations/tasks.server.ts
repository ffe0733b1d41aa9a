import { executorFor } from "../admin-api/client.server";
import { resolveUpload } from "../audiences/uploads.server";
import type { Database } from "../db/db.server";
import type { TaskHandlers, TaskQueue } from "../jobs/queue";
import { followUp, FOLLOW_UP_TASK } from "./follow-up.server";

export const RESOLVE_UPLOAD_TASK = "audiences.resolve-upload";

/** The invitations feature's background tasks (composed in app/features.server.ts). */
export const invitationTasks = (db: Database, queue: TaskQueue): TaskHandlers => ({
  [FOLLOW_UP_TASK]: (_payload, { shop }) =>
    followUp({ db, queue, executor: executorFor(shop) }, shop),
  [RESOLVE_UPLOAD_TASK]: (payload, { shop }) =>
    resolveUpload(executorFor(shop), db, shop, (payload as { uploadId: string }).uploadId),
});
