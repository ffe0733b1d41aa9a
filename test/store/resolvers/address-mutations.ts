import { GraphQLError } from "graphql";
import { idArg, parseGid } from "../ids";
import type { Address, CustomerRecord } from "../model";
import { userError, type Ctx, type ResolverMap } from "./context";
import { emitCustomerUpdate } from "./customer-mutations";
import { addressView } from "./views";

/** MailingAddressInput (2026-10): every field optional. */
interface MailingAddressInput {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  company?: string | null;
  country?: string | null;
  countryCode?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  zip?: string | null;
}

// The US zones Shopify offers, the armed forces' among them (Shopify help,
// "US military shipping address requirements": Armed Forces Americas, Europe,
// Pacific are picked in the State field). Other countries' zones are not
// simulated: their province codes are taken as given.
const US_ZONES = new Set(
  (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ " +
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP"
  ).split(" "),
);
const ARMED_FORCES: Record<string, string> = {
  AA: "Armed Forces Americas",
  AE: "Armed Forces Europe",
  AP: "Armed Forces Pacific",
};
const regionName = new Intl.DisplayNames(["en"], { type: "region" });

/**
 * customerAddressUpdate. Recorded answers of a live store (API 2025-01,
 * https://github.com/airhorns/shopify-draft-proxy, fixtures/conformance/…/customers/customer-address-lifecycle.json):
 * only the fields given change (city, provinceCode and zip given, address1
 * kept); blank strings become null; an address id nobody has is a top-level
 * `invalid id` error with RESOURCE_NOT_FOUND and the field null; another
 * customer's address is `Address does not exist` on addressId; an invalid
 * province is `Province is invalid` on [address, province], an invalid
 * country `Country is invalid` on [address, country]. Unverified: the answer
 * for a customer that does not exist, taken from customerAddressCreate's
 * recorded `Customer does not exist` on customerId.
 */
function customerAddressUpdate(
  _s: unknown,
  args: {
    customerId: string;
    addressId: string;
    address: MailingAddressInput;
    setAsDefault?: boolean | null;
  },
  ctx: Ctx,
) {
  const fail = (field: string[], message: string) => ({
    address: null,
    userErrors: [userError(field, message)],
  });
  const customerId = idArg(args.customerId, "Customer");
  const c = customerId === null ? undefined : ctx.shop.customers.get(customerId);
  if (!c) return fail(["customerId"], "Customer does not exist");
  const parsed = parseGid(args.addressId);
  const index = parsed ? c.addresses.findIndex((a) => a.id === parsed.id) : -1;
  if (index < 0) {
    if (parsed && ownedByAnother(ctx, parsed.id))
      return fail(["addressId"], "Address does not exist");
    throw new GraphQLError("invalid id", { extensions: { code: "RESOURCE_NOT_FOUND" } });
  }
  const next = changed(c.addresses[index]!, args.address);
  if (next.countryCode === "ZZ") return fail(["address", "country"], "Country is invalid");
  if (next.countryCode === "US" && next.provinceCode && !US_ZONES.has(next.provinceCode))
    return fail(["address", "province"], "Province is invalid");
  // A new object: seeded orders share their customer's address record.
  c.addresses[index] = next;
  if (args.setAsDefault) c.defaultAddressIndex = index;
  ctx.shop.touchCustomer(c);
  emitCustomerUpdate(ctx, c);
  return { address: addressView(next), userErrors: [] };
}

function ownedByAnother(ctx: Ctx, addressId: number) {
  for (const other of ctx.shop.customers.values() as Iterable<CustomerRecord>)
    if (other.addresses.some((a) => a.id === addressId)) return true;
  return false;
}

/** The address with the given fields changed, the others as they were. */
function changed(before: Address, input: MailingAddressInput): Address {
  const next: Address = { ...before };
  const blankless = (value: string | null | undefined) =>
    value === undefined ? undefined : value === null || value.trim() === "" ? null : value;
  for (const key of [
    "address1",
    "address2",
    "city",
    "company",
    "firstName",
    "lastName",
    "phone",
    "zip",
  ] as const) {
    const value = blankless(input[key]);
    if (value !== undefined) next[key] = value;
  }
  const countryCode = blankless(input.countryCode);
  if (countryCode !== undefined) {
    next.countryCode = countryCode;
    next.country = countryCode ? (regionName.of(countryCode) ?? countryCode) : null;
  }
  const provinceCode = blankless(input.provinceCode);
  if (provinceCode !== undefined) {
    next.provinceCode = provinceCode?.toUpperCase() ?? null;
    next.province = provinceCode
      ? (ARMED_FORCES[provinceCode.toUpperCase()] ?? input.province ?? provinceCode)
      : null;
  }
  return next;
}

export const addressMutationResolvers: ResolverMap = {
  Mutation: { customerAddressUpdate },
};
