import type { InitOptions } from "i18next";
import en from "./locales/en.json";
import fr from "./locales/fr.json";
import nb from "./locales/nb.json";
import sv from "./locales/sv.json";

export const SUPPORTED_LOCALES = ["en", "fr", "sv", "nb"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  sv: { translation: sv },
  nb: { translation: nb },
} as const;

export function i18nOptions(lng: Locale): InitOptions {
  return {
    resources,
    lng,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  };
}

// Shopify passes the admin user's locale as `fr`, `fr-CA`, `nb`, `sv-SE`…;
// Norwegian may also arrive as `no` or `nn`, which we serve in Bokmål.
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  const mapped = primary === "no" || primary === "nn" ? "nb" : primary;
  return (SUPPORTED_LOCALES as readonly string[]).includes(mapped ?? "")
    ? (mapped as Locale)
    : undefined;
}

function fromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return undefined;
}

// The `locale` parameter Shopify adds to embedded app URLs wins; then the browser's languages.
export function localeFromRequest(request: Request): Locale {
  const url = new URL(request.url);
  return (
    matchLocale(url.searchParams.get("locale")) ??
    fromAcceptLanguage(request.headers.get("Accept-Language")) ??
    DEFAULT_LOCALE
  );
}
