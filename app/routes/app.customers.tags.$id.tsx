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
  DataTable,
  InlineStack,
  Layout,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { previewFigures } from "../audiences/figures.server";
import {
  applyTagOperation,
  findTagOperation,
  tagFigures,
  undoTagOperation,
} from "../customers/tags.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { notFound } from "../http/not-found";
import { controlJob } from "../jobs/jobs.server";
import { getJobProgress } from "../jobs/progress.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { Figure } from "../components/Figure";
import { JOB_INTENTS, JobActions } from "../components/JobActions";
import { JobErrorBanner } from "../components/JobErrorBanner";
import { useJobFormat } from "../components/JobFormat";
import { useLiveRevalidation } from "../components/JobLiveUpdates";
import { JobProgressBar } from "../components/JobProgressBar";
import { JobStatusBadge, LIVE_STATUSES } from "../components/JobStatusBadge";
import { ReasonsTable } from "../components/ReasonsTable";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const operation = await findTagOperation(db, shop, params.id ?? "");
  if (!operation?.jobId) notFound();
  const [job, figures, audience, undo] = await Promise.all([
    getJobProgress(db, shop, operation.jobId),
    tagFigures(db, shop, operation.jobId, operation.tags),
    previewFigures(db, shop, operation.jobId),
    operation.undoneBy ? findTagOperation(db, shop, operation.undoneBy) : null,
  ]);
  if (!job) notFound();
  return {
    operation: {
      id: operation.id,
      op: operation.op as "add" | "remove",
      tags: operation.tags,
      undoOf: operation.undoOf,
      undoneBy: undo ? { id: undo.id } : null,
      createdAt: operation.createdAt.toISOString(),
    },
    job,
    figures,
    skipped: audience.skipped,
  };
};

const ActionInput = z.object({ intent: z.enum([...JOB_INTENTS, "apply", "discard", "undo"]) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const operation = await findTagOperation(db, shop, params.id ?? "");
  if (!operation?.jobId) notFound();
  const input = ActionInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!input.success) return json({ error: "invalid intent" }, { status: 400 });
  const deps = { db, queue: getQueue() };
  const jobId = operation.jobId;
  const staff = staffOf(context);
  const { intent } = input.data;
  const changed =
    intent === "apply"
      ? await applyTagOperation(deps, shop, operation.id, staff)
      : intent === "undo"
        ? (await undoTagOperation(deps, shop, operation.id, staff)) !== null
        : await controlJob(deps, shop, jobId, intent === "discard" ? "cancel" : intent);
  return json({ intent, changed });
};

export default function TagOperationPage() {
  const { operation, job, figures, skipped } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useJobFormat();
  const fetcher = useFetcher<{ intent: string; changed: boolean }>();
  const [confirmUndo, setConfirmUndo] = useState(false);
  const live = LIVE_STATUSES.includes(job.status);
  useLiveRevalidation(live);
  const kind = operation.undoOf ? "undo" : operation.op;
  const ready = job.status === "ready";
  const finished = ["completed", "cancelled", "failed"].includes(job.status);
  const pending = job.counts.pending + job.counts.in_flight;
  const post = (intent: string) => fetcher.submit({ intent }, { method: "post" });
  const verb = operation.op === "add" ? "gain" : "lose";
  return (
    <Page>
      <TitleBar title={t("customers.tags.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/customers/tags")}>
          {t("customers.tags.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h1" variant="headingLg">
                  {t(`customers.tags.summary.${kind}`, { tags: operation.tags.join(", ") })}
                </Text>
                <JobStatusBadge status={job.status} />
              </InlineStack>
              {operation.undoneBy ? <Badge tone="info">{t("customers.tags.undone")}</Badge> : null}
            </InlineStack>
          </Card>
        </Layout.Section>
        <JobErrorBanner job={job} />
        {operation.undoOf ? (
          <Layout.Section>
            <Banner tone="info">
              <Button variant="plain" url={`/app/customers/tags/${operation.undoOf}`}>
                {t("customers.tags.undoOf")}
              </Button>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {ready ? t("customers.tags.previewHeading") : t("customers.tags.progressHeading")}
                </Text>
                {ready || job.status === "preparing" ? null : (
                  <JobActions status={job.status} failed={job.counts.failed} />
                )}
              </InlineStack>
              {job.status === "preparing" ? (
                <Text as="p" tone="subdued">
                  {t("customers.tags.reading", { read: format.number(job.total || job.done) })}
                </Text>
              ) : null}
              {ready ? null : <JobProgressBar job={job} size="medium" />}
              <DataTable
                columnContentTypes={["text", "numeric", "numeric"]}
                headings={[
                  t("customers.tags.tag"),
                  t(`customers.tags.${verb}${finished ? "Done" : ""}`),
                  t(`customers.tags.unchanged.${operation.op}`),
                ]}
                rows={figures.map((f) => [
                  f.tag,
                  format.number(f.changed),
                  format.number(f.unchanged),
                ])}
              />
              <InlineStack gap="800" wrap>
                <Figure
                  label={t("customers.tags.changed")}
                  value={format.number(ready ? pending : job.counts.succeeded)}
                />
                <Figure
                  label={t("customers.tags.skipped")}
                  value={format.number(job.counts.skipped)}
                />
                <Figure
                  label={t("customers.tags.failed")}
                  value={format.number(job.counts.failed)}
                />
              </InlineStack>
              <Text as="h3" variant="headingSm">
                {t("customers.tags.leftOut")}
              </Text>
              <ReasonsTable
                skipped={skipped}
                reasonKeys="customers.reasons"
                empty={t("customers.tags.nobodyLeftOut")}
                headings={[t("customers.reason"), t("customers.count")]}
              />
              <InlineStack align="end" gap="200">
                <Button url={`/app/jobs/${job.id}`} variant="plain">
                  {t("customers.jobDetails")}
                </Button>
                {ready ? (
                  <>
                    <Button tone="critical" variant="plain" onClick={() => post("discard")}>
                      {t("customers.tags.discard")}
                    </Button>
                    <Button
                      variant="primary"
                      disabled={pending === 0}
                      loading={
                        fetcher.state !== "idle" && fetcher.formData?.get("intent") === "apply"
                      }
                      onClick={() => post("apply")}
                    >
                      {t(`customers.tags.apply.${operation.op}`, { count: pending })}
                    </Button>
                  </>
                ) : null}
                {finished &&
                !operation.undoOf &&
                !operation.undoneBy &&
                job.counts.succeeded > 0 ? (
                  <Button onClick={() => setConfirmUndo(true)}>{t("customers.tags.undo")}</Button>
                ) : null}
                {operation.undoneBy ? (
                  <Button url={`/app/customers/tags/${operation.undoneBy.id}`}>
                    {t("customers.tags.seeUndo")}
                  </Button>
                ) : null}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmUndo}
        onClose={() => setConfirmUndo(false)}
        title={t("customers.tags.undoTitle")}
        primaryAction={{
          content: t("customers.tags.undo"),
          onAction: () => {
            setConfirmUndo(false);
            post("undo");
          },
        }}
        secondaryActions={[
          { content: t("customers.tags.keep"), onAction: () => setConfirmUndo(false) },
        ]}
      >
        <Modal.Section>
          <Text as="p">
            {t(`customers.tags.undoBody.${operation.op}`, {
              count: job.counts.succeeded,
              tags: operation.tags.join(", "),
            })}
          </Text>
        </Modal.Section>
      </Modal>
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
