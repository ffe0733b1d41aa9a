import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LOCALE, matchLocale } from "./i18n/config";
import { createI18n } from "./i18n/instance";

// The server rendered <html lang> from the admin user's locale; hydrate in the same language.
const i18n = createI18n(matchLocale(document.documentElement.lang) ?? DEFAULT_LOCALE);

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18n}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  );
});
