import { createHash, randomUUID } from "node:crypto";
import type { ShopApi } from "../admin-api/executor.server";
import { bulkInsert } from "../db/bulk-insert.server";
import type { Database } from "../db/db.server";
import { ACTIVE_STATUSES, cancelJob, createJob } from "../jobs/jobs.server";
import type { AudienceHooks, CustomerNode, JobKind, KindContext } from "../jobs/kinds";
import { getJobProgress, type JobProgress } from "../jobs/progress.server";
import type { TaskQueue } from "../jobs/queue";
import {
  BURST_WINDOW_S,
  PATTERN_WINDOW_S,
  SPAM_REASONS,
  SPAM_THRESHOLD,
  SPAM_WEIGHTS,
  SURROUNDINGS_S,
  accountShape,
  burstThreshold,
  patternRepeated,
  profileReasons,
  spamScore,
  windowsOf,
  type CustomerFacts,
  type SpamReason,
} from "./spam";

// The spam finder: a job of the engine reads every customer (page by page, or
// by a bulk query past the engine's threshold) and scores each one's own
// profile, keeping a row per customer; once all are read, a second pass over
// those rows finds what needs the other customers too (bursts of sign-ups, one
// shape repeated across accounts) with a few aggregate queries. Memory stays
// that of one page whatever the number of customers.

export const SPAM_SCAN_JOB = "spam_scan";

export type SpamDeps = { db: Database; queue: TaskQueue; executor: ShopApi };

const FIELDS =
  "id createdAt numberOfOrders verifiedEmail firstName lastName defaultEmailAddress { emailAddress }";

type ScanNode = CustomerNode & {
  createdAt?: string | null;
  numberOfOrders?: string | number | null;
  verifiedEmail?: boolean | null;
  firstName?: string | null;
  lastName?: string | null;
  defaultEmailAddress?: { emailAddress?: string | null } | null;
};

type ScanParams = { scanId?: string };

/** What the rules read of a customer as Shopify returns it; a missing field is null. */
export function factsOf(node: ScanNode): CustomerFacts {
  const orders = node.numberOfOrders;
  return {
    firstName: node.firstName ?? null,
    lastName: node.lastName ?? null,
    email: node.defaultEmailAddress?.emailAddress ?? null,
    verifiedEmail: node.verifiedEmail ?? null,
    numberOfOrders:
      orders === null || orders === undefined || !Number.isFinite(Number(orders))
        ? null
        : Number(orders),
  };
}

/** The shape is kept hashed: it groups accounts, nobody can read a domain back from it. */
const hashShape = (shape: string) => createHash("sha256").update(shape).digest("hex").slice(0, 20);

/** One page of customers scored on their own profiles, kept for the second pass. */
async function classify(nodes: CustomerNode[], context: KindContext) {
  const { scanId } = (context.params ?? {}) as ScanParams;
  if (!scanId || !nodes.length) return [];
  const rows = (nodes as ScanNode[]).map((node) => {
    const facts = factsOf(node);
    const reasons = profileReasons(facts);
    const at = node.createdAt ? Date.parse(node.createdAt) : NaN;
    const seconds = Number.isFinite(at) ? Math.floor(at / 1000) : null;
    const [burstA, burstB] = seconds === null ? [null, null] : windowsOf(seconds, BURST_WINDOW_S);
    const [hourA, hourB] = seconds === null ? [null, null] : windowsOf(seconds, PATTERN_WINDOW_S);
    return {
      id: randomUUID(),
      shop: context.shop,
      scanId,
      customerId: node.id,
      score: spamScore(reasons),
      reasons: reasons.join(","),
      // Minutes, so the column's 32 bits last; the windows above are from seconds.
      signedUpAt: seconds === null ? null : Math.floor(seconds / 60),
      burstA,
      burstB,
      hourA,
      hourB,
      shape: hashShape(accountShape(facts)),
    };
  });
  // A page read again (a restarted run) finds its rows there already.
  await bulkInsert(context.db, "SpamScore", rows, { skipConflictsOn: ["scanId", "customerId"] });
  return [];
}

const chunks = <T>(items: T[], size = 500) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

/**
 * The second pass, once every customer is read. Idempotent: a flag is set
 * (and its points added) only on rows without it, and the scan's end (rows
 * under the threshold deleted, working columns cleared) is one transaction,
 * so a pass run again after a crash finds the same rows and gives the same
 * scores.
 */
export async function completeScan(db: Database, shop: string, scanId: string) {
  const scan = await db.spamScan.findFirst({ where: { id: scanId, shop } });
  if (!scan || scan.status === "done") return;
  await db.spamScan.updateMany({ where: { id: scanId, shop }, data: { status: "scoring" } });
  const where = { shop, scanId };
  const all = await db.spamScore.aggregate({
    where,
    _count: { _all: true },
    _min: { signedUpAt: true },
    _max: { signedUpAt: true },
  });
  const customers = all._count._all;
  const spanS = ((all._max.signedUpAt ?? 0) - (all._min.signedUpAt ?? 0)) * 60;

  // Bursts: windows of 10 minutes with far more sign-ups than the store's pace gives.
  const threshold = burstThreshold(customers, spanS);
  const burstWindows = async (column: "burstA" | "burstB") => {
    const groups =
      column === "burstA"
        ? await db.spamScore.groupBy({
            by: ["burstA"],
            where: { ...where, burstA: { not: null } },
            having: { burstA: { _count: { gte: threshold } } },
          })
        : await db.spamScore.groupBy({
            by: ["burstB"],
            where: { ...where, burstB: { not: null } },
            having: { burstB: { _count: { gte: threshold } } },
          });
    return groups.map((g) => ("burstA" in g ? g.burstA : g.burstB) as number);
  };
  for (const column of ["burstA", "burstB"] as const) {
    for (const part of chunks(await burstWindows(column)))
      await db.spamScore.updateMany({
        where: { ...where, burst: false, [column]: { in: part } },
        data: { burst: true, score: { increment: SPAM_WEIGHTS.burst } },
      });
  }

  // Repeated shapes: one shape far more often in an hour than its usual share.
  for (const column of ["hourA", "hourB"] as const) {
    const groups = await db.spamScore.groupBy({
      by: [column, "shape"],
      where: { ...where, [column]: { not: null }, shape: { not: null } },
      _count: { _all: true },
      having: { shape: { _count: { gte: 5 } } },
    });
    if (!groups.length) continue;
    const hours = [...new Set(groups.map((g) => g[column]!))];
    const shapes = [...new Set(groups.map((g) => g.shape!))];
    const hourTotals = new Map<number, number>();
    for (const part of chunks(hours)) {
      const totals = await db.spamScore.groupBy({
        by: [column],
        where: { ...where, [column]: { in: part } },
        _count: { _all: true },
      });
      for (const t of totals) hourTotals.set(t[column]!, t._count._all);
    }
    const shapeTotals = new Map<string, number>();
    for (const part of chunks(shapes)) {
      const totals = await db.spamScore.groupBy({
        by: ["shape"],
        where: { ...where, shape: { in: part } },
        _count: { _all: true },
      });
      for (const t of totals) shapeTotals.set(t.shape!, t._count._all);
    }
    // The sign-ups around each window (minutes, as signedUpAt): counted once per window and shape.
    const aroundTotals = new Map<number, number>();
    const around = async (hour: number, shape: string | null) => {
      const start =
        (hour * PATTERN_WINDOW_S - (column === "hourB" ? PATTERN_WINDOW_S / 2 : 0)) / 60;
      const range = {
        gte: Math.floor(start - SURROUNDINGS_S / 60),
        lt: Math.ceil(start + PATTERN_WINDOW_S / 60 + SURROUNDINGS_S / 60),
      };
      if (shape !== null)
        return db.spamScore.count({ where: { ...where, shape, signedUpAt: range } });
      let total = aroundTotals.get(hour);
      if (total === undefined) {
        total = await db.spamScore.count({ where: { ...where, signedUpAt: range } });
        aroundTotals.set(hour, total);
      }
      return total;
    };
    for (const g of groups) {
      const hour = g[column]!;
      const inWindow = g._count._all;
      const windowTotal = hourTotals.get(hour) ?? inWindow;
      const figures = {
        inWindow,
        windowTotal,
        shapeTotal: shapeTotals.get(g.shape!) ?? inWindow,
        customers,
      };
      // The cheap test first: most groups are settled by the store's shares alone.
      if (!patternRepeated(figures)) continue;
      const repeated = patternRepeated({
        ...figures,
        around: {
          inShape: (await around(hour, g.shape)) - inWindow,
          total: (await around(hour, null)) - windowTotal,
        },
      });
      if (repeated)
        await db.spamScore.updateMany({
          where: { ...where, pattern: false, [column]: hour, shape: g.shape },
          data: { pattern: true, score: { increment: SPAM_WEIGHTS.repeated_pattern } },
        });
    }
  }

  const flagged = await db.spamScore.count({ where: { ...where, score: { gte: SPAM_THRESHOLD } } });
  await db.$transaction([
    db.spamScore.updateMany({ where: { ...where, score: { gt: 100 } }, data: { score: 100 } }),
    // Only what the page lists is kept, and no sign-up time or shape.
    db.spamScore.deleteMany({ where: { ...where, score: { lt: SPAM_THRESHOLD } } }),
    db.spamScore.updateMany({
      where,
      data: {
        signedUpAt: null,
        burstA: null,
        burstB: null,
        hourA: null,
        hourB: null,
        shape: null,
      },
    }),
    // The earlier scans' lists give way to this one.
    db.spamScore.deleteMany({ where: { shop, scanId: { not: scanId } } }),
    db.spamScan.deleteMany({ where: { shop, id: { not: scanId }, status: "done" } }),
    db.spamScan.updateMany({
      where: { id: scanId, shop },
      data: { status: "done", read: customers, flagged, finishedAt: new Date() },
    }),
  ]);
}

export const spamAudience: AudienceHooks = {
  fields: FIELDS,
  classify,
  complete: async (context) => {
    const { scanId } = (context.params ?? {}) as ScanParams;
    if (scanId) await completeScan(context.db, context.shop, scanId);
  },
};

/**
 * The scan's job: all its work is reading the audience (classify) and the
 * second pass (complete); it has no item to do, so perform never runs.
 */
export const spamScanJob: JobKind = {
  audience: spamAudience,
  perform: async () => ({ status: "skipped", reason: "nothing_to_do" }),
  reconcile: async () => ({ status: "skipped", reason: "nothing_to_do" }),
};

const COUNT = `#graphql
  query PatronSpamScanCount {
    customersCount(limit: null) { count }
  }`;

/** A scan still at work (reading or scoring), or null. */
async function activeScan(db: Database, shop: string) {
  const scan = await db.spamScan.findFirst({
    where: { shop, status: { not: "done" } },
    orderBy: { createdAt: "desc" },
  });
  if (!scan?.jobId) return null;
  const job = await db.job.findFirst({
    where: { id: scan.jobId, shop },
    select: { status: true },
  });
  return job && [...ACTIVE_STATUSES, "paused"].includes(job.status) ? scan : null;
}

/**
 * Starts a scan of every customer, unless one is at work already (a second
 * click starts nothing). Rows of earlier scans that never finished go.
 */
export async function startSpamScan(
  { db, queue, executor }: SpamDeps,
  shop: string,
  { staff }: { staff: string | null },
) {
  const running = await activeScan(db, shop);
  if (running) return { scanId: running.id, started: false };
  const { customersCount } = await executor.query<{ customersCount: { count: number } }>(COUNT);
  const unfinished = await db.spamScan.findMany({
    where: { shop, status: { not: "done" } },
    select: { id: true },
  });
  const ids = unfinished.map((s) => s.id);
  await db.$transaction([
    db.spamScore.deleteMany({ where: { shop, scanId: { in: ids } } }),
    db.spamScan.deleteMany({ where: { shop, id: { in: ids } } }),
  ]);
  const scan = await db.spamScan.create({
    data: { shop, expected: customersCount.count, createdBy: staff },
  });
  const job = await createJob(
    { db, queue },
    {
      shop,
      kind: SPAM_SCAN_JOB,
      audience: { query: "" },
      params: { scanId: scan.id },
      mode: "paced",
      createdBy: staff ?? undefined,
    },
  );
  await db.spamScan.updateMany({ where: { id: scan.id, shop }, data: { jobId: job.id } });
  return { scanId: scan.id, started: true };
}

/** Stops the scan at work; its rows go when the next scan starts. */
export async function cancelSpamScan({ db, queue }: SpamDeps, shop: string) {
  const scan = await activeScan(db, shop);
  if (!scan?.jobId) return false;
  return cancelJob({ db, queue }, shop, scan.jobId);
}

/**
 * Where the scan is:
 * - reading: customers read so far out of Shopify's count;
 * - exporting: Shopify prepares a bulk export of the customers (large stores);
 * - scoring: the second pass; done; failed or cancelled (the job says why).
 */
export type ScanPhase = "reading" | "exporting" | "scoring" | "done" | "failed" | "cancelled";

export type ScanView = {
  id: string;
  phase: ScanPhase;
  expected: number;
  read: number;
  flagged: number;
  createdAt: string;
  finishedAt: string | null;
  job: JobProgress | null;
};

function phaseOf(status: string, job: { status: string; bulkOperationId?: string | null } | null) {
  if (status === "done") return "done";
  if (!job || job.status === "failed") return "failed";
  if (job.status === "cancelled" || job.status === "cancelling") return "cancelled";
  return status === "scoring" ? "scoring" : "reading";
}

/** The shop's latest scan, and the latest finished one (whose list the page shows). */
export async function scanOverview(db: Database, shop: string) {
  const [latest, lastDone] = await Promise.all([
    db.spamScan.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } }),
    db.spamScan.findFirst({ where: { shop, status: "done" }, orderBy: { createdAt: "desc" } }),
  ]);
  const view = async (scan: NonNullable<typeof latest>): Promise<ScanView> => {
    const job = scan.jobId ? await getJobProgress(db, shop, scan.jobId) : null;
    const row = scan.jobId
      ? await db.job.findFirst({
          where: { id: scan.jobId, shop },
          select: { status: true, bulkOperationId: true },
        })
      : null;
    let phase: ScanPhase = phaseOf(scan.status, row);
    const read =
      scan.status === "done"
        ? scan.read
        : await db.spamScore.count({ where: { shop, scanId: scan.id } });
    if (phase === "reading" && row?.bulkOperationId && read === 0) phase = "exporting";
    return {
      id: scan.id,
      phase,
      expected: scan.expected,
      read,
      flagged: scan.flagged,
      createdAt: scan.createdAt.toISOString(),
      finishedAt: scan.finishedAt?.toISOString() ?? null,
      job,
    };
  };
  return {
    latest: latest ? await view(latest) : null,
    lastDone: lastDone && lastDone.id !== latest?.id ? await view(lastDone) : null,
  };
}

export const SUSPECTS_PAGE_SIZE = 50;

const PEOPLE = `#graphql
  query PatronSpamPeople($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id
        displayName
        defaultEmailAddress { emailAddress }
        createdAt
        numberOfOrders
      }
    }
  }`;

type Person = {
  id: string;
  displayName: string | null;
  defaultEmailAddress: { emailAddress: string | null } | null;
  createdAt: string | null;
  numberOfOrders: string | null;
};

export type Suspect = {
  id: string;
  score: number;
  reasons: SpamReason[];
  name: string | null;
  email: string | null;
  createdAt: string | null;
  orders: number | null;
};

function reasonsOf(row: { reasons: string; burst: boolean; pattern: boolean }): SpamReason[] {
  const found = new Set(row.reasons.split(","));
  if (row.burst) found.add("burst");
  if (row.pattern) found.add("repeated_pattern");
  return SPAM_REASONS.filter((r) => found.has(r));
}

/**
 * One page of a finished scan's suspects, highest score first. Names and
 * emails are read from Shopify for the page, never stored. A customer
 * Shopify no longer has (deleted since the scan) leaves the list.
 */
export async function listSuspects(
  db: Database,
  executor: ShopApi,
  shop: string,
  scanId: string,
  page: number,
) {
  const where = { shop, scanId };
  const read = () =>
    db.spamScore.findMany({
      where,
      orderBy: [{ score: "desc" }, { customerId: "asc" }],
      skip: (page - 1) * SUSPECTS_PAGE_SIZE,
      take: SUSPECTS_PAGE_SIZE,
      select: { customerId: true, score: true, reasons: true, burst: true, pattern: true },
    });
  let rows = await read();
  let people = new Map<string, Person>();
  // Twice at most: a page that lost customers deleted since the scan is read again.
  for (let attempt = 0; attempt < 2 && rows.length; attempt++) {
    const { nodes } = await executor.query<{ nodes: (Person | null)[] }>(PEOPLE, {
      ids: rows.map((r) => r.customerId),
    });
    people = new Map(nodes.filter((n): n is Person => !!n?.id).map((n) => [n.id, n]));
    const gone = rows.filter((r) => !people.has(r.customerId)).map((r) => r.customerId);
    if (!gone.length) break;
    await db.spamScore.deleteMany({ where: { ...where, customerId: { in: gone } } });
    rows = await read();
  }
  const total = await db.spamScore.count({ where });
  return {
    total,
    pages: Math.max(1, Math.ceil(total / SUSPECTS_PAGE_SIZE)),
    suspects: rows
      .filter((r) => people.has(r.customerId))
      .map((row): Suspect => {
        const person = people.get(row.customerId)!;
        return {
          id: row.customerId,
          score: row.score,
          reasons: reasonsOf(row),
          name: person.displayName?.trim() || null,
          email: person.defaultEmailAddress?.emailAddress ?? null,
          createdAt: person.createdAt ?? null,
          orders: person.numberOfOrders === null ? null : Number(person.numberOfOrders),
        };
      }),
  };
}

/**
 * Daily cleanup: rows of scans whose job ended without finishing them
 * (failed, cancelled, gone) more than a day ago.
 */
export async function purgeAbandonedScans(db: Database, now = Date.now()) {
  const stale = await db.spamScan.findMany({
    where: { status: { not: "done" }, createdAt: { lt: new Date(now - 86_400_000) } },
    select: { id: true, shop: true, jobId: true },
  });
  for (const scan of stale) {
    const job = scan.jobId
      ? await db.job.findFirst({ where: { id: scan.jobId, shop: scan.shop } })
      : null;
    if (job && [...ACTIVE_STATUSES, "paused"].includes(job.status)) continue;
    await db.$transaction([
      db.spamScore.deleteMany({ where: { shop: scan.shop, scanId: scan.id } }),
      db.spamScan.deleteMany({ where: { shop: scan.shop, id: scan.id } }),
    ]);
  }
}
