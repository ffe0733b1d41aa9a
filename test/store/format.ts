/** Output formats Shopify uses for scalars the client schema leaves untyped. */

/** DateTime: ISO 8601 in UTC without milliseconds, e.g. 2026-01-02T03:04:05Z. */
export function isoDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Decimal/Money in GraphQL: Ruby BigDecimal style, at least one decimal
 * ("0.0", "10.0", "12.5", "12.34"). Amounts are stored in cents.
 */
export function decimal(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  let fraction = frac === 0 ? "0" : String(frac).padStart(2, "0");
  if (fraction.length === 2 && fraction.endsWith("0")) fraction = fraction[0]!;
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** REST webhook payloads use fixed two decimals ("10.00"). */
export function restMoney(cents: number): string {
  return (Math.round(cents) / 100).toFixed(2);
}

/** Parses "12.5" / 12.5 into cents; null when not a number. */
export function toCents(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  if (!Number.isFinite(n)) return null;
  return Math.round(n * 100);
}

/** Parses a DateTime input; null when invalid. */
export function parseDate(value: unknown): number | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
