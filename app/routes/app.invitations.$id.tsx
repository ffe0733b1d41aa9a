import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useFetcher,
  useLoaderData,
  useNavigate,
  useRouteError,
} from "@remix-run/react";
import { useAppBridge, TitleBar } from "@shopify/app-bridge-react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
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
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import { logDataAccess } from "../compliance/access-log.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { notFound } from "../http/not-found";
import { cancelCampaign, findCampaign, sendCampaign } from "../invitations/campaigns.server";
import { remind } from "../invitations/follow-up.server";
import { syncInvitations } from "../invitations/invitations.server";
import { dailyInvitations, invitationFigures } from "../invitations/metrics.server";
import { previewFigures, previewPeople } from "../invitations/preview.server";
import { controlJob } from "../jobs/jobs.server";
import { failedItems, getJobProgress } from "../jobs/progress.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { DownloadButton } from "../components/DownloadButton";
import { ErrorBanner } from "../components/ErrorBanner";
import { JOB_INTENTS, JobActions } from "../components/JobActions";
import { Figure } from "../components/Figure";
import { JobErrorBanner } from "../components/JobErrorBanner";
import { ReasonsTable } from "../components/ReasonsTable";
import { JobTime, useJobFormat } from "../components/JobFormat";
import { useLiveRevalidation } from "../components/JobLiveUpdates";
import { useLanguageName } from "../i18n/language-name";
import { JobProgressBar } from "../components/JobProgressBar";
import { AcceptanceChart } from "../components/invitations/AcceptanceChart";
import { AcceptanceFigures } from "../components/invitations/AcceptanceFigures";
import { CampaignStatusBadge, campaignStatus } from "../components/invitations/CampaignStatus";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const campaign = await findCampaign(db, shop, params.id ?? "");
  if (!campaign) notFound();
  await syncInvitations(db, shop, campaign.id);
  const job = campaign.jobId ? await getJobProgress(db, shop, campaign.jobId) : null;
  const draft = !campaign.sentAt;
  const executor = executorFor(shop);
  const [preview, figures, daily, failed, recipients, problems, open] = await Promise.all([
    campaign.jobId ? previewFigures(db, shop, campaign.jobId) : null,
    invitationFigures(db, shop, campaign.id),
    dailyInvitations(db, shop, { campaignId: campaign.id, days: 30 }),
    campaign.jobId ? failedItems(db, shop, campaign.jobId, 20) : [],
    draft && job?.status === "ready" && campaign.jobId
      ? previewPeople(executor, db, shop, campaign.jobId, { status: "pending" })
      : [],
    campaign.jobId && job && job.status !== "preparing"
      ? previewPeople(executor, db, shop, campaign.jobId, {
          status: "skipped",
          reasonPrefix: "email_",
          take: 20,
        })
      : [],
    db.invitation.count({ where: { shop, campaignId: campaign.id, status: "sent" } }),
  ]);
  if (recipients.length || problems.length)
    await logDataAccess(db, shop, {
      staff: staffOf(context),
      action: "campaign_people",
      subject: campaign.id,
      records: recipients.length + problems.length,
      onceWithinMs: 30 * 60_000,
    });
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      kind: campaign.kind,
      origin: campaign.origin,
      createdAt: campaign.createdAt.toISOString(),
      sentAt: campaign.sentAt?.toISOString() ?? null,
      consentWaived: campaign.consentWaivedAt !== null,
      remindAfterDays: campaign.remindAfterDays,
      remindMax: campaign.remindMax,
      source: campaign.audience.source.type,
    },
    instant: campaign.instantCounts as {
      total: number;
      recipients: number;
      skipped: Record<string, number>;
    } | null,
    job,
    preview,
    figures,
    daily,
    failed: failed.map((f) => ({ ...f, finishedAt: f.finishedAt?.toISOString() ?? null })),
    recipients: recipients as People,
    problems: problems as People,
    open,
  };
};

type People = Awaited<ReturnType<typeof previewPeople>>;

const ActionInput = z.object({ intent: z.enum([...JOB_INTENTS, "send", "discard", "remind"]) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const campaign = await findCampaign(db, shop, params.id ?? "");
  if (!campaign?.jobId) notFound();
  const input = ActionInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!input.success) return json({ error: "invalid intent" }, { status: 400 });
  const deps = { db, queue: getQueue(), executor: executorFor(shop) };
  const { intent } = input.data;
  const jobId = campaign.jobId;
  const changed = await {
    send: () => sendCampaign(deps, shop, campaign.id, staffOf(context)),
    discard: () => cancelCampaign(deps, shop, campaign.id),
    cancel: () => cancelCampaign(deps, shop, campaign.id),
    pause: () => controlJob(deps, shop, jobId, "pause"),
    resume: () => controlJob(deps, shop, jobId, "resume"),
    retry: () => controlJob(deps, shop, jobId, "retry"),
    remind: () =>
      remind(deps, shop, campaign.id, { staff: staffOf(context) }).then((job) => job !== null),
  }[intent]();
  return json({ intent, changed });
};

export default function CampaignPage() {
  const data = useLoaderData<typeof loader>();
  const { campaign, job } = data;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = campaignStatus(job?.status ?? null, campaign.sentAt !== null);
  const moving = ["previewing", "sending"].includes(status) || job?.status === "cancelling";
  // Acceptances come in over days: a sent campaign's figures follow at a slower pace.
  useLiveRevalidation(moving || status === "sent", moving ? 2_000 : 20_000);
  return (
    <Page>
      <TitleBar title={campaign.name}>
        <button variant="breadcrumb" onClick={() => navigate("/app/invitations")}>
          {t("invitations.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center" gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingLg">
                  {campaign.name}
                </Text>
                <CampaignStatusBadge status={status} />
                <Badge>{t(`invitations.kinds.${campaign.kind}`)}</Badge>
              </InlineStack>
              <Text as="span" tone="subdued">
                {campaign.sentAt ? (
                  <>
                    {t("invitations.detail.sentAt")} <JobTime iso={campaign.sentAt} />
                  </>
                ) : (
                  <>
                    {t("invitations.detail.createdAt")} <JobTime iso={campaign.createdAt} />
                  </>
                )}
              </Text>
            </InlineStack>
          </Card>
        </Layout.Section>
        {job ? <JobErrorBanner job={job} /> : null}
        {status === "previewing" || status === "draft" ? <PreviewSection /> : <SendingSection />}
        {data.problems.length ? <ProblemsSection /> : null}
        {campaign.sentAt ? <AcceptanceSection /> : null}
      </Layout>
    </Page>
  );
}

function InvitationReasons({ skipped }: { skipped: Record<string, number> }) {
  const { t } = useTranslation();
  return (
    <ReasonsTable
      skipped={skipped}
      reasonKeys="invitations.reasons"
      empty={t("invitations.detail.nobodyLeftOut")}
      headings={[t("invitations.detail.reason"), t("invitations.detail.customers")]}
    />
  );
}

function PreviewSection() {
  const { campaign, job, preview, instant, recipients } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const languageName = useLanguageName(i18n.language);
  const format = useJobFormat();
  const fetcher = useFetcher<{ intent: string; changed: boolean }>();
  const shopify = useAppBridge();
  const [confirming, setConfirming] = useState(false);
  // Only a finished read can be sent: a paused or failed one is still the instant figures.
  const reading = job?.status !== "ready";
  const final = !reading && preview;
  const total = final ? preview.read : (instant?.total ?? null);
  const willReceive = final ? preview.recipients : (instant?.recipients ?? null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.changed)
      shopify.toast.show(t("invitations.detail.alreadySent"), { isError: true });
  }, [fetcher.state, fetcher.data, shopify, t]);
  return (
    <>
      <Layout.Section>
        <Card>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              {t("invitations.detail.previewHeading")}
            </Text>
            <InlineStack gap="800" wrap>
              <Figure
                label={t("invitations.detail.audience")}
                value={total === null ? "…" : format.number(total)}
              />
              <Figure
                label={t("invitations.detail.willReceive")}
                value={willReceive === null ? "…" : format.number(willReceive)}
              />
            </InlineStack>
            {reading ? (
              <BlockStack gap="100">
                <Text as="p" tone="subdued">
                  {instant
                    ? t("invitations.detail.checking", {
                        read: format.number(preview?.read ?? 0),
                        total: format.number(instant.total),
                      })
                    : t("invitations.detail.checkingUnknown", {
                        read: format.number(preview?.read ?? 0),
                      })}
                </Text>
                <ProgressBar
                  size="small"
                  progress={
                    instant?.total
                      ? Math.min(100, Math.floor(((preview?.read ?? 0) / instant.total) * 100))
                      : 10
                  }
                />
              </BlockStack>
            ) : null}
            <Text as="h3" variant="headingSm">
              {t("invitations.detail.leftOut")}
            </Text>
            <InvitationReasons skipped={(final ? preview.skipped : instant?.skipped) ?? {}} />
            {reading && instant ? (
              <Text as="p" variant="bodySm" tone="subdued">
                {t("invitations.detail.instantNote")}
              </Text>
            ) : null}
            {campaign.consentWaived ? (
              <Banner tone="warning">{t("invitations.detail.consentWaived")}</Banner>
            ) : null}
            {final && willReceive === 0 ? (
              <Banner tone="info">{t("invitations.detail.nobodyToSend")}</Banner>
            ) : null}
            <InlineStack align="end" gap="200">
              {job ? (
                <DownloadButton url={`/app/invitations/${campaign.id}/report`}>
                  {t("invitations.detail.dryRunReport")}
                </DownloadButton>
              ) : null}
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="discard" />
                <Button
                  submit
                  tone="critical"
                  variant="plain"
                  loading={fetcher.formData?.get("intent") === "discard"}
                >
                  {t("invitations.detail.discard")}
                </Button>
              </fetcher.Form>
              <Button
                variant="primary"
                disabled={reading || !willReceive}
                onClick={() => setConfirming(true)}
                loading={fetcher.formData?.get("intent") === "send"}
              >
                {t("invitations.detail.send", { count: willReceive ?? 0 })}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.Section>
      {recipients.length ? (
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("invitations.detail.sampleHeading")}
              </Text>
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={[
                  t("invitations.detail.name"),
                  t("invitations.detail.email"),
                  t("invitations.detail.language"),
                ]}
                rows={recipients.map((r) => [
                  r.name ?? "–",
                  r.email ?? "–",
                  r.locale ? languageName(r.locale) : "–",
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      ) : null}
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("invitations.detail.confirmTitle")}
        primaryAction={{
          content: t("invitations.detail.send", { count: willReceive ?? 0 }),
          onAction: () => {
            setConfirming(false);
            fetcher.submit({ intent: "send" }, { method: "post" });
          },
        }}
        secondaryActions={[
          { content: t("invitations.detail.keepDraft"), onAction: () => setConfirming(false) },
        ]}
      >
        <Modal.Section>
          <Text as="p">
            {t(`invitations.detail.confirmBody.${campaign.kind}`, { count: willReceive ?? 0 })}
          </Text>
        </Modal.Section>
      </Modal>
    </>
  );
}

function SendingSection() {
  const { campaign, job, preview, failed } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useJobFormat();
  if (!job) return null;
  return (
    <>
      <Layout.Section>
        <Card>
          <BlockStack gap="400">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {t("invitations.detail.sendingHeading")}
              </Text>
              <JobActions status={job.status} failed={job.counts.failed} />
            </InlineStack>
            <JobProgressBar job={job} size="medium" />
            <InlineStack gap="800" wrap>
              <Figure
                label={t("invitations.detail.sent")}
                value={format.number(job.counts.succeeded)}
              />
              <Figure
                label={t("invitations.detail.skipped")}
                value={format.number(job.counts.skipped)}
              />
              <Figure
                label={t("invitations.detail.failed")}
                value={format.number(job.counts.failed)}
              />
              <Figure
                label={t("invitations.detail.remaining")}
                value={format.number(job.counts.pending + job.counts.in_flight)}
              />
              <Figure
                label={t("jobs.detail.eta")}
                value={job.status === "running" ? format.eta(job.etaSeconds) : "–"}
              />
            </InlineStack>
            <Text as="h3" variant="headingSm">
              {t("invitations.detail.leftOut")}
            </Text>
            <InvitationReasons skipped={preview?.skipped ?? {}} />
            {failed.length ? (
              <BlockStack gap="200">
                <Text as="h3" variant="headingSm">
                  {t("invitations.detail.failures", { count: job.counts.failed })}
                </Text>
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={[t("jobs.detail.target"), t("jobs.detail.reason")]}
                  rows={failed.map((f) => [
                    f.target.replace("gid://shopify/Customer/", "#"),
                    f.error ?? "",
                  ])}
                />
              </BlockStack>
            ) : null}
            <InlineStack align="end" gap="200">
              <Button url={`/app/jobs/${job.id}`} variant="plain">
                {t("invitations.detail.jobDetails")}
              </Button>
              <DownloadButton url={`/app/invitations/${campaign.id}/report`}>
                {t("invitations.detail.report")}
              </DownloadButton>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}

function ProblemsSection() {
  const { problems } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("invitations.detail.problemsHeading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("invitations.detail.problemsBody")}
          </Text>
          <DataTable
            columnContentTypes={["text", "text", "text", "text"]}
            headings={[
              t("invitations.detail.name"),
              t("invitations.detail.email"),
              t("invitations.detail.reason"),
              t("invitations.detail.suggestion"),
            ]}
            rows={problems.map((p) => [
              p.name ?? "–",
              p.email ?? "–",
              t(`invitations.reasons.${p.reason}`),
              p.suggestion ?? "–",
            ])}
          />
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}

function AcceptanceSection() {
  const { campaign, figures, daily, open } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fetcher = useFetcher<{ intent: string; changed: boolean }>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    shopify.toast.show(
      t(fetcher.data.changed ? "invitations.detail.reminding" : "invitations.detail.noReminder"),
      {
        isError: !fetcher.data.changed,
      },
    );
  }, [fetcher.state, fetcher.data, shopify, t]);
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("invitations.detail.acceptanceHeading")}
            </Text>
            {open ? (
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="remind" />
                <Button submit loading={fetcher.state !== "idle"}>
                  {t("invitations.detail.remind", { count: open })}
                </Button>
              </fetcher.Form>
            ) : null}
          </InlineStack>
          <AcceptanceFigures figures={figures} clicks={campaign.kind === "sign_in"} />
          {campaign.remindAfterDays ? (
            <Text as="p" tone="subdued">
              {t("invitations.detail.autoReminders", {
                days: campaign.remindAfterDays,
                count: campaign.remindMax,
              })}
            </Text>
          ) : null}
          <AcceptanceChart points={daily} />
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <ErrorBanner
      error={error}
      messageKey={missing ? "invitations.errors.notFound" : "invitations.errors.load"}
    />
  );
}
