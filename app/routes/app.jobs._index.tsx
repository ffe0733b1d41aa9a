import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Box, Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import db from "../db/db.server";
import { listJobs } from "../jobs/progress.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobTime } from "../components/JobFormat";
import { useLiveRevalidation, usePendingPath } from "../components/JobLiveUpdates";
import { JobProgressBar } from "../components/JobProgressBar";
import { JobDetailSkeleton } from "../components/JobSkeleton";
import { JobStatusBadge, LIVE_STATUSES, useJobKindName } from "../components/JobStatusBadge";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

const RECENT = 25;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { jobs: await listJobs(db, session.shop, RECENT) };
};

export default function Jobs() {
  const { jobs } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const kindName = useJobKindName();
  useLiveRevalidation(jobs.some((job) => LIVE_STATUSES.includes(job.status)));
  const pending = usePendingPath();
  if (pending?.startsWith("/app/jobs/")) return <JobDetailSkeleton />;

  return (
    <Page>
      <TitleBar title={t("jobs.title")} />
      <Card padding="0">
        {jobs.length === 0 ? (
          <EmptyState
            heading={t("jobs.list.emptyHeading")}
            action={{ content: t("jobs.list.emptyAction"), url: "/app/invitations" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>{t("jobs.list.emptyBody")}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: t("jobs.list.singular"), plural: t("jobs.list.plural") }}
            itemCount={jobs.length}
            selectable={false}
            headings={[
              { title: t("jobs.list.kind") },
              { title: t("jobs.list.status") },
              { title: t("jobs.list.progress") },
              { title: t("jobs.list.created") },
            ]}
          >
            {jobs.map((job, index) => (
              <IndexTable.Row id={job.id} key={job.id} position={index}>
                <IndexTable.Cell>
                  <Link url={`/app/jobs/${job.id}`} monochrome removeUnderline dataPrimaryLink>
                    <Text as="span" fontWeight="semibold">
                      {kindName(job.kind)}
                    </Text>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <JobStatusBadge status={job.status} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Box minWidth="200px">
                    <JobProgressBar job={job} />
                  </Box>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" tone="subdued">
                    <JobTime iso={job.createdAt} />
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="jobs.errors.load" />;
}
