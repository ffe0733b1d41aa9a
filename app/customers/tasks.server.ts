import { executorFor } from "../admin-api/client.server";
import type { Database } from "../db/db.server";
import type { TaskHandlers } from "../jobs/queue";
import { BACKUP_TASK, runBackup } from "./deletions.server";

/** Customer management's background tasks (composed in app/features.server.ts). */
export const customerTasks = (db: Database): TaskHandlers => ({
  [BACKUP_TASK]: async (payload, { shop }) => {
    await runBackup(db, executorFor(shop), shop, (payload as { deletionId: string }).deletionId);
  },
});
