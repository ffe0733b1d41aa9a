import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { executorFor } from "../admin-api/client.server";
import { listActivity } from "../audit/activity.server";
import { customerOverview } from "../customers/overview.server";
import db from "../db/db.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { Figure } from "../components/Figure";
import { JobTime, useJobFormat } from "../components/JobFormat";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, activity] = await Promise.all([
    customerOverview(db, executorFor(session.shop), session.shop),
    listActivity(db, session.shop, 1),
  ]);
  return { overview, activity: activity.entries.slice(0, 5) };
};

const TOOLS = [
  { key: "tags", url: "/app/customers/tags" },
  { key: "delete", url: "/app/customers/delete" },
  { key: "spam", url: "/app/customers/spam" },
  { key: "addresses", url: "/app/customers/addresses" },
] as const;

export default function CustomersHub() {
  const { overview, activity } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useJobFormat();
  const figure = {
    tags: overview.tagChanges,
    delete: overview.deleted,
    addresses: overview.militaryOpen,
    spam: overview.spamFlagged,
  } as const;
  return (
    <Page>
      <TitleBar title={t("areas.customers.title")} />
      <Layout>
        <Layout.Section>
          <Card>
            <InlineStack gap="800" wrap>
              <Figure
                label={t("customers.hub.customers")}
                value={
                  overview.customers === null
                    ? "–"
                    : `${format.number(overview.customers)}${overview.customersAtLeast ? "+" : ""}`
                }
              />
              <Figure
                label={t("customers.hub.tagChanges")}
                value={format.number(overview.tagChanges)}
              />
              <Figure label={t("customers.hub.deleted")} value={format.number(overview.deleted)} />
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            {TOOLS.map((tool) => (
              <Card key={tool.key}>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t(`customers.hub.${tool.key}.title`)}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t(`customers.hub.${tool.key}.body`)}
                  </Text>
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t(`customers.hub.${tool.key}.figure`, { count: figure[tool.key] })}
                    </Text>
                    <Button url={tool.url}>{t(`customers.hub.${tool.key}.open`)}</Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("customers.hub.recentActivity")}
                </Text>
                <Link to="/app/activity">{t("customers.hub.allActivity")}</Link>
              </InlineStack>
              {activity.length ? (
                activity.map((entry) => (
                  <Box key={entry.id}>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" tone="subdued" variant="bodySm">
                        <JobTime iso={entry.at} />
                      </Text>
                      <Text as="span">
                        {t(`activity.actions.${entry.action}`, {
                          defaultValue: entry.action,
                          count: Number(entry.details.customers ?? 0),
                          customers: format.number(Number(entry.details.customers ?? 0)),
                          tags: Array.isArray(entry.details.tags)
                            ? entry.details.tags.join(", ")
                            : "",
                        })}
                      </Text>
                    </InlineStack>
                  </Box>
                ))
              ) : (
                <Text as="p" tone="subdued">
                  {t("activity.emptyBody")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="customers.errors.load" />;
}
