import {
  BulkLimitReachedError,
  FINISHED,
  bulkOperation,
  findBulkMutation,
  jsonlLines,
  startBulkMutation,
  uploadBulkVariables,
} from "../admin-api/bulk.server";
import type { Database } from "../db/db.server";
import { pollMs } from "./audience.server";
import { itemRecord, recordOutcome } from "./items.server";
import type { ItemOutcome, JobKind, KindContext } from "./kinds";
import type { TaskResult } from "./queue";

type Args = {
  db: Database;
  context: KindContext;
  kind: JobKind;
  job: { id: string; shop: string; bulkOperationId: string | null; bulkSubmittedAt: Date | null };
};

const later = (ms: number): TaskResult => ({ retryAt: new Date(Date.now() + ms) });

// Items submitted in one bulk mutation are the job's in_flight items in seq
// order: line N of the variables file (and __lineNumber N of the result) is
// the Nth of them.
async function submittedItems(db: Database, shop: string, jobId: string) {
  return db.jobItem.findMany({
    where: { jobId, shop, status: "in_flight" },
    orderBy: { seq: "asc" },
    select: { id: true, seq: true, target: true, data: true, attempts: true },
  });
}

function marker(jobId: string) {
  return `# patron-job:${jobId}`;
}

/**
 * Runs a job's items as one bulkOperationRunMutation (not rate limited).
 * Intent is written before each step: items go in_flight before the upload and
 * bulkSubmittedAt before the operation starts, so after a crash the operation
 * is adopted (found by the job marker in its text) instead of started again.
 * Returns when to look again, or undefined when every result is recorded.
 */
export async function runBulkMutation({ db, context, kind, job }: Args): Promise<TaskResult> {
  const bulk = kind.bulk!;
  const { executor } = context;
  let operationId = job.bulkOperationId;
  if (!operationId && job.bulkSubmittedAt) {
    const adopted = await findBulkMutation(executor, marker(job.id));
    if (adopted) operationId = adopted.id;
    else
      await db.job.update({
        where: { id: job.id, shop: job.shop },
        data: { bulkSubmittedAt: null },
      });
  }
  if (!operationId) {
    await db.jobItem.updateMany({
      where: { jobId: job.id, shop: job.shop, status: "pending" },
      data: { status: "in_flight", attempts: { increment: 1 }, startedAt: new Date() },
    });
    const items = await submittedItems(db, job.shop, job.id);
    if (items.length === 0) return undefined;
    const params = context.params;
    const lines = items.map((row) => JSON.stringify(bulk.variables(itemRecord(row), params)));
    const path = await uploadBulkVariables(executor, lines);
    await db.job.update({
      where: { id: job.id, shop: job.shop },
      data: { bulkSubmittedAt: new Date() },
    });
    try {
      const op = await startBulkMutation(executor, `${marker(job.id)}\n${bulk.mutation}`, path);
      operationId = op.id;
    } catch (error) {
      if (!(error instanceof BulkLimitReachedError)) throw error;
      // Five operations already run for this shop: nothing was started, try again later.
      await db.job.update({
        where: { id: job.id, shop: job.shop },
        data: { bulkSubmittedAt: null },
      });
      await db.jobItem.updateMany({
        where: { jobId: job.id, shop: job.shop, status: "in_flight" },
        data: { status: "pending", attempts: { decrement: 1 } },
      });
      return later(30_000);
    }
  }
  await db.job.update({
    where: { id: job.id, shop: job.shop },
    data: { bulkOperationId: operationId },
  });
  const op = await bulkOperation(executor, operationId);
  if (op && !FINISHED.has(op.status)) return later(pollMs());

  const items = await submittedItems(db, job.shop, job.id);
  const seen = new Set<number>();
  const resultUrl = op?.url ?? op?.partialDataUrl;
  if (resultUrl) {
    const succeeded: string[] = [];
    const flush = async () => {
      if (!succeeded.length) return;
      await db.jobItem.updateMany({
        where: { id: { in: succeeded.splice(0) }, shop: job.shop, status: "in_flight" },
        data: { status: "succeeded", error: null, finishedAt: new Date() },
      });
    };
    for await (const line of jsonlLines(resultUrl)) {
      const index = Number(line.__lineNumber);
      const item = items[index];
      if (!item || seen.has(index)) continue;
      seen.add(index);
      const outcome: ItemOutcome = line.errors
        ? {
            status: "failed",
            reason: (line.errors as { message: string }[]).map((e) => e.message).join("; "),
          }
        : bulk.outcome(line.data);
      if (outcome.status === "succeeded") {
        succeeded.push(item.id);
        if (succeeded.length >= 500) await flush();
      } else {
        await recordOutcome(db, job.shop, item.id, outcome);
      }
    }
    await flush();
  }
  // Lines without a result (a failed or cancelled operation) may or may not
  // have run: the kind's reconciliation settles them; the rest go paced.
  const unsettled = items.filter((_, index) => !seen.has(index)).map(itemRecord);
  for (const item of unsettled) {
    const found = await kind.reconcile(item, context);
    if (found.status !== "not_applied") await recordOutcome(db, job.shop, item.id, found);
    else {
      await db.jobItem.updateMany({
        where: { id: item.id, shop: job.shop, status: "in_flight" },
        data: { status: "pending" },
      });
    }
  }
  await db.job.update({
    where: { id: job.id, shop: job.shop },
    data: {
      bulkOperationId: null,
      bulkSubmittedAt: null,
      mode: unsettled.length ? "paced" : "bulk",
      error:
        op && op.status !== "COMPLETED"
          ? `Bulk operation ${op.status.toLowerCase()} (${op.errorCode ?? "no code"})`
          : null,
    },
  });
  if (unsettled.length) return later(0);
  return undefined;
}
