import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
  useSubmit,
} from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { notFound } from "../http/not-found";
import { PageNumber, parseQuery } from "../http/query.server";
import { getQueue } from "../jobs/queue.server";
import { AutomationInputError, findAutomation } from "../offers/automations.server";
import { automationFromForm } from "../offers/form";
import { listIssuedOffers } from "../offers/issued.server";
import { editAutomation, moveAutomation } from "../offers/manage.server";
import { automationMetrics } from "../offers/metrics.server";
import { usageComparison } from "../offers/usage-check.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { AutomationFields } from "../components/offers/AutomationFields";
import { AutomationStatusBadge } from "../components/offers/AutomationStatus";
import { ClassicAccountsNote } from "../components/offers/ClassicAccountsNote";
import { DailyTable } from "../components/offers/DailyTable";
import { IssuedOffers } from "../components/offers/IssuedOffers";
import { OfferChart } from "../components/offers/OfferChart";
import { OfferFigures } from "../components/offers/OfferFigures";
import { SuspendedBanners } from "../components/offers/SuspendedBanners";
import { UsageNote } from "../components/offers/UsageNote";
import { offerTerms } from "../components/offers/terms";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

const Query = z.object({ page: PageNumber });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = session.shop;
  const automation = await findAutomation(db, shop, params.id ?? "");
  if (!automation) notFound();
  const { page } = parseQuery(request, Query);
  const [store, metrics, issued, usage] = await Promise.all([
    readStoreOverview(admin),
    automationMetrics(db, shop, automation.id),
    listIssuedOffers(db, shop, automation.id, page),
    usageComparison(db, executorFor(shop), shop, automation),
  ]);
  const { daily, ...figures } = metrics;
  return {
    mode: store.mode,
    automation: {
      id: automation.id,
      name: automation.name,
      status: automation.status,
      suspendedReason: automation.suspendedReason,
      discountKind: automation.discountKind as "percentage" | "fixed_amount" | "free_shipping",
      value: automation.value,
      currencyCode: automation.currencyCode,
      codeMode: automation.codeMode as "shared" | "unique",
      code: automation.code,
      validityDays: automation.validityDays,
      minimumSubtotal: automation.minimumSubtotal,
      qualifies: automation.qualifies as "first_order" | "any_order" | "over_amount",
      qualifyAmount: automation.qualifyAmount,
      oncePerCustomer: automation.oncePerCustomer,
    },
    figures,
    daily,
    issued: { ...issued, page },
    usage,
  };
};

const Move = z.object({ intent: z.enum(["activate", "pause", "resume", "delete"]) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const id = params.id ?? "";
  const form = await readForm(request);
  const staff = staffOf(context);
  if (form.get("intent") === "save") {
    const parsed = automationFromForm(form);
    if (!parsed.ok) return json({ errors: parsed.errors, moved: null }, { status: 400 });
    try {
      const saved = await editAutomation(db, shop, id, parsed.input, staff);
      if (!saved) notFound();
      return json({ errors: {}, moved: "saved" });
    } catch (error) {
      if (error instanceof AutomationInputError)
        return json({ errors: error.errors, moved: null }, { status: 400 });
      throw error;
    }
  }
  const move = Move.safeParse({ intent: form.get("intent") });
  if (!move.success) return json({ errors: { form: "invalid" }, moved: null }, { status: 400 });
  const outcome = await moveAutomation(
    { db, executor: executorFor(shop), queue: getQueue() },
    shop,
    id,
    move.data.intent,
    staff,
  );
  if (!outcome.ok) {
    if (outcome.reason === "not_found") notFound();
    return json({ errors: { move: outcome.reason }, moved: null }, { status: 409 });
  }
  if (move.data.intent === "delete") return redirect("/app/offers");
  return json({ errors: {}, moved: move.data.intent });
};

export default function Automation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const { t } = useTranslation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const a = data.automation;
  const busy = navigation.state === "submitting";
  const move = (intent: string) => submit({ intent }, { method: "post" });
  const moves: { intent: string; label: string }[] = [];
  if (a.status === "draft" || a.status === "paused")
    moves.push({ intent: "activate", label: t("offers.moves.activate") });
  if (a.status === "active") moves.push({ intent: "pause", label: t("offers.moves.pause") });
  if (a.status === "suspended") moves.push({ intent: "resume", label: t("offers.moves.resume") });
  return (
    <Page
      backAction={{ url: "/app/offers" }}
      title={a.name}
      titleMetadata={<AutomationStatusBadge status={a.status} />}
      subtitle={offerTerms(t, a)}
      primaryAction={
        moves[0]
          ? { content: moves[0].label, loading: busy, onAction: () => move(moves[0]!.intent) }
          : undefined
      }
      secondaryActions={[
        {
          content: t("offers.moves.delete"),
          destructive: true,
          onAction: () => setConfirmDelete(true),
        },
      ]}
    >
      <TitleBar title={a.name} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <SuspendedBanners automations={[a]} />
            {errors.move ? (
              <Banner tone="critical">
                {t(`offers.moveErrors.${errors.move}`, {
                  defaultValue: t("offers.moveErrors.state"),
                })}
              </Banner>
            ) : null}
            {result?.moved ? (
              <Banner tone="success">{t(`offers.moved.${result.moved}`)}</Banner>
            ) : null}
            <ClassicAccountsNote mode={data.mode} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("offers.detail.metricsHeading")}
              </Text>
              <OfferFigures figures={data.figures} currencyCode={a.currencyCode} />
              <UsageNote usage={data.usage} />
              <OfferChart points={data.daily} />
              <DailyTable
                days={data.daily}
                currencyCode={data.figures.currencyCode ?? a.currencyCode}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <IssuedOffers automationId={a.id} list={data.issued} />
        </Layout.Section>
        <Layout.Section>
          <Form method="post">
            <input type="hidden" name="intent" value="save" />
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("offers.detail.editHeading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("offers.detail.editNote")}
              </Text>
              <AutomationFields
                initial={{
                  name: a.name,
                  discountKind: a.discountKind,
                  value: a.value ?? "",
                  codeMode: a.codeMode,
                  sharedCode: a.code ?? "",
                  existingDiscountId: "",
                  validityDays: String(a.validityDays),
                  minimumSubtotal: a.minimumSubtotal ?? "",
                  qualifies: a.qualifies,
                  qualifyAmount: a.qualifyAmount ?? "",
                  oncePerCustomer: a.oncePerCustomer,
                }}
                errors={errors}
                currencyCode={a.currencyCode}
                discounts={[]}
                editing
              />
              <InlineStack align="end">
                <Button submit variant="primary" loading={busy}>
                  {t("offers.detail.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t("offers.delete.title", { name: a.name })}
        primaryAction={{
          content: t("offers.moves.delete"),
          destructive: true,
          loading: busy,
          onAction: () => move("delete"),
        }}
        secondaryActions={[
          { content: t("offers.delete.keep"), onAction: () => setConfirmDelete(false) },
        ]}
      >
        <Modal.Section>
          <Text as="p">{t("offers.delete.body")}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="offers.errors.load" />;
}
