import { useMemo } from "react";

/**
 * A customer's language as the merchant reads it ("fr" → "Français" in French,
 * "Franska" in Swedish), for any language Shopify stores, not only the app's own.
 */
export function languageNamer(locale: string): (code: string) => string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: "language", fallback: "none" });
  } catch {
    names = null;
  }
  return (code) => {
    let name: string | undefined;
    try {
      name = names?.of(code);
    } catch {
      name = undefined;
    }
    // Table cells start with a capital, though French and Nordic names are written in lower case.
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code;
  };
}

export function useLanguageName(locale: string) {
  return useMemo(() => languageNamer(locale), [locale]);
}
