import {
  BulkLimitReachedError,
  FINISHED,
  bulkOperation,
  jsonlLines,
  startBulkQuery,
} from "../admin-api/bulk.server";
import { AccessDeniedError } from "../admin-api/errors";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import type { Prisma } from "../generated/prisma/client";
import { pollMs } from "../jobs/audience.server";
import type { TaskQueue, TaskResult } from "../jobs/queue";
import { checkMilitaryAddress, type MilitaryAddressInput } from "./military-address";

/**
 * The scan of every customer address (default and others) for US military
 * addresses that break a rule. Shopify's customer search has no filter that
 * finds them: the documented filters of `customers(query:)` name no city,
 * state or address line, `country` reads one address, and an address whose
 * only military sign is its lines ("PSC 1234 Box 5678, Ramstein") or whose
 * country is wrong would be missed by any narrowing. So the scan reads every
 * address once, with a bulk query: one operation whatever the store's size
 * (100,000 customers), no rate-limit points, and a JSONL result streamed
 * line by line, so memory stays flat. Only military addresses with a
 * problem are kept.
 */
export const ADDRESS_SCAN_TASK = "customers.address-scan";
export const SCAN_MAX_ATTEMPTS = 8;
// A running scan that has not moved for this long lost its worker: a new one may start.
const STALE_MS = 30 * 60_000;
const BATCH = 200;

const COUNT = `#graphql
  query PatronAddressScanCount {
    customersCount(limit: null) {
      count
    }
  }`;

// Bulk queries take no variables; the nested addresses come as lines of
// their own with __parentId, after their customer's line.
const SCAN = `#graphql
  query PatronAddressScan {
    customers {
      edges {
        node {
          id
          defaultAddress {
            id
            address1
            address2
            city
            provinceCode
            countryCodeV2
            zip
          }
          addressesV2 {
            edges {
              node {
                id
                address1
                address2
                city
                provinceCode
                countryCodeV2
                zip
              }
            }
          }
        }
      }
    }
  }`;

export type ScanErrorCode = "access_denied" | "bulk_failed" | "scan_error";

export async function scanStatus(db: Database, shop: string) {
  const scan = await db.addressScan.findUnique({ where: { shop } });
  if (!scan) return null;
  return {
    status: scan.status as "running" | "completed" | "failed",
    total: scan.total,
    read: scan.read,
    checked: scan.checked,
    military: scan.military,
    flagged: scan.flagged,
    errorCode: scan.errorCode,
    error: scan.error,
    startedAt: scan.startedAt.toISOString(),
    finishedAt: scan.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Starts a scan unless one is running; answers false when one already was.
 * The work is a background task: the page follows its progress.
 */
export async function startScan(
  deps: { db: Database; queue: TaskQueue; executor: ShopApi },
  shop: string,
) {
  const { db, queue, executor } = deps;
  const current = await db.addressScan.findUnique({ where: { shop } });
  if (current?.status === "running" && current.updatedAt.getTime() > Date.now() - STALE_MS)
    return false;
  const { customersCount } = await executor.query<{ customersCount: { count: number } }>(COUNT);
  const fresh = {
    status: "running",
    bulkOperationId: null,
    total: customersCount.count,
    read: 0,
    checked: 0,
    military: 0,
    flagged: 0,
    errorCode: null,
    error: null,
    startedAt: new Date(),
    finishedAt: null,
  };
  // Claimed with a condition, so two clicks at once start one scan.
  const claimed = current
    ? await db.addressScan.updateMany({
        where: { shop, updatedAt: current.updatedAt },
        data: fresh,
      })
    : await db.addressScan
        .create({ data: { shop, ...fresh } })
        .then(() => ({ count: 1 }))
        .catch(() => ({ count: 0 }));
  if (!claimed.count) return false;
  await queue.enqueue({
    name: ADDRESS_SCAN_TASK,
    shop,
    payload: null,
    dedupeKey: "address-scan",
    maxAttempts: SCAN_MAX_ATTEMPTS,
  });
  return true;
}

/** bulk_operations/finish: the scan waiting on that operation reads it now rather than at its next poll. */
export async function scanOperationFinished(
  db: Database,
  queue: TaskQueue,
  shop: string,
  operationId: string,
) {
  const scan = await db.addressScan.findFirst({
    where: { shop, status: "running", bulkOperationId: operationId },
    select: { shop: true },
  });
  if (scan)
    await queue.enqueue({
      name: ADDRESS_SCAN_TASK,
      shop,
      payload: null,
      dedupeKey: "address-scan",
      maxAttempts: SCAN_MAX_ATTEMPTS,
    });
}

/**
 * The scan's background task, one step at a time: start the bulk query,
 * poll it, read its result. A refusal that retrying cannot fix, or retries
 * run out, fails the scan with the reason instead of leaving it running.
 */
export async function runScanTask(db: Database, executor: ShopApi, shop: string, attempt: number) {
  try {
    return await scanStep(db, executor, shop);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (error instanceof AccessDeniedError) return failScan(db, shop, "access_denied", message);
    if (attempt >= SCAN_MAX_ATTEMPTS) return failScan(db, shop, "scan_error", message);
    throw error;
  }
}

async function failScan(db: Database, shop: string, code: ScanErrorCode, error: string) {
  await db.addressScan.updateMany({
    where: { shop, status: "running" },
    data: {
      status: "failed",
      errorCode: code,
      error: error.slice(0, 2000),
      finishedAt: new Date(),
    },
  });
}

async function scanStep(db: Database, executor: ShopApi, shop: string): Promise<TaskResult> {
  const scan = await db.addressScan.findUnique({ where: { shop } });
  if (scan?.status !== "running") return;
  const later = () => ({ retryAt: new Date(Date.now() + pollMs()) });
  if (!scan.bulkOperationId) {
    let op;
    try {
      op = await startBulkQuery(executor, SCAN);
    } catch (error) {
      // Five bulk operations already run in this shop (a campaign's, say): wait for a slot.
      if (error instanceof BulkLimitReachedError) return { retryAt: new Date(Date.now() + 30_000) };
      throw error;
    }
    await db.addressScan.updateMany({
      where: { shop, status: "running" },
      data: { bulkOperationId: op.id },
    });
    return later();
  }
  const op = await bulkOperation(executor, scan.bulkOperationId);
  if (op && !FINISHED.has(op.status)) {
    await db.addressScan.updateMany({
      where: { shop, status: "running" },
      data: { read: Number(op.objectCount) || 0 },
    });
    return later();
  }
  if (!op || op.status !== "COMPLETED") {
    const words = `${op?.status ?? "operation not found"} ${op?.errorCode ?? ""}`.trim();
    await failScan(
      db,
      shop,
      op?.errorCode === "ACCESS_DENIED" ? "access_denied" : "bulk_failed",
      words,
    );
    return;
  }
  const counts = await checkScanLines(db, shop, op.url ? jsonlLines(op.url) : []);
  await db.addressScan.updateMany({
    where: { shop, status: "running" },
    data: {
      ...counts,
      read: Number(op.objectCount) || 0,
      status: "completed",
      finishedAt: new Date(),
    },
  });
}

type Line = Record<string, unknown>;

/**
 * Reads the bulk query's lines (a customer, or one of its addresses with
 * __parentId) and keeps the military addresses that break a rule. Started
 * again after a crash, it starts over: the rows of the last read are
 * replaced, never added to.
 */
export async function checkScanLines(
  db: Database,
  shop: string,
  lines: AsyncIterable<Line> | Iterable<Line>,
) {
  await db.militaryAddress.deleteMany({ where: { shop } });
  const counts = { checked: 0, military: 0, flagged: 0 };
  // Military addresses already counted: the default address is both in its
  // customer's line and in a line of its own.
  const seen = new Set<string>();
  let batch: Prisma.MilitaryAddressCreateManyInput[] = [];
  const flush = async () => {
    if (batch.length) await db.militaryAddress.createMany({ data: batch });
    batch = [];
    await db.addressScan.updateMany({ where: { shop, status: "running" }, data: counts });
  };
  const record = (address: unknown, customerId: unknown, isDefault: boolean) => {
    const a = address as (MilitaryAddressInput & { id?: unknown }) | null;
    // A line without the ids needed to fix it (malformed) is passed over.
    if (!a || typeof a.id !== "string" || typeof customerId !== "string") return;
    if (seen.has(a.id)) return;
    const check = checkMilitaryAddress(a);
    if (!check.military) return;
    seen.add(a.id);
    counts.military++;
    if (check.valid) return;
    counts.flagged++;
    batch.push({
      shop,
      customerId,
      addressId: a.id,
      isDefault,
      address1: text(a.address1),
      address2: text(a.address2),
      city: text(a.city),
      provinceCode: text(a.provinceCode),
      countryCode: text(a.countryCodeV2),
      zip: text(a.zip),
    });
  };
  for await (const line of lines) {
    if (!line || typeof line !== "object") continue;
    if (typeof line.__parentId === "string") {
      record(line, line.__parentId, false);
      continue;
    }
    counts.checked++;
    record(line.defaultAddress, line.id, true);
    if (batch.length >= BATCH || counts.checked % 1000 === 0) await flush();
  }
  await flush();
  return counts;
}

const text = (value: unknown) => (typeof value === "string" ? value : null);
