import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listComplianceRequests } from "../compliance/requests.server";
import db from "../db/db.server";
import { PageNumber, parseQuery } from "../http/query.server";
import { authenticate } from "../shopify.server";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorBanner } from "../components/ErrorBanner";
import { ListPagination } from "../components/ListPagination";
import { JobTime } from "../components/JobFormat";

const ILLUSTRATION = "https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png";
const Query = z.object({ page: PageNumber });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { page } = parseQuery(request, Query);
  return { page, ...(await listComplianceRequests(db, session.shop, page)) };
};

export default function PrivacyRequests() {
  const { requests, page, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pageUrl = (n: number) => `/app/privacy${n > 1 ? `?page=${n}` : ""}`;
  return (
    <Page>
      <TitleBar title={t("privacy.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/settings")}>
          {t("areas.settings.title")}
        </button>
      </TitleBar>
      <BlockStack gap="400">
        <Text as="p">{t("privacy.intro")}</Text>
        <Card padding="0">
          {requests.length === 0 ? (
            <EmptyState heading={t("privacy.emptyHeading")} image={ILLUSTRATION}>
              <p>{t("privacy.emptyBody")}</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: t("privacy.singular"), plural: t("privacy.plural") }}
              itemCount={requests.length}
              selectable={false}
              headings={[
                { title: t("privacy.request") },
                { title: t("privacy.customer") },
                { title: t("privacy.received") },
                { title: t("privacy.answer") },
              ]}
            >
              {requests.map((request, index) => (
                <IndexTable.Row id={request.id} key={request.id} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {t(`privacy.topics.${request.topic}`, { defaultValue: request.topic })}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{request.customerId ?? "–"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <JobTime iso={request.receivedAt} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Answer request={request} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
          <ListPagination
            page={page}
            pages={pages}
            url={pageUrl}
            label={t("privacy.page", { page, pages })}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}

function Answer({ request }: { request: { id: string; topic: string; hasExport: boolean } }) {
  const { t } = useTranslation();
  if (request.topic === "customers/redact")
    return <Badge tone="success">{t("privacy.erased")}</Badge>;
  if (request.hasExport)
    return (
      <DownloadButton url={`/app/privacy/${request.id}/export`} variant="plain">
        {t("privacy.download")}
      </DownloadButton>
    );
  return (
    <Text as="span" tone="subdued">
      {t("privacy.exportGone")}
    </Text>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="privacy.errors.load" />;
}
