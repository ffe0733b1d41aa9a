import { executorFor } from "../admin-api/client.server";
import type { Database } from "../db/db.server";
import type { TaskHandlers } from "../jobs/queue";
import { ADDRESS_SCAN_TASK, runScanTask } from "./addresses.server";

/** The address checks' background tasks (composed in app/features.server.ts). */
export const addressTasks = (db: Database): TaskHandlers => ({
  [ADDRESS_SCAN_TASK]: (_payload, { shop, attempt }) =>
    runScanTask(db, executorFor(shop), shop, attempt),
});
