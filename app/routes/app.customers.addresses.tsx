import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import { logDataAccess } from "../compliance/access-log.server";
import { applySuggestedFix, listMilitaryAddresses } from "../customers/address-fix.server";
import {
  addressSettings,
  ReviewTag,
  saveAddressSettings,
} from "../customers/address-settings.server";
import { scanStatus, startScan } from "../customers/addresses.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { PageNumber, parseQuery } from "../http/query.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { AddressScanCard } from "../components/customers/AddressScanCard";
import {
  MilitaryAddressTable,
  MilitaryAddressTableSkeleton,
} from "../components/customers/MilitaryAddressTable";
import { ReviewTagCard } from "../components/customers/ReviewTagCard";
import { ErrorBanner } from "../components/ErrorBanner";
import { useLiveRevalidation, usePendingPath } from "../components/JobLiveUpdates";
import { ListPagination } from "../components/ListPagination";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

const PATH = "/app/customers/addresses";
const Query = z.object({ page: PageNumber });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const { page } = parseQuery(request, Query);
  const [scan, list, settings] = await Promise.all([
    scanStatus(db, shop),
    listMilitaryAddresses(db, shop, page),
    addressSettings(db, shop),
  ]);
  // Addresses are protected customer data: who looked is recorded (once per half hour
  // while the page refreshes itself during a scan).
  if (list.addresses.length)
    await logDataAccess(db, shop, {
      staff: staffOf(context),
      action: "military_addresses",
      subject: `page ${page}`,
      records: list.addresses.length,
      onceWithinMs: 30 * 60_000,
    });
  return { scan, ...list, settings };
};

const ActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("scan") }),
  z.object({ intent: z.literal("fix"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("settings"), reviewTag: ReviewTag }),
]);

const TAG_ERRORS = new Set(["empty", "too_long", "comma"]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const parsed = ActionInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const tag = parsed.error.flatten().fieldErrors as { reviewTag?: string[] };
    const errors = tag.reviewTag
      ? { reviewTag: tag.reviewTag.map((e) => (TAG_ERRORS.has(e) ? e : "empty")) }
      : {};
    return json({ intent: "invalid" as const, ok: false, errors }, { status: 400 });
  }
  const input = parsed.data;
  if (input.intent === "scan") {
    const started = await startScan({ db, queue: getQueue(), executor: executorFor(shop) }, shop);
    return json({ intent: input.intent, started });
  }
  if (input.intent === "fix") {
    const outcome = await applySuggestedFix(db, executorFor(shop), shop, input.id);
    return json({ intent: input.intent, ...outcome }, { status: outcome.ok ? 200 : 409 });
  }
  await saveAddressSettings(db, shop, input);
  return json({ intent: input.intent, ok: true, errors: {} });
};

export default function MilitaryAddresses() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  useLiveRevalidation(data.scan?.status === "running");
  const pending = usePendingPath();
  const pageUrl = (n: number) => `${PATH}${n > 1 ? `?page=${n}` : ""}`;
  return (
    <Page>
      <TitleBar title={t("customers.addresses.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p">{t("customers.addresses.intro")}</Text>
            <AddressScanCard scan={data.scan} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {pending === PATH && data.addresses.length ? (
              <MilitaryAddressTableSkeleton rows={data.addresses.length} />
            ) : data.addresses.length ? (
              <MilitaryAddressTable rows={data.addresses} />
            ) : data.scan?.status === "completed" ? (
              <EmptyState
                heading={t("customers.addresses.list.emptyHeading")}
                image={EMPTY_STATE_IMAGE}
              >
                <p>{t("customers.addresses.list.emptyBody")}</p>
              </EmptyState>
            ) : (
              <EmptyState
                heading={t("customers.addresses.list.noScanHeading")}
                image={EMPTY_STATE_IMAGE}
              >
                <p>{t("customers.addresses.list.noScanBody")}</p>
              </EmptyState>
            )}
            <ListPagination
              page={data.page}
              pages={data.pages}
              url={pageUrl}
              label={t("customers.addresses.list.page", { page: data.page, pages: data.pages })}
            />
          </Card>
        </Layout.Section>
        <Layout.AnnotatedSection
          title={t("customers.addresses.settings.heading")}
          description={t("customers.addresses.settings.description")}
        >
          <ReviewTagCard reviewTag={data.settings.reviewTag} />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="customers.addresses.errors.load" />;
}
