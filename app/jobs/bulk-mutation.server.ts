import {
  BulkLimitReachedError,
  FINISHED,
  bulkOperation,
  cancelBulkOperation,
  findBulkMutation,
  jsonlLines,
  startBulkMutation,
  uploadBulkVariables,
} from "../admin-api/bulk.server";
import { AdminApiError } from "../admin-api/errors";
import type { Database } from "../db/db.server";
import { pollMs } from "./audience.server";
import { itemRecord, recordOutcome } from "./items.server";
import type { ItemOutcome, JobKind, KindContext } from "./kinds";
import type { TaskResult } from "./queue";

type Args = {
  db: Database;
  context: KindContext;
  kind: JobKind;
  job: {
    id: string;
    shop: string;
    bulkOperationId: string | null;
    bulkSubmittedAt: Date | null;
  };
  /** The job is being cancelled: stop Shopify's operation, submit nothing new. */
  cancelling: boolean;
};

const later = (ms: number): TaskResult => ({ retryAt: new Date(Date.now() + ms) });
const PAGE = 5000;

/** The operation's name carries the job: an operation started just before a crash is found by it. */
export function operationName(jobId: string) {
  return `PatronJob_${jobId.replace(/[^_0-9A-Za-z]/g, "_")}`;
}

function named(mutation: string, name: string) {
  const text = mutation.replace("#graphql", "").trim();
  const renamed = text.replace(/^mutation(\s+[_A-Za-z][_0-9A-Za-z]*)?/, `mutation ${name}`);
  if (renamed === text) throw new Error("A bulk mutation must start with `mutation`");
  return renamed;
}

/**
 * Items to submit get their line of the variables file (bulkLine), in seq
 * order, in one statement: the result line with that __lineNumber is theirs,
 * whatever else settles in between.
 */
async function numberLines(db: Database, shop: string, jobId: string) {
  await db.$executeRaw`
    UPDATE "JobItem" SET "bulkLine" = "numbered"."line"
    FROM (
      SELECT "id", ROW_NUMBER() OVER (ORDER BY "seq") - 1 AS "line"
      FROM "JobItem" WHERE "jobId" = ${jobId} AND "shop" = ${shop} AND "status" = 'in_flight'
    ) AS "numbered"
    WHERE "JobItem"."id" = "numbered"."id"`;
}

async function variablesFile(args: Args) {
  const { db, context, kind, job } = args;
  const lines: string[] = [];
  for (let after = -1; ;) {
    const rows = await db.jobItem.findMany({
      where: { jobId: job.id, shop: job.shop, status: "in_flight", bulkLine: { gt: after } },
      orderBy: { bulkLine: "asc" },
      take: PAGE,
      select: { id: true, seq: true, target: true, data: true, bulkLine: true },
    });
    for (const row of rows)
      lines.push(JSON.stringify(kind.bulk!.variables(itemRecord(row), context.params)));
    if (rows.length < PAGE) return lines;
    after = rows[rows.length - 1]!.bulkLine!;
  }
}

/** Submits the job's pending items as one bulk mutation; null when Shopify's limit says later. */
async function submit(args: Args): Promise<string | null | undefined> {
  const { db, context, kind, job } = args;
  await db.jobItem.updateMany({
    where: { jobId: job.id, shop: job.shop, status: "pending" },
    data: {
      status: "in_flight",
      attempts: { increment: 1 },
      startedAt: new Date(),
      settleAfter: null,
    },
  });
  await numberLines(db, job.shop, job.id);
  const lines = await variablesFile(args);
  if (lines.length === 0) return undefined;
  const path = await uploadBulkVariables(context.executor, lines);
  await db.job.update({
    where: { id: job.id, shop: job.shop },
    data: { bulkSubmittedAt: new Date() },
  });
  try {
    const op = await startBulkMutation(
      context.executor,
      named(kind.bulk!.mutation, operationName(job.id)),
      path,
    );
    // Recorded at once: from here on the operation is followed by its id.
    await db.job.update({
      where: { id: job.id, shop: job.shop },
      data: { bulkOperationId: op.id },
    });
    return op.id;
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
    return null;
  }
}

/**
 * Runs a job's items as one bulkOperationRunMutation (not rate limited).
 * Intent is written before each step: items go in_flight, with their line
 * number, before the upload, and bulkSubmittedAt before the operation starts,
 * so after a crash the operation is adopted (found by its name) instead of
 * started again. Returns when to look again, or undefined when every item is
 * settled. Items without a result line stay in flight, due now, and the paced
 * runner settles them from Shopify's state.
 */
export async function runBulkMutation(args: Args): Promise<TaskResult> {
  const { db, context, job, cancelling } = args;
  const { executor } = context;
  let operationId = job.bulkOperationId;
  if (!operationId && job.bulkSubmittedAt) {
    const adopted = await findBulkMutation(executor, operationName(job.id), job.bulkSubmittedAt);
    if (adopted) {
      operationId = adopted.id;
      await db.job.update({
        where: { id: job.id, shop: job.shop },
        data: { bulkOperationId: operationId },
      });
    } else {
      // Never started: the items in flight were not sent.
      await db.job.update({
        where: { id: job.id, shop: job.shop },
        data: { bulkSubmittedAt: null },
      });
    }
  }
  if (!operationId) {
    if (cancelling) return undefined; // nothing at Shopify: the caller cancels the items
    const submitted = await submit(args);
    if (submitted === null) return later(30_000);
    if (submitted === undefined) return undefined;
    operationId = submitted;
  }
  if (cancelling) await cancelBulkOperation(executor, operationId);
  const op = await bulkOperation(executor, operationId);
  if (op && !FINISHED.has(op.status)) return later(cancelling ? 1000 : pollMs());

  const resultUrl = op?.url ?? op?.partialDataUrl;
  if (resultUrl) await readResults(args, resultUrl);
  const unsettled = await db.jobItem.updateMany({
    where: { jobId: job.id, shop: job.shop, status: "in_flight" },
    data: { settleAfter: new Date() },
  });
  await db.job.update({
    where: { id: job.id, shop: job.shop },
    data: {
      bulkOperationId: null,
      bulkSubmittedAt: null,
      mode: unsettled.count ? "paced" : "bulk",
      error:
        op && op.status !== "COMPLETED"
          ? `Bulk operation ${op.status.toLowerCase()} (${op.errorCode ?? "no code"})`
          : null,
    },
  });
  return unsettled.count ? later(0) : undefined;
}

/**
 * Each result line settles the item submitted on that line. Reading again
 * after an interruption is harmless: only items still in flight change.
 */
async function readResults(args: Args, url: string) {
  const { db, kind, job } = args;
  let batch: { line: number; outcome: ItemOutcome }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = await db.jobItem.findMany({
      where: {
        jobId: job.id,
        shop: job.shop,
        status: "in_flight",
        bulkLine: { in: batch.map((b) => b.line) },
      },
      select: { id: true, bulkLine: true },
    });
    const idOf = new Map(rows.map((r) => [r.bulkLine!, r.id]));
    const succeeded: string[] = [];
    for (const { line, outcome } of batch) {
      const id = idOf.get(line);
      if (!id) continue;
      if (outcome.status === "succeeded") succeeded.push(id);
      else await recordOutcome(db, job.shop, id, outcome);
    }
    if (succeeded.length)
      await db.jobItem.updateMany({
        where: { id: { in: succeeded }, shop: job.shop, status: "in_flight" },
        data: { status: "succeeded", error: null, finishedAt: new Date() },
      });
    batch = [];
  };
  try {
    for await (const line of jsonlLines(url)) {
      const number = Number(line.__lineNumber);
      if (!Number.isInteger(number)) continue;
      const outcome: ItemOutcome = line.errors
        ? {
            status: "failed",
            reason: (line.errors as { message: string }[]).map((e) => e.message).join("; "),
          }
        : kind.bulk!.outcome(line.data);
      batch.push({ line: number, outcome });
      if (batch.length >= 500) await flush();
    }
    await flush();
  } catch (error) {
    await flush();
    // The file is gone (expired, refused): Shopify's state settles the rest instead.
    if (error instanceof AdminApiError && error.status !== null && error.status < 500) return;
    throw error;
  }
}
