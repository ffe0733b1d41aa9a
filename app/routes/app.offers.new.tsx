import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Layout,
  Page,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { getQueue } from "../jobs/queue.server";
import { AutomationInputError } from "../offers/automations.server";
import { listCodeDiscounts } from "../offers/discounts.server";
import { automationFromForm } from "../offers/form";
import { newAutomation } from "../offers/manage.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { AutomationFields, NEW_AUTOMATION } from "../components/offers/AutomationFields";
import { ClassicAccountsNote } from "../components/offers/ClassicAccountsNote";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [store, discounts] = await Promise.all([
    readStoreOverview(admin),
    listCodeDiscounts(executorFor(session.shop)),
  ]);
  return { currencyCode: store.currencyCode, mode: store.mode, discounts };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const form = automationFromForm(await readForm(request));
  if (!form.ok) return json({ errors: form.errors }, { status: 400 });
  const store = await readStoreOverview(context.admin);
  try {
    const automation = await newAutomation(
      { db, executor: executorFor(shop), queue: getQueue() },
      shop,
      form.input,
      { currencyCode: store.currencyCode, staff: staffOf(context) },
    );
    return redirect(`/app/offers/${automation.id}`);
  } catch (error) {
    if (error instanceof AutomationInputError)
      return json({ errors: error.errors }, { status: 400 });
    throw error;
  }
};

export default function NewAutomation() {
  const { currencyCode, mode, discounts } = useLoaderData<typeof loader>();
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  const { t } = useTranslation();
  const saving = useNavigation().state === "submitting";
  const [activate, setActivate] = useState(true);
  return (
    <Page backAction={{ url: "/app/offers" }} title={t("offers.new.title")} narrowWidth>
      <TitleBar title={t("offers.new.title")} />
      <Form method="post">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {errors.shopify ? (
                <Banner tone="critical" title={t("offers.form.errors.refused")}>
                  {errors.shopify}
                </Banner>
              ) : null}
              <ClassicAccountsNote mode={mode} />
              <AutomationFields
                initial={NEW_AUTOMATION}
                errors={errors}
                currencyCode={currencyCode}
                discounts={discounts}
                editing={false}
              />
              <Card>
                <Checkbox
                  label={t("offers.new.activate")}
                  helpText={t("offers.new.activateHelp")}
                  checked={activate}
                  onChange={setActivate}
                />
                {activate ? <input type="hidden" name="activate" value="on" /> : null}
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={saving}>
                  {t("offers.new.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="offers.errors.load" />;
}
