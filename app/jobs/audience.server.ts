import {
  BulkLimitReachedError,
  FINISHED,
  bulkOperation,
  jsonlLines,
  startBulkQuery,
} from "../admin-api/bulk.server";
import { AdminApiError, AdminApiUnavailableError } from "../admin-api/errors";
import type { KindContext } from "./kinds";
import { insertItems, itemRows, type JobTarget } from "./jobs.server";

const COUNT = `#graphql
  query PatronAudienceCount($query: String!) {
    customersCount(query: $query, limit: null) { count precision }
  }`;

const PAGE = `#graphql
  query PatronAudiencePage($query: String!, $after: String) {
    customers(first: 250, after: $after, query: $query) {
      nodes { id state }
      pageInfo { hasNextPage endCursor }
    }
  }`;

type CustomerNode = { id: string; state: string };

export function bulkQueryThreshold() {
  return Number(process.env.PATRON_BULK_QUERY_THRESHOLD ?? 10_000);
}

// Only what a kind reads back: the state before the job (for reconciliation).
// No email or name is kept: personal data the app does not read is not stored.
function toTarget(node: CustomerNode): JobTarget {
  return { target: node.id, data: { state: node.state } };
}

/** Shopify's search syntax inside a GraphQL string literal of a bulk query. */
function quoted(value: string) {
  return JSON.stringify(value);
}

export class AudienceNotReady extends Error {
  constructor(readonly retryAt: Date) {
    super("The audience is still being read by a bulk operation");
  }
}

/**
 * Reads a job's audience (a customer search) into its items. Small audiences
 * are paged; large ones are read by a bulk query whose JSONL result is
 * streamed in, so memory stays flat at 100,000 customers. Returns the total,
 * or throws AudienceNotReady while the bulk query runs.
 */
export async function prepareAudience(
  context: KindContext,
  jobId: string,
  query: string,
): Promise<number> {
  const { db, executor, shop } = context;
  const job = (await db.job.findFirst({ where: { id: jobId, shop } }))!;
  if (job.bulkOperationId) return readBulkResult(context, jobId, job.bulkOperationId);
  if (job.audienceCursor === "end") return db.jobItem.count({ where: { jobId, shop } });
  if (job.audienceCursor === null) {
    await db.jobItem.deleteMany({ where: { jobId, shop } });
    const { customersCount } = await executor.query<{ customersCount: { count: number } }>(COUNT, {
      query,
    });
    if (customersCount.count > bulkQueryThreshold())
      return startAudienceBulkQuery(context, jobId, query);
  }
  // Each page and the cursor after it are saved together: a restarted run continues from there.
  let after = job.audienceCursor || null;
  let seq = await db.jobItem.count({ where: { jobId, shop } });
  for (;;) {
    const page: {
      customers: {
        nodes: CustomerNode[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await executor.query(PAGE, { query, after });
    const { nodes, pageInfo } = page.customers;
    after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    await db.$transaction([
      db.jobItem.createMany({ data: itemRows(shop, jobId, seq, nodes.map(toTarget)) }),
      db.job.update({ where: { id: jobId, shop }, data: { audienceCursor: after ?? "end" } }),
    ]);
    seq += nodes.length;
    if (!after) return seq;
  }
}

async function startAudienceBulkQuery(
  context: KindContext,
  jobId: string,
  query: string,
): Promise<never> {
  try {
    const op = await startBulkQuery(
      context.executor,
      `{ customers(query: ${quoted(query)}) { edges { node { id state } } } }`,
    );
    await context.db.job.update({
      where: { id: jobId, shop: context.shop },
      data: { bulkOperationId: op.id },
    });
    throw new AudienceNotReady(new Date(Date.now() + pollMs()));
  } catch (error) {
    if (error instanceof BulkLimitReachedError)
      throw new AudienceNotReady(new Date(Date.now() + 30_000));
    throw error;
  }
}

export function pollMs() {
  return Number(process.env.PATRON_BULK_POLL_MS ?? 10_000);
}

async function readBulkResult(context: KindContext, jobId: string, operationId: string) {
  const { db, executor, shop } = context;
  const op = await bulkOperation(executor, operationId);
  if (op && !FINISHED.has(op.status)) throw new AudienceNotReady(new Date(Date.now() + pollMs()));
  if (!op || op.status !== "COMPLETED") {
    await db.job.update({
      where: { id: jobId, shop },
      data: { bulkOperationId: null, audienceCursor: null },
    });
    const message =
      `Reading the audience failed (${op?.status ?? "operation not found"} ${op?.errorCode ?? ""})`.trim();
    // Shopify's own failure or a cancel by someone else: read it again. Anything else is for good.
    if (
      op &&
      (op.errorCode === "INTERNAL_SERVER_ERROR" ||
        op.errorCode === "TIMEOUT" ||
        op.status === "CANCELED")
    )
      throw new AdminApiUnavailableError(message);
    throw new AdminApiError(message, null, op?.errorCode ?? null);
  }
  await db.jobItem.deleteMany({ where: { jobId, shop } });
  let seq = 0;
  let batch: JobTarget[] = [];
  if (op.url) {
    for await (const line of jsonlLines(op.url)) {
      if (line.__parentId) continue;
      batch.push(toTarget(line as unknown as CustomerNode));
      if (batch.length === 500) {
        await insertItems(db, shop, jobId, seq, batch);
        seq += batch.length;
        batch = [];
      }
    }
  }
  await insertItems(db, shop, jobId, seq, batch);
  seq += batch.length;
  await db.job.update({
    where: { id: jobId, shop },
    data: { bulkOperationId: null, audienceCursor: "end" },
  });
  return seq;
}
