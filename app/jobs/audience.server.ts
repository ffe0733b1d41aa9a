import {
  BulkLimitReachedError,
  FINISHED,
  bulkOperation,
  jsonlLines,
  startBulkQuery,
} from "../admin-api/bulk.server";
import { AdminApiError, AdminApiUnavailableError } from "../admin-api/errors";
import type { AudienceHooks, CustomerNode, KindContext } from "./kinds";
import { insertItems, itemRows, type JobTarget } from "./jobs.server";

/**
 * Who a job is for, read when it starts: a customer search (Shopify's search
 * syntax), a segment (saved, or a ShopifyQL query), or a list of customer ids
 * (a CSV resolved to customers, a manual pick).
 */
export type AudiencePlan =
  { query: string } | { segmentId: string } | { segmentQuery: string } | { ids: string[] };

const COUNT = `#graphql
  query PatronAudienceCount($query: String!) {
    customersCount(query: $query, limit: null) { count precision }
  }`;

// The default for kinds that keep nothing but the state before the job (for
// reconciliation): no email or name is kept, personal data the app does not
// read is not stored.
const DEFAULT_HOOKS: AudienceHooks = {
  fields: "id state",
  classify: async (nodes) =>
    nodes.map((node) => ({ target: node.id, data: { state: node.state } })),
};

// Pages of 100: a page's cost (each customer's fields, nested objects
// included) stays well inside the smallest bucket Shopify gives a shop.
const searchPage = (fields: string) => `query PatronAudiencePage($query: String!, $after: String) {
  customers(first: 100, after: $after, query: $query) {
    nodes { ${fields} }
    pageInfo { hasNextPage endCursor }
  }
}`;

const segmentPage = (by: "segmentId" | "query") => `query PatronAudienceSegment($value: ${
  by === "segmentId" ? "ID!" : "String!"
}, $after: String) {
  customerSegmentMembers(first: 1000, after: $after, ${by}: $value) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const customersById = (fields: string) => `query PatronAudienceCustomers($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Customer { ${fields} } }
}`;

export function bulkQueryThreshold() {
  return Number(process.env.PATRON_BULK_QUERY_THRESHOLD ?? 10_000);
}

export class AudienceNotReady extends Error {
  constructor(readonly retryAt: Date) {
    super("The audience is still being read by a bulk operation");
  }
}

type Cursor = { after?: string | null; offset?: number };

/**
 * Reads a job's audience into its items, checked by the kind (items to do,
 * and items skipped with the reason). Each page and the cursor after it are
 * saved together, so a restarted run continues where the last one stopped;
 * large searches are read by a bulk query whose JSONL result is streamed in,
 * so memory stays flat at 100,000 customers. Returns the total, or throws
 * AudienceNotReady while the bulk query runs.
 */
export async function prepareAudience(
  context: KindContext,
  jobId: string,
  plan: AudiencePlan,
  hooks: AudienceHooks = DEFAULT_HOOKS,
): Promise<number> {
  const { db, shop } = context;
  const job = (await db.job.findFirst({ where: { id: jobId, shop } }))!;
  if (job.audienceCursor === "end") return db.jobItem.count({ where: { jobId, shop } });
  if ("query" in plan) {
    if (job.bulkOperationId) return readBulkResult(context, jobId, job.bulkOperationId, hooks);
    if (job.audienceCursor === null) {
      await db.jobItem.deleteMany({ where: { jobId, shop } });
      const { customersCount } = await context.executor.query<{
        customersCount: { count: number };
      }>(COUNT, { query: plan.query });
      if (customersCount.count > bulkQueryThreshold())
        return startAudienceBulkQuery(context, jobId, plan.query, hooks);
    }
  } else if (job.audienceCursor === null) {
    await db.jobItem.deleteMany({ where: { jobId, shop } });
  }
  let cursor: Cursor = job.audienceCursor ? (JSON.parse(job.audienceCursor) as Cursor) : {};
  let seq = await db.jobItem.count({ where: { jobId, shop } });
  for (;;) {
    const { nodes, next } = await readPage(context, plan, cursor, hooks);
    const targets = await hooks.classify(nodes, context);
    await db.$transaction([
      db.jobItem.createMany({ data: itemRows(shop, jobId, seq, targets) }),
      db.job.update({
        where: { id: jobId, shop },
        data: { audienceCursor: next ? JSON.stringify(next) : "end" },
      }),
    ]);
    seq += targets.length;
    if (!next) return seq;
    cursor = next;
  }
}

async function readPage(
  context: KindContext,
  plan: AudiencePlan,
  cursor: Cursor,
  hooks: AudienceHooks,
): Promise<{ nodes: CustomerNode[]; next: Cursor | null }> {
  const { executor } = context;
  if ("query" in plan) {
    const page: {
      customers: {
        nodes: CustomerNode[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await executor.query(searchPage(hooks.fields), {
      query: plan.query,
      after: cursor.after ?? null,
    });
    const { nodes, pageInfo } = page.customers;
    return { nodes, next: pageInfo.hasNextPage ? { after: pageInfo.endCursor } : null };
  }
  if ("ids" in plan) {
    const offset = cursor.offset ?? 0;
    const ids = plan.ids.slice(offset, offset + 100);
    const nodes = await customers(context, ids, hooks);
    const end = offset + ids.length;
    return { nodes, next: end < plan.ids.length ? { offset: end } : null };
  }
  // A segment's members, then the customers themselves (members carry no account state).
  const by = "segmentId" in plan ? "segmentId" : "query";
  const page: {
    customerSegmentMembers: {
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } = await executor.query(segmentPage(by), {
    value: "segmentId" in plan ? plan.segmentId : plan.segmentQuery,
    after: cursor.after ?? null,
  });
  const { edges, pageInfo } = page.customerSegmentMembers;
  const ids = edges.map((e) => e.node.id.replace("/CustomerSegmentMember/", "/Customer/"));
  const nodes: CustomerNode[] = [];
  for (let i = 0; i < ids.length; i += 100)
    nodes.push(...(await customers(context, ids.slice(i, i + 100), hooks)));
  return { nodes, next: pageInfo.hasNextPage ? { after: pageInfo.endCursor } : null };
}

/** Customers by id, in the given order; ids that are no customer (any more) are left out. */
async function customers(context: KindContext, ids: string[], hooks: AudienceHooks) {
  if (!ids.length) return [];
  const data = await context.executor.query<{ nodes: (CustomerNode | null)[] }>(
    customersById(hooks.fields),
    { ids },
  );
  return data.nodes.filter((node): node is CustomerNode => !!node?.id);
}

/** Shopify's search syntax inside a GraphQL string literal of a bulk query. */
function quoted(value: string) {
  return JSON.stringify(value);
}

async function startAudienceBulkQuery(
  context: KindContext,
  jobId: string,
  query: string,
  hooks: AudienceHooks,
): Promise<never> {
  try {
    const op = await startBulkQuery(
      context.executor,
      `{ customers(query: ${quoted(query)}) { edges { node { ${hooks.fields} } } } }`,
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

async function readBulkResult(
  context: KindContext,
  jobId: string,
  operationId: string,
  hooks: AudienceHooks,
) {
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
  let batch: CustomerNode[] = [];
  const flush = async () => {
    const targets: JobTarget[] = await hooks.classify(batch, context);
    await insertItems(db, shop, jobId, seq, targets);
    seq += targets.length;
    batch = [];
  };
  if (op.url) {
    for await (const line of jsonlLines(op.url)) {
      if (line.__parentId) continue;
      batch.push(line as CustomerNode);
      if (batch.length === 500) await flush();
    }
  }
  await flush();
  await db.job.update({
    where: { id: jobId, shop },
    data: { bulkOperationId: null, audienceCursor: "end" },
  });
  return seq;
}
