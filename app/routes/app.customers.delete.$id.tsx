import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useFetcher,
  useLoaderData,
  useNavigate,
  useRouteError,
} from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { previewFigures } from "../audiences/figures.server";
import { confirmDeletion, findDeletion, startBackup } from "../customers/deletions.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { notFound } from "../http/not-found";
import { controlJob } from "../jobs/jobs.server";
import { getJobProgress } from "../jobs/progress.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorBanner } from "../components/ErrorBanner";
import { Figure } from "../components/Figure";
import { JOB_INTENTS, JobActions } from "../components/JobActions";
import { JobErrorBanner } from "../components/JobErrorBanner";
import { JobTime, useJobFormat } from "../components/JobFormat";
import { useLiveRevalidation } from "../components/JobLiveUpdates";
import { JobProgressBar } from "../components/JobProgressBar";
import { JobStatusBadge, LIVE_STATUSES } from "../components/JobStatusBadge";
import { ReasonsTable } from "../components/ReasonsTable";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const deletion = await findDeletion(db, shop, params.id ?? "");
  if (!deletion?.jobId) notFound();
  const [job, figures] = await Promise.all([
    getJobProgress(db, shop, deletion.jobId),
    previewFigures(db, shop, deletion.jobId),
  ]);
  if (!job) notFound();
  return {
    deletion: {
      id: deletion.id,
      backupStatus: deletion.backupStatus,
      backupError: deletion.backupError,
      backupCount: deletion.backupCount,
      backupExpiresAt: deletion.backupExpiresAt?.toISOString() ?? null,
      confirmedAt: deletion.confirmedAt?.toISOString() ?? null,
    },
    job,
    skipped: figures.skipped,
    eligible: figures.recipients,
  };
};

const ActionInput = z.object({
  intent: z.enum([...JOB_INTENTS, "backup", "confirm", "discard"]),
  typed: z.string().max(40).optional(),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const deletion = await findDeletion(db, shop, params.id ?? "");
  if (!deletion?.jobId) notFound();
  const input = ActionInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!input.success) return json({ error: "invalid intent" }, { status: 400 });
  const deps = { db, queue: getQueue() };
  const jobId = deletion.jobId;
  const { intent, typed } = input.data;
  if (intent === "confirm") {
    const result = await confirmDeletion(deps, shop, deletion.id, typed ?? "", staffOf(context));
    return json({ intent, changed: result === "started", result });
  }
  const changed =
    intent === "backup"
      ? await startBackup(deps, shop, deletion.id)
      : await controlJob(deps, shop, jobId, intent === "discard" ? "cancel" : intent);
  return json({ intent, changed, result: null });
};

export default function DeletionPage() {
  const { deletion, job, skipped, eligible } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useJobFormat();
  const fetcher = useFetcher<{ intent: string; changed: boolean; result: string | null }>();
  const [typed, setTyped] = useState("");
  const backingUp = deletion.backupStatus === "running";
  useLiveRevalidation(backingUp || LIVE_STATUSES.includes(job.status));
  const ready = job.status === "ready";
  const confirmed = deletion.confirmedAt !== null;
  const post = (intent: string, extra: Record<string, string> = {}) =>
    fetcher.submit({ intent, ...extra }, { method: "post" });
  const wrongCount = fetcher.data?.result === "wrong_count";
  return (
    <Page>
      <TitleBar title={t("customers.delete.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/customers/delete")}>
          {t("customers.delete.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h1" variant="headingLg">
                  {confirmed
                    ? t("customers.delete.confirmedSummary", { count: deletion.backupCount })
                    : t("customers.delete.draftSummary")}
                </Text>
                <JobStatusBadge status={job.status} />
              </InlineStack>
            </InlineStack>
          </Card>
        </Layout.Section>
        <JobErrorBanner job={job} />
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("customers.delete.step1")}
              </Text>
              {job.status === "preparing" ? (
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    {t("customers.delete.checking", { read: format.number(job.done) })}
                  </Text>
                  <ProgressBar size="small" progress={10} />
                </BlockStack>
              ) : null}
              <InlineStack gap="800" wrap>
                <Figure label={t("customers.delete.eligible")} value={format.number(eligible)} />
                <Figure
                  label={t("customers.delete.notEligible")}
                  value={format.number(Object.values(skipped).reduce((a, b) => a + b, 0))}
                />
              </InlineStack>
              <ReasonsTable
                skipped={skipped}
                reasonKeys="customers.reasons"
                empty={t("customers.delete.allEligible")}
                headings={[t("customers.reason"), t("customers.count")]}
              />
              <InlineStack align="end" gap="200">
                <Button url={`/app/jobs/${job.id}`} variant="plain">
                  {t("customers.jobDetails")}
                </Button>
                {ready && !confirmed ? (
                  <Button tone="critical" variant="plain" onClick={() => post("discard")}>
                    {t("customers.delete.discard")}
                  </Button>
                ) : null}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {t("customers.delete.step2")}
                </Text>
                <Badge
                  tone={
                    deletion.backupStatus === "ready"
                      ? "success"
                      : deletion.backupStatus === "failed"
                        ? "critical"
                        : undefined
                  }
                >
                  {t(`customers.delete.backupStatus.${deletion.backupStatus}`)}
                </Badge>
              </InlineStack>
              <Text as="p" tone="subdued">
                {t("customers.delete.backupBody")}
              </Text>
              {deletion.backupStatus === "failed" ? (
                <Banner tone="critical" title={t("customers.delete.backupFailed")}>
                  <p>{deletion.backupError}</p>
                </Banner>
              ) : null}
              {backingUp ? <ProgressBar size="small" progress={50} /> : null}
              {deletion.backupStatus === "ready" || deletion.backupStatus === "expired" ? (
                <Text as="p">
                  {t("customers.delete.backupReady", { count: deletion.backupCount })}{" "}
                  {deletion.backupExpiresAt ? (
                    <>
                      {t("customers.delete.keptUntil")} <JobTime iso={deletion.backupExpiresAt} />
                    </>
                  ) : null}
                </Text>
              ) : null}
              <InlineStack align="end" gap="200">
                {deletion.backupStatus === "ready" ? (
                  <>
                    <DownloadButton url={`/app/customers/delete/${deletion.id}/backup?format=csv`}>
                      {t("customers.delete.downloadCsv")}
                    </DownloadButton>
                    <DownloadButton
                      url={`/app/customers/delete/${deletion.id}/backup?format=jsonl`}
                    >
                      {t("customers.delete.downloadJsonl")}
                    </DownloadButton>
                  </>
                ) : null}
                {ready && ["none", "failed"].includes(deletion.backupStatus) ? (
                  <Button
                    variant="primary"
                    disabled={eligible === 0}
                    loading={
                      fetcher.state !== "idle" && fetcher.formData?.get("intent") === "backup"
                    }
                    onClick={() => post("backup")}
                  >
                    {t("customers.delete.makeBackup", { count: eligible })}
                  </Button>
                ) : null}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("customers.delete.step3")}
              </Text>
              {confirmed ? (
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="p">{t("customers.delete.deleting")}</Text>
                    <JobActions status={job.status} failed={job.counts.failed} />
                  </InlineStack>
                  <JobProgressBar job={job} size="medium" />
                  <InlineStack gap="800" wrap>
                    <Figure
                      label={t("customers.delete.deleted")}
                      value={format.number(job.counts.succeeded)}
                    />
                    <Figure
                      label={t("customers.delete.skipped")}
                      value={format.number(job.counts.skipped)}
                    />
                    <Figure
                      label={t("customers.delete.failed")}
                      value={format.number(job.counts.failed)}
                    />
                  </InlineStack>
                </BlockStack>
              ) : deletion.backupStatus === "ready" && ready ? (
                <BlockStack gap="300">
                  <Text as="p">
                    {t("customers.delete.confirmBody", { count: deletion.backupCount })}
                  </Text>
                  <InlineStack gap="200" blockAlign="end">
                    <div style={{ minWidth: 220 }}>
                      <TextField
                        label={t("customers.delete.typeCount", { count: deletion.backupCount })}
                        value={typed}
                        onChange={setTyped}
                        autoComplete="off"
                        inputMode="numeric"
                        error={wrongCount ? t("customers.delete.wrongCount") : undefined}
                      />
                    </div>
                    <Button
                      variant="primary"
                      tone="critical"
                      disabled={!typed.trim()}
                      loading={
                        fetcher.state !== "idle" && fetcher.formData?.get("intent") === "confirm"
                      }
                      onClick={() => post("confirm", { typed })}
                    >
                      {t("customers.delete.confirm", { count: deletion.backupCount })}
                    </Button>
                  </InlineStack>
                </BlockStack>
              ) : (
                <Text as="p" tone="subdued">
                  {t("customers.delete.afterBackup")}
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
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <ErrorBanner
      error={error}
      messageKey={missing ? "customers.errors.notFound" : "customers.errors.load"}
    />
  );
}
