/**
 * MailingAddressInput → Address, checked the way Shopify answers
 * customerAddressCreate / customerAddressUpdate. Behaviour and messages are
 * Shopify's recorded answers (API 2025-01 and 2026-04, a live store:
 * https://github.com/airhorns/shopify-draft-proxy, fixtures/conformance/…/customers/
 * customer-address-lifecycle.json, customer-address-input-validation.json,
 * customer-address-country-province-validation.json):
 * - values are trimmed, blank ones become null;
 * - `countryCode` sets the country (its English name), `provinceCode` the
 *   zone, which must be one of the country's zones ("Province is invalid");
 *   an unknown country is "Country is invalid";
 * - more than 255 characters, HTML tags, URLs (city, zip) and emojis are
 *   refused with "<Field> is too long (maximum is 255 characters)",
 *   "<Field> cannot contain HTML tags", "<Field> cannot contain URL",
 *   "<Field> cannot contain emojis", on field ["address", "<field>"].
 * The deprecated `country` / `province` (names) are accepted when they name
 * the country or zone. Phone numbers are kept as given (Shopify normalizes
 * them to E.164; not simulated).
 */
import { COUNTRIES } from "./countries";
import type { Address } from "./model";

export interface MailingAddressInput {
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

export interface AddressError {
  field: string[];
  message: string;
}

const TEXT_FIELDS = [
  "firstName",
  "lastName",
  "company",
  "address1",
  "address2",
  "city",
  "zip",
  "phone",
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** Rails-style attribute names in messages ("Address1 is too long …"). */
const LABELS: Record<TextField, string> = {
  firstName: "First name",
  lastName: "Last name",
  company: "Company",
  address1: "Address1",
  address2: "Address2",
  city: "City",
  zip: "Zip",
  phone: "Phone",
};

const HTML_TAG = /<\/?[a-z!][^>]*>|<[a-z]/i;
const URL = /\bhttps?:\/\/|\bwww\./i;
const EMOJI = /\p{Extended_Pictographic}/u;

export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  return COUNTRIES[code.toUpperCase()]?.[0] ?? null;
}

export function zoneOf(
  countryCode: string | null | undefined,
  zone: string | null | undefined,
): { code: string; name: string } | null {
  if (!countryCode || !zone) return null;
  const zones = COUNTRIES[countryCode.toUpperCase()]?.[1] ?? [];
  const want = zone.trim().toLowerCase();
  const hit = zones.find(([c, n]) => c.toLowerCase() === want || n.toLowerCase() === want);
  return hit ? { code: hit[0], name: hit[1] } : null;
}

function clean(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * The address after applying `input` to `base` (fields left out keep their
 * value), or the first error Shopify would report.
 */
export function applyAddressInput(
  base: Address,
  input: MailingAddressInput,
): { address: Address } | { error: AddressError } {
  const next: Address = { ...base };
  for (const field of TEXT_FIELDS) {
    const value = clean(input[field]);
    if (value === undefined) continue;
    if (value !== null) {
      const label = LABELS[field];
      const at = ["address", field];
      if (value.length > 255)
        return {
          error: { field: at, message: `${label} is too long (maximum is 255 characters)` },
        };
      if (HTML_TAG.test(value))
        return { error: { field: at, message: `${label} cannot contain HTML tags` } };
      if ((field === "city" || field === "zip") && URL.test(value))
        return { error: { field: at, message: `${label} cannot contain URL` } };
      if (EMOJI.test(value))
        return { error: { field: at, message: `${label} cannot contain emojis` } };
    }
    next[field] = value;
  }
  const countryCode = clean(input.countryCode);
  const countryByName = clean(input.country);
  if (countryCode !== undefined || countryByName !== undefined) {
    let code: string | null = null;
    if (countryCode) code = countryCode.toUpperCase();
    else if (countryByName) {
      const want = countryByName.toLowerCase();
      code =
        Object.entries(COUNTRIES).find(
          ([c, [name]]) => c.toLowerCase() === want || name.toLowerCase() === want,
        )?.[0] ?? "??";
    }
    if (code !== null && !COUNTRIES[code])
      return { error: { field: ["address", "country"], message: "Country is invalid" } };
    next.countryCode = code;
    next.country = countryName(code);
  }
  const provinceInput =
    input.provinceCode !== undefined ? clean(input.provinceCode) : clean(input.province);
  const countryChanged = next.countryCode !== base.countryCode;
  if (provinceInput !== undefined || countryChanged) {
    const wanted = provinceInput !== undefined ? provinceInput : base.provinceCode;
    const zones = next.countryCode ? (COUNTRIES[next.countryCode]?.[1] ?? []) : [];
    if (!wanted || zones.length === 0) {
      // A country without zones keeps none (unverified for a zone given anyway).
      next.provinceCode = null;
      next.province = null;
    } else {
      const zone = zoneOf(next.countryCode, wanted);
      if (!zone)
        return { error: { field: ["address", "province"], message: "Province is invalid" } };
      next.provinceCode = zone.code;
      next.province = zone.name;
    }
  }
  return { address: next };
}

/**
 * An address as given, names of country and zone filled from their codes when
 * missing, without checks: what a buyer typed at checkout, right or wrong
 * (orders placed through the simulator's controls).
 */
export function addressAsGiven(id: number, input: Partial<Omit<Address, "id">>): Address {
  const a: Address = { ...emptyAddress(id), ...input, id };
  a.country ??= countryName(a.countryCode);
  if (!a.province && a.provinceCode)
    a.province = zoneOf(a.countryCode, a.provinceCode)?.name ?? null;
  return a;
}

export function emptyAddress(id: number): Address {
  return {
    id,
    firstName: null,
    lastName: null,
    company: null,
    address1: null,
    address2: null,
    city: null,
    province: null,
    provinceCode: null,
    country: null,
    countryCode: null,
    zip: null,
    phone: null,
  };
}
