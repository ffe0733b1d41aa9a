import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import {
  BlockStack,
  Box,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import db from "../db/db.server";
import { controlJob } from "../jobs/jobs.server";
import { failedItems, getJobProgress, type ItemStatus } from "../jobs/progress.server";
import { getQueue } from "../jobs/queue.server";
import { throughputSeries } from "../jobs/throughput.server";
import { readForm } from "../http/body.server";
import { notFound } from "../http/not-found";
import { PageNumber, parseQuery } from "../http/query.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobErrorBanner } from "../components/JobErrorBanner";
import { JOB_INTENTS, JobActions, type JobActionResult } from "../components/JobActions";
import { JobTime, useJobFormat } from "../components/JobFormat";
import { useLiveRevalidation, usePendingPath } from "../components/JobLiveUpdates";
import { JobProgressBar } from "../components/JobProgressBar";
import { ListPagination } from "../components/ListPagination";
import { JobListSkeleton } from "../components/JobSkeleton";
import { JobStatusBadge, LIVE_STATUSES, useJobKindName } from "../components/JobStatusBadge";
import { JobThroughputChart } from "../components/JobThroughputChart";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

const FAILED_PAGE_SIZE = 50;
// Outcomes first, then what is left to do.
const COUNTED: ItemStatus[] = [
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
  "pending",
  "in_flight",
];
const Query = z.object({ failed: PageNumber });
const ActionInput = z.object({ intent: z.enum(JOB_INTENTS) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const jobId = params.id ?? "";
  const job = await getJobProgress(db, session.shop, jobId);
  if (!job) notFound();
  const { failed: page } = parseQuery(request, Query);
  const [failed, throughput] = await Promise.all([
    failedItems(db, session.shop, jobId, FAILED_PAGE_SIZE, (page - 1) * FAILED_PAGE_SIZE),
    throughputSeries(db, session.shop, jobId),
  ]);
  return {
    job,
    throughput,
    failed: failed.map((item) => ({ ...item, finishedAt: item.finishedAt?.toISOString() ?? null })),
    failedPage: page,
    failedPages: Math.max(1, Math.ceil(job.counts.failed / FAILED_PAGE_SIZE)),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const jobId = params.id ?? "";
  if (!(await getJobProgress(db, session.shop, jobId))) notFound();
  const input = ActionInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!input.success) return json<JobActionResult>({ error: "invalid intent" }, { status: 400 });
  const { intent } = input.data;
  const changed = await controlJob({ db, queue: getQueue() }, session.shop, jobId, intent);
  return json<JobActionResult>({ intent, changed });
};

export default function JobDetail() {
  const { job, throughput, failed, failedPage, failedPages } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useJobFormat();
  const kindName = useJobKindName();
  const navigate = useNavigate();
  const live = LIVE_STATUSES.includes(job.status);
  useLiveRevalidation(live);
  const pending = usePendingPath();
  if (pending === "/app/jobs") return <JobListSkeleton />;

  const title = kindName(job.kind);
  const pageUrl = (page: number) => `/app/jobs/${job.id}${page > 1 ? `?failed=${page}` : ""}`;
  return (
    <Page>
      <TitleBar title={title}>
        <button variant="breadcrumb" onClick={() => navigate("/app/jobs")}>
          {t("jobs.title")}
        </button>
      </TitleBar>
      <Layout>
        <JobErrorBanner job={job} />
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("jobs.detail.progressHeading")}
                  </Text>
                  <JobStatusBadge status={job.status} />
                  {live ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {t("jobs.detail.live")}
                    </Text>
                  ) : null}
                </InlineStack>
                <JobActions status={job.status} failed={job.counts.failed} />
              </InlineStack>
              <JobProgressBar job={job} size="medium" />
              <InlineGrid columns={{ xs: 2, md: 3 }} gap="400">
                <Fact label={t("jobs.detail.rate")}>
                  {job.status === "running"
                    ? t("jobs.detail.rateValue", { rate: format.number(job.ratePerSecond) })
                    : "–"}
                </Fact>
                <Fact label={t("jobs.detail.eta")}>{live ? format.eta(job.etaSeconds) : "–"}</Fact>
                <Fact label={t("jobs.detail.mode")}>
                  {t(`jobs.modes.${job.mode}`, { defaultValue: job.mode })}
                </Fact>
                <Fact label={t("jobs.detail.created")}>
                  <JobTime iso={job.createdAt} />
                </Fact>
                <Fact label={t("jobs.detail.started")}>
                  {job.startedAt ? <JobTime iso={job.startedAt} /> : t("jobs.detail.notYet")}
                </Fact>
                <Fact label={t("jobs.detail.finished")}>
                  {job.finishedAt ? <JobTime iso={job.finishedAt} /> : t("jobs.detail.notYet")}
                </Fact>
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("jobs.detail.itemsHeading")}
              </Text>
              {COUNTED.map((status) => (
                <InlineStack key={status} align="space-between" gap="200">
                  <Text as="span" tone="subdued">
                    {t(`jobs.items.${status}`)}
                  </Text>
                  <Text as="span" fontWeight="medium" numeric>
                    {format.number(job.counts[status])}
                  </Text>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("jobs.detail.chartHeading")}
              </Text>
              <JobThroughputChart points={throughput} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding={job.counts.failed > 0 ? "0" : undefined}>
            {job.counts.failed > 0 ? (
              <BlockStack>
                <Box paddingBlockStart="400" paddingInline="400">
                  <Text as="h2" variant="headingMd">
                    {t("jobs.detail.failedHeading", { count: job.counts.failed })}
                  </Text>
                </Box>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text"]}
                  headings={[
                    t("jobs.detail.target"),
                    t("jobs.detail.reason"),
                    t("jobs.detail.attempts"),
                    t("jobs.detail.failedAt"),
                  ]}
                  rows={failed.map((item) => [
                    <JobTarget key={item.target} target={item.target} />,
                    item.error ?? "",
                    format.number(item.attempts),
                    item.finishedAt ? <JobTime key={item.target} iso={item.finishedAt} /> : "",
                  ])}
                  verticalAlign="top"
                />
                <ListPagination
                  page={failedPage}
                  pages={failedPages}
                  url={pageUrl}
                  label={t("jobs.detail.failedPage", { page: failedPage, pages: failedPages })}
                />
              </BlockStack>
            ) : (
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("jobs.detail.failedHeading", { count: 0 })}
                </Text>
                <Text as="p" tone="subdued">
                  {t("jobs.detail.failedEmpty")}
                </Text>
              </BlockStack>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

// Why a job failed, waits for the store, or changed method: in the merchant's
// language, with Shopify's own message beside it.

// Items of the customer kinds are customers: a link opens them in Shopify admin.
function JobTarget({ target }: { target: string }) {
  const { t } = useTranslation();
  const customer = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(target)?.[1];
  if (!customer) return <>{target}</>;
  return (
    <Link url={`shopify:admin/customers/${customer}`} target="_top">
      {t("jobs.detail.customer", { id: customer })}
    </Link>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="span" fontWeight="medium">
        {children}
      </Text>
    </BlockStack>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <ErrorBanner error={error} messageKey={missing ? "jobs.errors.notFound" : "jobs.errors.load"} />
  );
}
