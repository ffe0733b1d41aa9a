import { stringify } from "csv-stringify/sync";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { decryptSecret, encryptSecret } from "../mail/secrets.server";
import { encryptionKey } from "../mail/settings.server";

// Ten profiles a query keeps its cost (addresses and metafields count per customer) under Shopify's 1,000.
const PAGE = 10;

const PROFILES = `#graphql
  query PatronBackupProfiles($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id
        firstName
        lastName
        note
        tags
        locale
        state
        createdAt
        updatedAt
        numberOfOrders
        verifiedEmail
        taxExempt
        defaultEmailAddress { emailAddress marketingState marketingOptInLevel marketingUpdatedAt }
        defaultPhoneNumber {
          phoneNumber
          smsMarketingConsent { state optInLevel updatedAt }
        }
        defaultAddress { id }
        addressesV2(first: 20) {
          nodes {
            id address1 address2 city company countryCodeV2 firstName lastName phone
            province provinceCode zip
          }
        }
        metafields(first: 50) { nodes { namespace key type value } }
      }
    }
  }`;

export type Profile = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  note: string | null;
  tags: string[];
  locale: string | null;
  state: string;
  createdAt: string;
  updatedAt: string;
  numberOfOrders: string;
  verifiedEmail: boolean;
  taxExempt: boolean;
  defaultEmailAddress: {
    emailAddress: string | null;
    marketingState: string | null;
    marketingOptInLevel: string | null;
    marketingUpdatedAt: string | null;
  } | null;
  defaultPhoneNumber: {
    phoneNumber: string | null;
    smsMarketingConsent: {
      state: string;
      optInLevel: string | null;
      updatedAt: string | null;
    } | null;
  } | null;
  defaultAddress: { id: string } | null;
  addressesV2: { nodes: Record<string, string | null>[] };
  metafields: { nodes: { namespace: string; key: string; type: string; value: string }[] };
};

/** The backup could not be made: nothing is deleted. */
export class BackupError extends Error {
  override name = "BackupError";
}

/**
 * Reads the full profile of each customer to delete and keeps it sealed
 * (AES-256-GCM) in the database, one row per customer (so a customer's
 * erasure request removes just theirs). Starts over when run again.
 * Returns the number of profiles kept; a customer gone since the report is
 * not in it (and so will not be deleted).
 */
export async function writeBackup(
  db: Database,
  executor: ShopApi,
  shop: string,
  deletion: { id: string; jobId: string },
) {
  const key = encryptionKey();
  await db.customerBackupRecord.deleteMany({ where: { shop, deletionId: deletion.id } });
  let seq = 0;
  for (let after = -1; ;) {
    const items = await db.jobItem.findMany({
      where: { shop, jobId: deletion.jobId, status: "pending", seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: PAGE,
      select: { seq: true, target: true },
    });
    if (!items.length) break;
    after = items[items.length - 1]!.seq;
    const { nodes } = await executor.query<{ nodes: (Profile | null)[] }>(PROFILES, {
      ids: items.map((i) => i.target),
    });
    const rows = nodes
      .filter((p): p is Profile => p !== null && typeof p.id === "string")
      .map((profile) => ({
        shop,
        deletionId: deletion.id,
        customerId: profile.id,
        seq: seq++,
        sealed: encryptSecret(JSON.stringify(profile), key),
      }));
    if (rows.length) await db.customerBackupRecord.createMany({ data: rows });
  }
  return seq;
}

/** The profiles of a backup, in order, opened page by page. */
export async function* backupProfiles(db: Database, shop: string, deletionId: string) {
  const key = encryptionKey();
  for (let after = -1; ;) {
    const rows = await db.customerBackupRecord.findMany({
      where: { shop, deletionId, seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: 500,
      select: { seq: true, sealed: true },
    });
    if (!rows.length) return;
    after = rows[rows.length - 1]!.seq;
    for (const row of rows) yield JSON.parse(decryptSecret(row.sealed, key)) as Profile;
  }
}

const CSV_COLUMNS = [
  "id",
  "first_name",
  "last_name",
  "email",
  "email_marketing",
  "phone",
  "tags",
  "note",
  "locale",
  "state",
  "orders",
  "verified_email",
  "created_at",
  "default_address",
  "addresses",
  "metafields",
];

function csvRow(p: Profile) {
  const defaultAddress = p.addressesV2.nodes.find((a) => a.id === p.defaultAddress?.id);
  const line = (a: Record<string, string | null>) =>
    [a.address1, a.address2, a.zip, a.city, a.provinceCode, a.countryCodeV2]
      .filter(Boolean)
      .join(", ");
  return [
    p.id.replace("gid://shopify/Customer/", ""),
    p.firstName ?? "",
    p.lastName ?? "",
    p.defaultEmailAddress?.emailAddress ?? "",
    p.defaultEmailAddress?.marketingState ?? "",
    p.defaultPhoneNumber?.phoneNumber ?? "",
    p.tags.join(", "),
    p.note ?? "",
    p.locale ?? "",
    p.state,
    p.numberOfOrders,
    String(p.verifiedEmail),
    p.createdAt,
    defaultAddress ? line(defaultAddress) : "",
    JSON.stringify(p.addressesV2.nodes),
    JSON.stringify(p.metafields.nodes),
  ];
}

/** A backup as a file: CSV (opens in a spreadsheet) or JSONL (every field, as Shopify gave it). */
export function backupFile(
  db: Database,
  shop: string,
  deletionId: string,
  format: "csv" | "jsonl",
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const profiles = backupProfiles(db, shop, deletionId);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started && format === "csv") {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + stringify([CSV_COLUMNS])));
        return;
      }
      const lines: string[] = [];
      for (let i = 0; i < 200; i++) {
        const next = await profiles.next();
        if (next.done) break;
        lines.push(
          format === "csv" ? stringify([csvRow(next.value)]) : JSON.stringify(next.value) + "\n",
        );
      }
      if (!lines.length) return controller.close();
      controller.enqueue(encoder.encode(lines.join("")));
    },
  });
}
