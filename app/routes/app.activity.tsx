import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listActivity } from "../audit/activity.server";
import db from "../db/db.server";
import { PageNumber, parseQuery } from "../http/query.server";
import { authenticate } from "../shopify.server";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobTime, useJobFormat } from "../components/JobFormat";
import { JobStatusBadge } from "../components/JobStatusBadge";
import { ListPagination } from "../components/ListPagination";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

const Query = z.object({ page: PageNumber });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { page } = parseQuery(request, Query);
  return { page, ...(await listActivity(db, session.shop, page)) };
};

type Entry = Awaited<ReturnType<typeof listActivity>>["entries"][number];

export default function ActivityPage() {
  const { entries, page, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page>
      <TitleBar title={t("activity.title")} />
      <BlockStack gap="400">
        <Text as="p">{t("activity.intro")}</Text>
        <Card padding="0">
          {entries.length === 0 ? (
            <EmptyState heading={t("activity.emptyHeading")} image={EMPTY_STATE_IMAGE}>
              <p>{t("activity.emptyBody")}</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: t("activity.singular"), plural: t("activity.plural") }}
              itemCount={entries.length}
              selectable={false}
              headings={[
                { title: t("activity.when") },
                { title: t("activity.who") },
                { title: t("activity.what") },
                { title: t("activity.outcome") },
                { title: t("activity.links") },
              ]}
            >
              {entries.map((entry, index) => (
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
                    <What entry={entry} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Outcome entry={entry} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Links entry={entry} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
          <ListPagination
            page={page}
            pages={pages}
            url={(n) => `/app/activity${n > 1 ? `?page=${n}` : ""}`}
            label={t("privacy.page", { page, pages })}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}

function What({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const { customers, tags } = entry.details;
  return (
    <Text as="span">
      {t(`activity.actions.${entry.action}`, {
        defaultValue: entry.action,
        count: typeof customers === "number" ? customers : 0,
        customers: format.number(typeof customers === "number" ? customers : 0),
        tags: Array.isArray(tags) ? tags.join(", ") : "",
        name: entry.subject ?? "",
      })}
    </Text>
  );
}

function Outcome({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  if (!entry.job) return <Text as="span">–</Text>;
  const { counts } = entry.job;
  return (
    <BlockStack gap="100">
      <JobStatusBadge status={entry.job.status} />
      <Text as="span" variant="bodySm" tone="subdued">
        {t("activity.counts", {
          succeeded: format.number(counts.succeeded ?? 0),
          skipped: format.number(counts.skipped ?? 0),
          failed: format.number(counts.failed ?? 0),
        })}
      </Text>
    </BlockStack>
  );
}

function Links({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { link, backup } = entry.details;
  return (
    <BlockStack gap="100">
      {typeof link === "string" ? <Link to={link}>{t("activity.open")}</Link> : null}
      {typeof backup === "string" ? (
        <DownloadButton url={backup} variant="plain">
          {t("activity.backup")}
        </DownloadButton>
      ) : null}
      {entry.job ? <Link to={`/app/jobs/${entry.job.id}`}>{t("activity.job")}</Link> : null}
    </BlockStack>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="activity.errors.load" />;
}
