import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  Spinner,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import { logDataAccess } from "../compliance/access-log.server";
import { selectionUrl } from "../customers/selection";
import { SPAM_THRESHOLD } from "../customers/spam";
import {
  SUSPECTS_PAGE_SIZE,
  cancelSpamScan,
  listSuspects,
  scanOverview,
  startSpamScan,
  type ScanView,
} from "../customers/spam.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { PageNumber, parseQuery } from "../http/query.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobErrorBanner } from "../components/JobErrorBanner";
import { JobTime, useJobFormat } from "../components/JobFormat";
import { useLiveRevalidation, usePendingPath } from "../components/JobLiveUpdates";
import { ListPagination } from "../components/ListPagination";
import {
  PreventionCard,
  SuspectListSkeleton,
  SuspectTable,
} from "../components/customers/SpamList";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

const PATH = "/app/customers/spam";
const Query = z.object({ page: PageNumber });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const { page } = parseQuery(request, Query);
  const { latest, lastDone } = await scanOverview(db, shop);
  // The list of the latest finished scan: while a new one runs, the previous one's.
  const listed = latest?.phase === "done" ? latest : lastDone;
  const list = listed
    ? await listSuspects(db, executorFor(shop), shop, listed.id, page)
    : { total: 0, pages: 1, suspects: [] };
  if (list.suspects.length)
    await logDataAccess(db, shop, {
      staff: staffOf(context),
      action: "spam_review",
      subject: listed!.id,
      records: list.suspects.length,
      onceWithinMs: 30 * 60_000,
    });
  return {
    scan: latest,
    listedId: listed?.id ?? null,
    page,
    ...list,
    threshold: SPAM_THRESHOLD,
    pageSize: SUSPECTS_PAGE_SIZE,
  };
};

const ActionInput = z.object({ intent: z.enum(["scan", "cancel"]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const input = ActionInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!input.success) return json({ intent: null, changed: false }, { status: 400 });
  const deps = { db, queue: getQueue(), executor: executorFor(shop) };
  const { intent } = input.data;
  const changed =
    intent === "scan"
      ? (await startSpamScan(deps, shop, { staff: staffOf(context) })).started
      : await cancelSpamScan(deps, shop);
  return json({ intent, changed });
};

const MOVING = ["reading", "exporting", "scoring"];

export default function SpamPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fetcher = useFetcher<{ intent: "scan" | "cancel" | null; changed: boolean }>();
  const shopify = useAppBridge();
  const moving = !!data.scan && MOVING.includes(data.scan.phase);
  useLiveRevalidation(moving, 2_000);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.intent) return;
    const { intent, changed } = fetcher.data;
    const message =
      intent === "scan"
        ? changed
          ? "customers.spam.started"
          : "customers.spam.alreadyRunning"
        : changed
          ? "customers.spam.stopped"
          : "customers.spam.notStopped";
    shopify.toast.show(t(message), { isError: !changed });
  }, [fetcher.state, fetcher.data, shopify, t]);
  const submit = (intent: "scan" | "cancel") => fetcher.submit({ intent }, { method: "post" });
  const starting = fetcher.state !== "idle" && fetcher.formData?.get("intent") === "scan";
  return (
    <Page>
      <TitleBar title={t("customers.spam.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/customers")}>
          {t("app.nav.customers")}
        </button>
        <button variant="primary" onClick={() => submit("scan")} disabled={moving || starting}>
          {t(data.scan ? "customers.spam.rescan" : "customers.spam.scan")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <ScanCard
            scan={data.scan}
            starting={starting}
            stopping={fetcher.state !== "idle" && fetcher.formData?.get("intent") === "cancel"}
            onScan={() => submit("scan")}
            onCancel={() => submit("cancel")}
          />
        </Layout.Section>
        {data.scan?.job && data.scan.phase !== "done" ? (
          <JobErrorBanner job={data.scan.job} />
        ) : null}
        <Layout.Section>
          <SuspectsCard />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <PreventionCard />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ScanCard({
  scan,
  starting,
  stopping,
  onScan,
  onCancel,
}: {
  scan: ScanView | null;
  starting: boolean;
  stopping: boolean;
  onScan: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const moving = !!scan && MOVING.includes(scan.phase);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="h2" variant="headingMd">
            {t("customers.spam.scanHeading")}
          </Text>
          {moving ? (
            <Button variant="plain" tone="critical" onClick={onCancel} loading={stopping}>
              {t("customers.spam.cancel")}
            </Button>
          ) : (
            <Button variant="primary" onClick={onScan} loading={starting}>
              {t(scan ? "customers.spam.rescan" : "customers.spam.scan")}
            </Button>
          )}
        </InlineStack>
        <Text as="p" tone="subdued">
          {t("customers.spam.intro")}
        </Text>
        {!scan ? <Text as="p">{t("customers.spam.never")}</Text> : null}
        {scan?.phase === "reading" ? (
          <BlockStack gap="100">
            <ProgressBar
              size="small"
              progress={
                scan.expected > 0 ? Math.floor(Math.min(1, scan.read / scan.expected) * 100) : 0
              }
            />
            <Text as="span" variant="bodySm" tone="subdued">
              {t("customers.spam.phase.reading", {
                read: format.number(scan.read),
                total: format.number(scan.expected),
              })}
            </Text>
          </BlockStack>
        ) : null}
        {scan?.phase === "exporting" || scan?.phase === "scoring" ? (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" />
            <Text as="span" tone="subdued">
              {t(`customers.spam.phase.${scan.phase}`)}
            </Text>
          </InlineStack>
        ) : null}
        {scan?.phase === "failed" || scan?.phase === "cancelled" ? (
          <Text as="p" tone="subdued">
            {t(`customers.spam.phase.${scan.phase}`)}
          </Text>
        ) : null}
        {scan?.phase === "done" ? (
          <InlineStack gap="800" wrap>
            <Figure
              label={t("customers.spam.figures.scannedAt")}
              value={<JobTime iso={scan.finishedAt ?? scan.createdAt} />}
            />
            <Figure label={t("customers.spam.figures.read")} value={format.number(scan.read)} />
            <Figure
              label={t("customers.spam.figures.flagged")}
              value={format.number(scan.flagged)}
            />
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function SuspectsCard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pending = usePendingPath();
  const scanning = !!data.scan && MOVING.includes(data.scan.phase);
  const pageUrl = (n: number) => `${PATH}${n > 1 ? `?page=${n}` : ""}`;
  let body: React.ReactNode;
  if (pending === PATH) {
    // Another page of the list is loading: its rows' shape meanwhile.
    body = <SuspectListSkeleton rows={Math.max(1, data.suspects.length)} />;
  } else if (!data.listedId) {
    body = scanning ? (
      <BlockStack gap="200">
        <Box padding="400">
          <Text as="p" tone="subdued">
            {t("customers.spam.waitingList")}
          </Text>
        </Box>
        <SuspectListSkeleton rows={5} />
      </BlockStack>
    ) : (
      <EmptyState heading={t("customers.spam.emptyHeading")} image={EMPTY_STATE_IMAGE}>
        <p>{t("customers.spam.emptyBody")}</p>
      </EmptyState>
    );
  } else if (data.total === 0) {
    body = (
      <EmptyState heading={t("customers.spam.cleanHeading")} image={EMPTY_STATE_IMAGE}>
        <p>{t("customers.spam.cleanBody", { threshold: data.threshold })}</p>
      </EmptyState>
    );
  } else if (!data.suspects.length) {
    body = (
      <Box padding="400">
        <Text as="p">
          {t("customers.spam.pageEmpty")} <Link url={PATH}>{t("customers.spam.firstPage")}</Link>
        </Text>
      </Box>
    );
  } else {
    body = (
      <SuspectTable
        // A new page, a new selection: what was picked on another page is not carried over.
        key={`${data.listedId}:${data.page}`}
        suspects={data.suspects}
        onTag={(ids) => navigate(selectionUrl("/app/customers/tags", ids))}
        onDelete={(ids) => navigate(selectionUrl("/app/customers/delete", ids))}
      />
    );
  }
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("customers.spam.listHeading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("customers.spam.listNote", { threshold: data.threshold })}
          </Text>
          {data.listedId && scanning ? (
            <Text as="p" tone="caution">
              {t("customers.spam.previousList")}
            </Text>
          ) : null}
          {data.suspects.length ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {t("customers.spam.actions.note")}
            </Text>
          ) : null}
        </BlockStack>
      </Box>
      {body}
      <ListPagination
        page={data.page}
        pages={data.pages}
        url={pageUrl}
        label={t("customers.spam.page", { page: data.page, pages: data.pages })}
      />
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="span" variant="headingLg" numeric>
        {value}
      </Text>
    </BlockStack>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="customers.spam.errors.load" />;
}
