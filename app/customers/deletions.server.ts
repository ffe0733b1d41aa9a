import { z } from "zod";
import type { ShopApi } from "../admin-api/executor.server";
import { audiencePlan } from "../audiences/plan.server";
import { AudienceSource } from "../audiences/spec";
import { recordActivity } from "../audit/activity.server";
import type { Database } from "../db/db.server";
import { createJob, startJob, type JobDeps } from "../jobs/jobs.server";
import { DELETE_JOB } from "./delete-job.server";
import { writeBackup } from "./backup.server";
import { customerSettings } from "./settings.server";

export const BACKUP_TASK = "customers.backup";

export const NewDeletion = z.object({ source: AudienceSource });

/**
 * Step one of a bulk delete: the eligibility report. The audience is read
 * and each customer checked (held: nothing is deleted); the backup, the typed
 * confirmation and the deletion follow.
 */
export async function reportDeletion(
  deps: JobDeps,
  shop: string,
  input: z.infer<typeof NewDeletion>,
  { staff }: { staff: string | null },
) {
  const plan = await audiencePlan(deps.db, shop, input.source);
  const deletion = await deps.db.customerDeletion.create({
    data: { shop, audience: JSON.stringify(input.source), createdBy: staff },
  });
  const job = await createJob(deps, {
    shop,
    kind: DELETE_JOB,
    audience: plan,
    hold: true,
    mode: "paced",
    params: { deletionId: deletion.id },
    createdBy: staff ?? undefined,
  });
  await deps.db.customerDeletion.update({ where: { id: deletion.id }, data: { jobId: job.id } });
  return { ...deletion, jobId: job.id };
}

export function findDeletion(db: Database, shop: string, id: string) {
  return db.customerDeletion.findFirst({ where: { id, shop } });
}

/** Step two: the backup, made in the background; once at a time. */
export async function startBackup({ db, queue }: JobDeps, shop: string, id: string) {
  const deletion = await findDeletion(db, shop, id);
  if (!deletion?.jobId || deletion.confirmedAt) return false;
  const job = await db.job.findFirst({ where: { id: deletion.jobId, shop } });
  if (job?.status !== "ready") return false;
  const { count } = await db.customerDeletion.updateMany({
    where: { id, shop, backupStatus: { in: ["none", "failed"] } },
    data: { backupStatus: "running", backupError: null },
  });
  if (count)
    await queue.enqueue({
      name: BACKUP_TASK,
      shop,
      payload: { deletionId: id },
      dedupeKey: `backup:${id}:${Date.now()}`,
    });
  return count === 1;
}

/** The backup task: every profile to delete, sealed; a failure leaves nothing to delete from. */
export async function runBackup(db: Database, executor: ShopApi, shop: string, id: string) {
  const deletion = await findDeletion(db, shop, id);
  if (!deletion?.jobId || deletion.backupStatus !== "running") return;
  try {
    const count = await writeBackup(db, executor, shop, { id, jobId: deletion.jobId });
    const { backupDays } = await customerSettings(db, shop);
    await db.customerDeletion.updateMany({
      where: { id, shop, backupStatus: "running" },
      data: {
        backupStatus: "ready",
        backupCount: count,
        backupExpiresAt: new Date(Date.now() + backupDays * 86_400_000),
      },
    });
  } catch (error) {
    await db.customerBackupRecord.deleteMany({ where: { shop, deletionId: id } });
    await db.customerDeletion.updateMany({
      where: { id, shop },
      data: { backupStatus: "failed", backupError: failureText(error) },
    });
  }
}

/** The cause in a line: a database error's own words are on the last line of Prisma's message. */
function failureText(error: unknown) {
  const lines = String((error as Error)?.message ?? error)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines[lines.length - 1] ?? "unknown error").slice(0, 300);
}

export type ConfirmResult = "started" | "wrong_count" | "not_ready" | "already";

/** What a person typed, as a count: "1 204", "1,204" and "1204" are the same. */
const typedCount = (typed: string) => {
  const digits = typed.replace(/[\s,.'\u00a0\u202f]/g, "");
  return /^\d{1,9}$/.test(digits) ? Number(digits) : null;
};

/**
 * Step three: the person types the number of customers to delete; the
 * deletion starts once (a second click, or a second tab, changes nothing).
 */
export async function confirmDeletion(
  deps: JobDeps,
  shop: string,
  id: string,
  typed: string,
  staff: string | null,
): Promise<ConfirmResult> {
  const { db } = deps;
  const deletion = await findDeletion(db, shop, id);
  if (!deletion?.jobId) return "not_ready";
  if (deletion.confirmedAt) return "already";
  if (deletion.backupStatus !== "ready") return "not_ready";
  if (typedCount(typed) !== deletion.backupCount) return "wrong_count";
  const { count } = await db.customerDeletion.updateMany({
    where: { id, shop, confirmedAt: null, backupStatus: "ready" },
    data: { confirmedAt: new Date(), confirmedBy: staff },
  });
  if (!count) return "already";
  if (!(await startJob(deps, shop, deletion.jobId))) return "already";
  await recordActivity(db, shop, {
    staff,
    action: "customers.delete",
    subject: id,
    jobId: deletion.jobId,
    details: {
      customers: deletion.backupCount,
      link: `/app/customers/delete/${id}`,
      backup: `/app/customers/delete/${id}/backup?format=csv`,
    },
  });
  return "started";
}

/** Backups past their retention go, with the personal data they hold. */
export async function purgeBackups(db: Database, now = new Date()) {
  const expired = await db.customerDeletion.findMany({
    where: { backupStatus: "ready", backupExpiresAt: { lt: now } },
    select: { id: true, shop: true },
  });
  for (const deletion of expired) {
    await db.customerBackupRecord.deleteMany({
      where: { shop: deletion.shop, deletionId: deletion.id },
    });
    await db.customerDeletion.updateMany({
      where: { id: deletion.id, shop: deletion.shop },
      data: { backupStatus: "expired" },
    });
  }
}

export async function listDeletions(db: Database, shop: string, take = 20) {
  return db.customerDeletion.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take });
}
