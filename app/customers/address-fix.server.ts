import {
  AdminApiError,
  EffectUnknownError,
  userErrorMessage,
  type UserError,
} from "../admin-api/errors";
import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import {
  checkMilitaryAddress,
  suggestedChanges,
  type MilitaryAddressInput,
} from "./military-address";

export const ADDRESS_PAGE_SIZE = 25;

// Only the fields the fix changes are sent: customerAddressUpdate keeps the
// others as they are (a live store answered so, keeping address1 when only
// city, provinceCode and zip were given), so a concurrent staff edit of
// another field is not overwritten.
const UPDATE = `#graphql
  mutation PatronMilitaryAddressFix(
    $customerId: ID!
    $addressId: ID!
    $address: MailingAddressInput!
  ) {
    customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address) {
      address {
        id
        address1
        address2
        city
        provinceCode
        countryCodeV2
        zip
      }
      userErrors {
        field
        message
      }
    }
  }`;

type Row = NonNullable<Awaited<ReturnType<Database["militaryAddress"]["findFirst"]>>>;

const addressOf = (row: Row): MilitaryAddressInput => ({
  address1: row.address1,
  address2: row.address2,
  city: row.city,
  provinceCode: row.provinceCode,
  countryCodeV2: row.countryCode,
  zip: row.zip,
});

/** A page of the flagged addresses, each with its problems checked again and its fixes. */
export async function listMilitaryAddresses(db: Database, shop: string, page: number) {
  const [total, rows, byStatus] = await Promise.all([
    db.militaryAddress.count({ where: { shop } }),
    db.militaryAddress.findMany({
      where: { shop },
      orderBy: [{ foundAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * ADDRESS_PAGE_SIZE,
      take: ADDRESS_PAGE_SIZE,
    }),
    db.militaryAddress.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
  ]);
  return {
    addresses: rows.map((row) => {
      const check = checkMilitaryAddress(addressOf(row));
      return {
        id: row.id,
        customerId: row.customerId,
        isDefault: row.isDefault,
        status: row.status as "open" | "fixed" | "gone" | "failed",
        error: row.error,
        address: addressOf(row),
        kind: check.kind,
        problems: check.problems.map(({ rule, field, fix, found }) => ({
          rule,
          field,
          fix,
          found,
        })),
        fixable: Object.keys(suggestedChanges(check)).length > 0,
      };
    }),
    total,
    counts: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Record<
      string,
      number
    >,
    page,
    pages: Math.max(1, Math.ceil(total / ADDRESS_PAGE_SIZE)),
  };
}

export type FixOutcome =
  | { ok: true; remaining: number }
  | {
      ok: false;
      code: "not_found" | "not_open" | "no_fix" | "gone" | "refused" | "unknown";
      message?: string;
    };

/**
 * Applies an address's suggested fixes in Shopify. The customer or the
 * address may have been deleted since the scan: the row then says so. The
 * address Shopify answers with is checked again: what no fix could repair
 * (a missing BOX number) stays listed.
 */
export async function applySuggestedFix(
  db: Database,
  executor: ShopApi,
  shop: string,
  id: string,
): Promise<FixOutcome> {
  const row = await db.militaryAddress.findFirst({ where: { id, shop } });
  if (!row) return { ok: false, code: "not_found" };
  if (row.status === "fixed" || row.status === "gone") return { ok: false, code: "not_open" };
  const changes = suggestedChanges(checkMilitaryAddress(addressOf(row)));
  if (!Object.keys(changes).length) return { ok: false, code: "no_fix" };
  let answer: { address: MilitaryAddressInput | null; userErrors: UserError[] } | null;
  try {
    const data = await executor.mutate<{
      customerAddressUpdate: typeof answer;
    }>(UPDATE, { customerId: row.customerId, addressId: row.addressId, address: changes });
    answer = data.customerAddressUpdate;
  } catch (error) {
    // An address id Shopify no longer knows is a top-level RESOURCE_NOT_FOUND ("invalid id").
    if (error instanceof AdminApiError && error.code === "RESOURCE_NOT_FOUND")
      return markGone(db, shop, row.id, error.message);
    // Setting the same values again is harmless: the merchant may simply try again.
    if (error instanceof EffectUnknownError)
      return { ok: false, code: "unknown", message: error.message };
    throw error;
  }
  const errors = answer?.userErrors ?? [];
  if (errors.length) {
    const message = userErrorMessage(errors);
    // "Customer does not exist" / "Address does not exist": deleted since the scan.
    if (errors.some((e) => e.field?.some((f) => f === "customerId" || f === "addressId")))
      return markGone(db, shop, row.id, message);
    await db.militaryAddress.updateMany({
      where: { id: row.id, shop },
      data: { status: "failed", error: message.slice(0, 2000) },
    });
    return { ok: false, code: "refused", message };
  }
  if (!answer?.address) return markGone(db, shop, row.id, "Shopify returned no address");
  const after = checkMilitaryAddress(answer.address);
  await db.militaryAddress.updateMany({
    where: { id: row.id, shop },
    data: {
      address1: answer.address.address1 ?? null,
      address2: answer.address.address2 ?? null,
      city: answer.address.city ?? null,
      provinceCode: answer.address.provinceCode ?? null,
      countryCode: answer.address.countryCodeV2 ?? null,
      zip: answer.address.zip ?? null,
      status: after.valid ? "fixed" : "open",
      error: null,
      fixedAt: after.valid ? new Date() : null,
    },
  });
  return { ok: true, remaining: after.problems.length };
}

async function markGone(
  db: Database,
  shop: string,
  id: string,
  message: string,
): Promise<FixOutcome> {
  await db.militaryAddress.updateMany({
    where: { id, shop },
    data: { status: "gone", error: message.slice(0, 2000) },
  });
  return { ok: false, code: "gone", message };
}
