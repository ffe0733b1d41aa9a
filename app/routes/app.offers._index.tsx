import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import {
  BlockStack,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import db from "../db/db.server";
import { listAutomations } from "../offers/automations.server";
import { shopMetrics } from "../offers/metrics.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { useJobFormat } from "../components/JobFormat";
import { AutomationStatusBadge } from "../components/offers/AutomationStatus";
import { ClassicAccountsNote } from "../components/offers/ClassicAccountsNote";
import { OfferChart } from "../components/offers/OfferChart";
import { OfferFigures } from "../components/offers/OfferFigures";
import { SnippetCard } from "../components/offers/SnippetCard";
import { SuspendedBanners } from "../components/offers/SuspendedBanners";
import { useMoney } from "../components/offers/useMoney";
import { offerTerms } from "../components/offers/terms";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [store, automations, metrics] = await Promise.all([
    readStoreOverview(admin),
    listAutomations(db, session.shop),
    shopMetrics(db, session.shop),
  ]);
  const { daily, perAutomation, ...overall } = metrics;
  return {
    mode: store.mode,
    currencyCode: store.currencyCode,
    overall,
    daily: daily.map((d) => ({ day: d.day, issued: d.issued, redeemed: d.redeemed })),
    automations: automations.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      suspendedReason: a.suspendedReason,
      discountKind: a.discountKind,
      value: a.value,
      currencyCode: a.currencyCode,
      codeMode: a.codeMode,
      code: a.code,
      figures: perAutomation[a.id] ?? null,
    })),
  };
};

export default function Offers() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page>
      <TitleBar title={t("offers.title")}>
        <button variant="primary" onClick={() => navigate("/app/offers/new")}>
          {t("offers.newAutomation")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SuspendedBanners automations={data.automations} />
            <ClassicAccountsNote mode={data.mode} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("offers.overallHeading")}
              </Text>
              <OfferFigures figures={data.overall} currencyCode={data.currencyCode} />
              <Text as="h3" variant="headingSm">
                {t("offers.chartHeading")}
              </Text>
              <OfferChart points={data.daily} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {data.automations.length === 0 ? (
              <EmptyState
                heading={t("offers.emptyHeading")}
                action={{ content: t("offers.newAutomation"), url: "/app/offers/new" }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>{t("offers.emptyBody")}</p>
              </EmptyState>
            ) : (
              <AutomationTable automations={data.automations} />
            )}
          </Card>
        </Layout.Section>
        <Layout.AnnotatedSection
          title={t("offers.snippet.heading")}
          description={t("offers.snippet.description")}
        >
          <SnippetCard />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["automations"][number];

function AutomationTable({ automations }: { automations: Row[] }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const money = useMoney();
  return (
    <IndexTable
      resourceName={{ singular: t("offers.automation"), plural: t("offers.automations") }}
      itemCount={automations.length}
      selectable={false}
      headings={[
        { title: t("offers.columns.name") },
        { title: t("offers.columns.status") },
        { title: t("offers.figures.issued"), alignment: "end" },
        { title: t("offers.figures.redeemed"), alignment: "end" },
        { title: t("offers.figures.rate"), alignment: "end" },
        { title: t("offers.figures.netSales"), alignment: "end" },
      ]}
    >
      {automations.map((a, index) => {
        const f = a.figures;
        return (
          <IndexTable.Row id={a.id} key={a.id} position={index}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Link url={`/app/offers/${a.id}`} monochrome removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    {a.name}
                  </Text>
                </Link>
                <Text as="span" variant="bodySm" tone="subdued">
                  {offerTerms(t, a)}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <AutomationStatusBadge status={a.status} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {format.number(f?.issued ?? 0)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {format.number(f?.redeemedOrders ?? 0)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {f?.issued ? format.percent(f.redeemedOrders, f.issued) : "–"}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {money(f?.netSalesMinor ?? 0, f?.currencyCode ?? a.currencyCode)}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="offers.errors.load" />;
}
