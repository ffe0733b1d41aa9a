// Amounts as merchants type them and Shopify's Decimal strings, checked
// against the currency's own decimals (JPY has none, EUR two, KWD three).

export function currencyDecimals(currencyCode: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * "12,5" or "12.50" → "12.50" for EUR; null when it is not an amount of this
 * currency (too many decimals, not a number, negative or zero, absurdly large).
 */
export function parseAmount(text: string, currencyCode: string): string | null {
  const decimals = currencyDecimals(currencyCode);
  const normalised = text.trim().replace(/\s/g, "").replace(",", ".");
  const match = /^(\d{1,9})(?:\.(\d+))?$/.exec(normalised);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) return null;
  const value = `${Number(match[1])}${decimals ? `.${fraction.padEnd(decimals, "0")}` : ""}`;
  return Number(value) > 0 ? value : null;
}

/** A percentage between 0 (excluded) and 100, at most two decimals: "15" → "15". */
export function parsePercentage(text: string): string | null {
  const normalised = text.trim().replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(normalised)) return null;
  const value = Number(normalised);
  return value > 0 && value <= 100 ? String(value) : null;
}

/** An amount's minor units ("12.50" EUR → 1250), for sums that do not drift. */
export function toMinor(amount: string | number, currencyCode: string): number {
  return Math.round(Number(amount) * 10 ** currencyDecimals(currencyCode));
}
