import en from "@shopify/polaris/locales/en.json";
import fr from "@shopify/polaris/locales/fr.json";
import nb from "@shopify/polaris/locales/nb.json";
import sv from "@shopify/polaris/locales/sv.json";
import type { Locale } from "./config";

// Polaris' own strings (pagination, close buttons…) in the same language as ours.
export const polarisTranslations = { en, fr, sv, nb } satisfies Record<Locale, unknown>;
