import { executorFor } from "../admin-api/client.server";
import type { Database } from "../db/db.server";
import type { TaskHandlers } from "../jobs/queue";
import { checkDiscounts, CHECK_DISCOUNTS_TASK } from "./suspend.server";

const EVERY_MS = 60 * 60 * 1000;

/** The offers feature's background tasks (composed in app/features.server.ts). */
export const offerTasks = (db: Database): TaskHandlers => ({
  // Hourly while an automation runs: an end date passing sends no webhook.
  [CHECK_DISCOUNTS_TASK]: async (_payload, { shop }) => {
    const { checked } = await checkDiscounts(db, executorFor(shop), shop);
    const running = await db.offerAutomation.count({ where: { shop, status: "active" } });
    return checked || running ? { retryAt: new Date(Date.now() + EVERY_MS) } : undefined;
  },
});
