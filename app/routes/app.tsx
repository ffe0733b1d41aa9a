import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  Outlet,
  useLoaderData,
  useRouteError,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { useTranslation } from "react-i18next";
import { env } from "../env.server";
import { localeFromRequest } from "../i18n/config";
import { polarisTranslations } from "../i18n/polaris";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return {
    apiKey: env.SHOPIFY_API_KEY,
    // Shopify's CDN script unless APP_BRIDGE_URL points elsewhere (the local demo's stand-in).
    appBridgeUrl: env.APP_BRIDGE_URL ?? null,
    polaris: polarisTranslations[localeFromRequest(request)],
  };
};

// The frame's data only depends on the locale (a URL parameter): pages that
// refresh themselves (live job progress) do not re-run it every time.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) =>
  currentUrl.search !== nextUrl.search;

export default function App() {
  const { apiKey, appBridgeUrl, polaris } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <AppProvider
      isEmbeddedApp
      apiKey={apiKey}
      i18n={polaris}
      {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}
    >
      <NavMenu>
        <Link to="/app" rel="home">
          {t("app.nav.home")}
        </Link>
        <Link to="/app/invitations">{t("app.nav.invitations")}</Link>
        <Link to="/app/customers">{t("app.nav.customers")}</Link>
        <Link to="/app/offers">{t("app.nav.offers")}</Link>
        <Link to="/app/jobs">{t("app.nav.jobs")}</Link>
        <Link to="/app/activity">{t("app.nav.activity")}</Link>
        <Link to="/app/settings">{t("app.nav.settings")}</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary turns auth redirects thrown by loaders into App Bridge redirects.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
