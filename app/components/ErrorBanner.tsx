import { isRouteErrorResponse } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

// A page-level failure (Shopify unreachable, an API error) shown in the merchant's
// language with Shopify's own message, instead of a blank frame.
export function ErrorBanner({ error, messageKey }: { error: unknown; messageKey: string }) {
  const { t } = useTranslation();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <Page>
      <Banner tone="critical" title={t("errors.title")}>
        <p>{t(messageKey, { message })}</p>
      </Banner>
    </Page>
  );
}
