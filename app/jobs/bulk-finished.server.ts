import type { Database } from "../db/db.server";
import { enqueueJobRun } from "./jobs.server";
import type { TaskQueue } from "./queue";

/**
 * bulk_operations/finish: the job waiting on that operation runs now instead
 * of at its next poll (delivery is not guaranteed, so polling stays).
 */
export async function bulkOperationFinished(
  { db, queue, shop }: { db: Database; queue: TaskQueue; shop: string },
  operationId: string,
) {
  const jobs = await db.job.findMany({
    where: { shop, bulkOperationId: operationId },
    select: { id: true },
  });
  for (const job of jobs) await enqueueJobRun(queue, shop, job.id);
}
