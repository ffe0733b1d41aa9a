import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import db from "../db/db.server";
import { suspendedAutomations } from "../offers/automations.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { SuspendedBanners } from "../components/offers/SuspendedBanners";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [store, suspended] = await Promise.all([
    readStoreOverview(admin),
    suspendedAutomations(db, session.shop),
  ]);
  return { ...store, suspended };
};

const AREAS = ["invitations", "customers", "offers"] as const;

export default function Dashboard() {
  const store = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const tone = store.mode === "classic" ? "success" : store.mode === "new" ? "info" : "warning";
  return (
    <Page>
      <TitleBar title={t("dashboard.title")} />
      <Layout>
        {store.suspended.length ? (
          <Layout.Section>
            <SuspendedBanners automations={store.suspended} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("dashboard.accountsHeading")}
                </Text>
                <InlineStack gap="200">
                  <Badge tone={tone}>{t(`dashboard.version.${store.version}`)}</Badge>
                  <Badge>{t(`dashboard.setting.${store.setting}`)}</Badge>
                </InlineStack>
              </InlineStack>
              <Text as="p">{t(`dashboard.explain.${store.mode}`)}</Text>
              {store.accountUrl ? (
                <Text as="p" tone="subdued">
                  {t("dashboard.accountUrl")}:{" "}
                  <Link url={store.accountUrl} target="_blank">
                    {store.accountUrl}
                  </Link>
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("dashboard.storeHeading")}
              </Text>
              <Fact label={t("dashboard.storeName")} value={store.name} />
              <Fact label={t("dashboard.domain")} value={store.domain} />
              <Fact label={t("dashboard.currency")} value={store.currencyCode} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("dashboard.areasHeading")}
            </Text>
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              {AREAS.map((area) => (
                <Card key={area}>
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      {t(`app.nav.${area}`)}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t(`dashboard.areas.${area}`)}
                    </Text>
                    <Box>
                      <Button url={`/app/${area}`}>{t("dashboard.open")}</Button>
                    </Box>
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" fontWeight="medium">
        {value}
      </Text>
    </InlineStack>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="errors.loadShop" />;
}
