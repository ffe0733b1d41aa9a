import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listDataAccess } from "../compliance/access-log.server";
import { listComplianceRequests } from "../compliance/requests.server";
import db from "../db/db.server";
import { PageNumber, parseQuery } from "../http/query.server";
import { authenticate } from "../shopify.server";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorBanner } from "../components/ErrorBanner";
import { ListPagination } from "../components/ListPagination";
import { JobTime } from "../components/JobFormat";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

const Query = z.object({ page: PageNumber, access: PageNumber });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { page, access } = parseQuery(request, Query);
  const [requests, log] = await Promise.all([
    listComplianceRequests(db, session.shop, page),
    listDataAccess(db, session.shop, access),
  ]);
  return { page, ...requests, access: { page: access, ...log } };
};

export default function PrivacyRequests() {
  const { requests, page, pages, access } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const url = (requestsPage: number, accessPage: number) => {
    const query = new URLSearchParams();
    if (requestsPage > 1) query.set("page", String(requestsPage));
    if (accessPage > 1) query.set("access", String(accessPage));
    return `/app/privacy${query.size ? `?${query}` : ""}`;
  };
  const pageUrl = (n: number) => url(n, access.page);
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
            <EmptyState heading={t("privacy.emptyHeading")} image={EMPTY_STATE_IMAGE}>
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
        <AccessLog log={access} url={(n) => url(page, n)} />
      </BlockStack>
    </Page>
  );
}

type AccessEntry = {
  id: string;
  staff: string | null;
  action: string;
  records: number;
  at: string;
};

/** Who opened customers' personal data in Patron: Shopify's rules for protected customer data. */
function AccessLog({
  log,
  url,
}: {
  log: { page: number; pages: number; entries: AccessEntry[] };
  url: (page: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("privacy.access.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("privacy.access.body")}
          </Text>
        </BlockStack>
      </Box>
      {log.entries.length === 0 ? (
        <Box padding="400" paddingBlockStart="0">
          <Text as="p" tone="subdued">
            {t("privacy.access.empty")}
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{
            singular: t("privacy.access.singular"),
            plural: t("privacy.access.plural"),
          }}
          itemCount={log.entries.length}
          selectable={false}
          headings={[
            { title: t("privacy.access.when") },
            { title: t("privacy.access.who") },
            { title: t("privacy.access.what") },
            { title: t("privacy.access.records"), alignment: "end" },
          ]}
        >
          {log.entries.map((entry, index) => (
            <IndexTable.Row id={entry.id} key={entry.id} position={index}>
              <IndexTable.Cell>
                <JobTime iso={entry.at} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                {entry.staff
                  ? t("privacy.access.staff", { id: entry.staff.replace(/^user:/, "") })
                  : t("privacy.access.app")}
              </IndexTable.Cell>
              <IndexTable.Cell>
                {t(`privacy.access.actions.${entry.action}`, { defaultValue: entry.action })}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {entry.records}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
      <ListPagination
        page={log.page}
        pages={log.pages}
        url={url}
        label={t("privacy.page", { page: log.page, pages: log.pages })}
      />
    </Card>
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
