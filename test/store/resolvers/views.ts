/** Plain objects for GraphQL types that have no resolver map (fields read as properties). */
import { decimal, isoDate } from "../format";
import type { Address, CustomerRecord } from "../model";

export const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function money(
  cents: number,
  currencyCode: string,
): { amount: string; currencyCode: string } {
  return { amount: decimal(cents), currencyCode };
}

export function moneyBag(cents: number, currencyCode: string) {
  const m = money(cents, currencyCode);
  return { shopMoney: m, presentmentMoney: m };
}

export function displayName(c: {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone?: string | null;
}): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ").trim();
  return name || c.email || c.phone || "";
}

export function addressView(
  a: Address | undefined,
  model: "CustomerAddress" | "OrderAddress" = "CustomerAddress",
) {
  if (!a) return null;
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || null;
  const area = [a.city, a.provinceCode ?? a.province, a.zip].filter(Boolean).join(" ");
  return {
    __typename: "MailingAddress",
    id: `gid://shopify/MailingAddress/${a.id}?model_name=${model}`,
    firstName: a.firstName,
    lastName: a.lastName,
    name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.provinceCode,
    country: a.country,
    countryCode: a.countryCode,
    countryCodeV2: a.countryCode,
    zip: a.zip,
    phone: a.phone,
    formatted: [name, a.company, a.address1, a.address2, area, a.country].filter(
      (x): x is string => !!x,
    ),
    // Shopify's recorded answers: "Ottawa ON, Canada", "Canada" (city and zone code, then country).
    formattedArea:
      [[a.city, a.provinceCode ?? a.province].filter(Boolean).join(" "), a.country]
        .filter(Boolean)
        .join(", ") || null,
    coordinatesValidated: false,
    latitude: null,
    longitude: null,
    timeZone: null,
    validationResultSummary: null,
  };
}

export function emailAddressView(c: CustomerRecord) {
  if (!c.email) return null;
  return {
    emailAddress: c.email,
    marketingState: c.marketingState,
    marketingOptInLevel: c.marketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
    marketingUpdatedAt: c.marketingUpdatedAt === null ? null : isoDate(c.marketingUpdatedAt),
    validFormat: EMAIL_FORMAT.test(c.email),
  };
}

export function emailConsentView(c: CustomerRecord) {
  if (!c.email) return null;
  return {
    marketingState: c.marketingState,
    marketingOptInLevel: c.marketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
    consentUpdatedAt: c.marketingUpdatedAt === null ? null : isoDate(c.marketingUpdatedAt),
  };
}

/** Shopify's `lifetimeDuration`, e.g. "about 1 year". */
export function lifetime(fromMs: number, nowMs: number): string {
  const days = Math.max(0, Math.floor((nowMs - fromMs) / 86_400_000));
  if (days < 1) return "less than a day";
  if (days < 30) return `${days} day${days === 1 ? "" : "s"}`;
  if (days < 365)
    return `about ${Math.round(days / 30)} month${Math.round(days / 30) === 1 ? "" : "s"}`;
  const years = Math.round(days / 365);
  return `about ${years} year${years === 1 ? "" : "s"}`;
}
