import {
  BulkLimitReachedError,
  FINISHED,
  bulkOperation,
  jsonlLines,
  startBulkQuery,
} from "../admin-api/bulk.server";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { decryptSecret, encryptSecret } from "../mail/secrets.server";
import { encryptionKey } from "../mail/settings.server";
import type { CsvEmails } from "./csv.server";

// An uploaded CSV is personal data (emails): kept encrypted, a week at most.
const KEEP_MS = 7 * 86_400_000;
// Above this many emails, one bulk read of every customer beats searching for each.
const SEARCH_LIMIT = 2_000;
const PER_SEARCH = 40;

/** What an upload keeps, encrypted. */
type Sealed = {
  csv: CsvEmails;
  /** email → customer id, once resolved. */
  customers?: Record<string, string>;
  /** The bulk read of customers, while it runs. */
  operationId?: string;
};

export class UploadNotReadyError extends Error {
  constructor(readonly status: string) {
    super(`The uploaded file is ${status}, not ready for a campaign`);
    this.name = "UploadNotReadyError";
  }
}

const seal = (data: Sealed) => encryptSecret(JSON.stringify(data), encryptionKey());
const unseal = (text: string) => JSON.parse(decryptSecret(text, encryptionKey())) as Sealed;

export async function saveUpload(db: Database, shop: string, filename: string, csv: CsvEmails) {
  const row = await db.audienceUpload.create({
    data: {
      shop,
      filename: filename.slice(0, 200),
      rows: csv.rows,
      sealed: seal({ csv }),
      expiresAt: new Date(Date.now() + KEEP_MS),
    },
  });
  return row.id;
}

async function load(db: Database, shop: string, id: string) {
  const row = await db.audienceUpload.findFirst({
    where: { id, shop, expiresAt: { gt: new Date() } },
  });
  return row ? { row, data: unseal(row.sealed) } : null;
}

/** The upload's report for the page: counts, and the rows with a problem or no customer. */
export async function uploadReport(db: Database, shop: string, id: string) {
  const found = await load(db, shop, id);
  if (!found) return null;
  const { row, data } = found;
  const customers = data.customers ?? {};
  const unknown = data.customers ? data.csv.emails.filter((e) => !customers[e.email]) : [];
  return {
    id: row.id,
    filename: row.filename,
    status: row.status,
    rows: row.rows,
    encoding: data.csv.encoding,
    emails: data.csv.emails.length,
    matched: Object.keys(customers).length,
    problems: data.csv.problems.slice(0, 200),
    problemCount: data.csv.problems.length,
    unknown: unknown.slice(0, 200),
    unknownCount: unknown.length,
  };
}

/** The customers of a resolved upload, for a campaign's audience. */
export async function uploadCustomers(db: Database, shop: string, id: string) {
  const found = await load(db, shop, id);
  if (!found) throw new UploadNotReadyError("missing or expired");
  if (found.row.status !== "resolved") throw new UploadNotReadyError(found.row.status);
  return [...new Set(Object.values(found.data.customers ?? {}))];
}

const SEARCH = `#graphql
  query PatronEmailsToCustomers($query: String!, $first: Int!) {
    customers(first: $first, query: $query) { nodes { id defaultEmailAddress { emailAddress } } }
  }`;

type Found = { id: string; defaultEmailAddress?: { emailAddress: string | null } | null };

/**
 * Finds the customers of an upload's emails. A few thousand are searched for
 * (exact email filters, OR'ed); more are matched against one bulk read of
 * every customer. Returns when to look again while the bulk read runs.
 */
export async function resolveUpload(
  executor: ShopApi,
  db: Database,
  shop: string,
  id: string,
): Promise<{ retryAt: Date } | undefined> {
  const found = await load(db, shop, id);
  if (!found || found.row.status === "resolved") return undefined;
  const { data } = found;
  const wanted = new Set(data.csv.emails.map((e) => e.email));
  const customers: Record<string, string> = {};
  const keep = (node: Found) => {
    const email = node.defaultEmailAddress?.emailAddress?.toLowerCase();
    if (email && wanted.has(email)) customers[email] ??= node.id;
  };
  if (wanted.size <= SEARCH_LIMIT) {
    const emails = [...wanted];
    for (let i = 0; i < emails.length; i += PER_SEARCH) {
      const part = emails.slice(i, i + PER_SEARCH);
      const query = part.map((e) => `email:"${e.replace(/["\\]/g, "")}"`).join(" OR ");
      const page = await executor.query<{ customers: { nodes: Found[] } }>(SEARCH, {
        query,
        first: 250,
      });
      page.customers.nodes.forEach(keep);
    }
  } else {
    if (!data.operationId) {
      try {
        const op = await startBulkQuery(
          executor,
          `{ customers { edges { node { id defaultEmailAddress { emailAddress } } } } }`,
        );
        await db.audienceUpload.updateMany({
          where: { id, shop },
          data: { status: "resolving", sealed: seal({ ...data, operationId: op.id }) },
        });
      } catch (error) {
        if (!(error instanceof BulkLimitReachedError)) throw error;
      }
      return { retryAt: new Date(Date.now() + 2_000) };
    }
    const op = await bulkOperation(executor, data.operationId);
    if (op && !FINISHED.has(op.status)) return { retryAt: new Date(Date.now() + 2_000) };
    if (!op?.url) {
      await db.audienceUpload.updateMany({ where: { id, shop }, data: { status: "failed" } });
      return undefined;
    }
    for await (const line of jsonlLines(op.url)) keep(line as unknown as Found);
  }
  await db.audienceUpload.updateMany({
    where: { id, shop },
    data: { status: "resolved", sealed: seal({ csv: data.csv, customers }) },
  });
  return undefined;
}

/** Expired uploads go (their emails with them). */
export async function purgeUploads(db: Database) {
  await db.audienceUpload.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}
