import { z } from "zod";
import { audiencePlan } from "../audiences/plan.server";
import { AudienceSource } from "../audiences/spec";
import { recordActivity } from "../audit/activity.server";
import type { Database } from "../db/db.server";
import { createJob, startJob, type JobDeps } from "../jobs/jobs.server";
import { TAGS_ADD_JOB, TAGS_REMOVE_JOB, type TagItem } from "./tag-job.server";
import { checkTags } from "./tags";

export const NewTagOperation = z.object({
  op: z.enum(["add", "remove"]),
  tags: z.array(z.string().max(1000)).min(1).max(1000),
  source: AudienceSource,
});
export type NewTagOperation = z.infer<typeof NewTagOperation>;

/** Tags that cannot be used, with the reason the page shows. */
export class TagInputError extends Error {
  constructor(readonly checked: ReturnType<typeof checkTags>) {
    super("invalid tags");
  }
}

const kindOf = (op: string) => (op === "add" ? TAGS_ADD_JOB : TAGS_REMOVE_JOB);
const reverse = (op: string) => (op === "add" ? "remove" : "add");

/**
 * A tag change on an audience, previewed: the audience is read (held) and
 * each customer's change worked out; nothing is written to Shopify yet.
 */
export async function previewTagOperation(
  deps: JobDeps,
  shop: string,
  input: NewTagOperation,
  { staff, storeTags = [] }: { staff: string | null; storeTags?: string[] },
) {
  const checked = checkTags(input.tags, storeTags);
  if (checked.problems.length || checked.tooMany || !checked.tags.length)
    throw new TagInputError(checked);
  const plan = await audiencePlan(deps.db, shop, input.source);
  const operation = await deps.db.tagOperation.create({
    data: {
      shop,
      op: input.op,
      tags: JSON.stringify(checked.tags),
      audience: JSON.stringify(input.source),
      createdBy: staff,
    },
  });
  const job = await createJob(deps, {
    shop,
    kind: kindOf(input.op),
    audience: plan,
    hold: true,
    params: { tags: checked.tags, operationId: operation.id },
    createdBy: staff ?? undefined,
  });
  await deps.db.tagOperation.update({ where: { id: operation.id }, data: { jobId: job.id } });
  return { ...operation, jobId: job.id, checked };
}

export async function findTagOperation(db: Database, shop: string, id: string) {
  const row = await db.tagOperation.findFirst({ where: { id, shop } });
  return row ? { ...row, tags: JSON.parse(row.tags) as string[] } : null;
}

/** Applies a previewed change, once: a second click changes nothing. */
export async function applyTagOperation(
  deps: JobDeps,
  shop: string,
  id: string,
  staff: string | null,
) {
  const operation = await findTagOperation(deps.db, shop, id);
  if (!operation?.jobId) return false;
  const started = await startJob(deps, shop, operation.jobId);
  if (started) {
    const customers = await deps.db.jobItem.count({
      where: { shop, jobId: operation.jobId, status: "pending" },
    });
    await recordActivity(deps.db, shop, {
      staff,
      action: operation.op === "add" ? "tags.add" : "tags.remove",
      subject: id,
      jobId: operation.jobId,
      details: { customers, tags: operation.tags, link: `/app/customers/tags/${id}` },
    });
  }
  return started;
}

/**
 * The undo of a finished change: the reverse, on exactly the customers and
 * tags the change wrote. Made once; the items of the change say what it did.
 */
export async function undoTagOperation(
  deps: JobDeps,
  shop: string,
  id: string,
  staff: string | null,
) {
  const { db } = deps;
  const operation = await findTagOperation(db, shop, id);
  if (!operation?.jobId || operation.undoOf) return null;
  const job = await db.job.findFirst({ where: { id: operation.jobId, shop } });
  if (!job || !["completed", "cancelled", "failed"].includes(job.status)) return null;
  const undo = await db.tagOperation.create({
    data: {
      shop,
      op: reverse(operation.op),
      tags: JSON.stringify(operation.tags),
      undoOf: id,
      createdBy: staff,
    },
  });
  // Claimed once: a second click (or a second tab) finds undoneBy set.
  const { count } = await db.tagOperation.updateMany({
    where: { id, shop, undoneBy: null },
    data: { undoneBy: undo.id },
  });
  if (count === 0) {
    await db.tagOperation.delete({ where: { id: undo.id } });
    return null;
  }
  const targets = [];
  for (let after = -1; ;) {
    const items = await db.jobItem.findMany({
      where: { shop, jobId: operation.jobId, status: "succeeded", seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 1000,
      select: { seq: true, target: true, data: true },
    });
    if (!items.length) break;
    after = items[items.length - 1]!.seq;
    for (const item of items) {
      const data = item.data ? (JSON.parse(item.data) as TagItem) : null;
      if (data?.tags.length) targets.push({ target: item.target, data });
    }
  }
  const created = await createJob(deps, {
    shop,
    kind: kindOf(undo.op),
    targets,
    params: { tags: operation.tags, operationId: undo.id, undoOf: id },
    createdBy: staff ?? undefined,
  });
  await db.tagOperation.update({ where: { id: undo.id }, data: { jobId: created.id } });
  await recordActivity(db, shop, {
    staff,
    action: "tags.undo",
    subject: undo.id,
    jobId: created.id,
    details: {
      customers: targets.length,
      tags: operation.tags,
      link: `/app/customers/tags/${undo.id}`,
    },
  });
  return { ...undo, jobId: created.id };
}

/**
 * Per tag: how many customers gain (or lose) it, and how many of the
 * audience already have it (or never had it). From the items: before the
 * change their planned tags, after it the tags actually changed.
 */
export async function tagFigures(db: Database, shop: string, jobId: string, tags: string[]) {
  const changed = new Map(tags.map((t) => [t.toLowerCase(), 0]));
  let read = 0;
  for (let after = -1; ;) {
    const items = await db.jobItem.findMany({
      where: { shop, jobId, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 2000,
      select: { seq: true, status: true, data: true, error: true },
    });
    if (!items.length) break;
    after = items[items.length - 1]!.seq;
    for (const item of items) {
      read++;
      if (!item.data || !["pending", "in_flight", "succeeded"].includes(item.status)) continue;
      for (const tag of (JSON.parse(item.data) as TagItem).tags) {
        const key = tag.toLowerCase();
        if (changed.has(key)) changed.set(key, changed.get(key)! + 1);
      }
    }
  }
  return tags.map((tag) => {
    const n = changed.get(tag.toLowerCase()) ?? 0;
    return { tag, changed: n, unchanged: read - n };
  });
}

export async function listTagOperations(db: Database, shop: string, take = 20) {
  const rows = await db.tagOperation.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map((r) => ({ ...r, tags: JSON.parse(r.tags) as string[] }));
}
