import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, Card, Layout, List, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import db from "../db/db.server";
import { env } from "../env.server";
import { readForm } from "../http/body.server";
import { localeFromRequest } from "../i18n/config";
import { createI18n } from "../i18n/instance";
import {
  demoMailServer,
  mailSettingsView,
  MailSettingsInput,
  saveMailSettings,
  sendTestMail,
} from "../mail/settings.server";
import { authenticate } from "../shopify.server";
import { CustomerSettingsCard } from "../components/CustomerSettingsCard";
import { MailSettingsCard } from "../components/MailSettingsCard";
import {
  customerSettings,
  CustomerSettingsInput,
  saveCustomerSettings,
} from "../customers/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return {
    scopes: (session.scope ?? "").split(",").filter(Boolean),
    mail: await mailSettingsView(db, session.shop),
    demo: demoMailServer(),
    canStoreSecrets: !!env.PATRON_ENCRYPTION_KEY,
    customers: await customerSettings(db, session.shop),
  };
};

const TestMail = z.object({
  intent: z.literal("testMail"),
  to: z.string().trim().email().max(254),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await readForm(request));
  if (form.intent === "customers") {
    const input = CustomerSettingsInput.safeParse(form);
    if (!input.success) return json({ intent: "customers", ok: false }, { status: 400 });
    await saveCustomerSettings(db, session.shop, input.data);
    return json({ intent: "customers", ok: true });
  }
  if (form.intent === "testMail") {
    const input = TestMail.safeParse(form);
    if (!input.success)
      return json({ intent: "testMail", ok: false, code: "bad_address" }, { status: 400 });
    const t = createI18n(localeFromRequest(request)).t;
    const sent = await sendTestMail(db, session.shop, input.data.to, {
      subject: t("settings.mail.testSubject"),
      text: t("settings.mail.testText"),
    });
    return json({ intent: "testMail", ...sent }, { status: sent.ok ? 200 : 502 });
  }
  const input = MailSettingsInput.safeParse(form);
  if (!input.success)
    return json(
      { intent: "mail", ok: false, errors: input.error.flatten().fieldErrors },
      { status: 400 },
    );
  await saveMailSettings(db, session.shop, input.data, localeFromRequest(request));
  return json({ intent: "mail", ok: true });
};

export default function Settings() {
  const { scopes, mail, demo, canStoreSecrets, customers } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page>
      <TitleBar title={t("areas.settings.title")} />
      <Layout>
        <Layout.AnnotatedSection title={t("areas.settings.languageHeading")}>
          <Card>
            <BlockStack gap="200">
              <Text as="p">{t("areas.settings.languageBody")}</Text>
              <Text as="p" tone="subdued">
                {t("areas.settings.current", { language: t(`languages.${i18n.language}`) })}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("settings.mail.section")}
          description={t("settings.mail.sectionBody")}
        >
          <MailSettingsCard mail={mail} demo={demo} canStoreSecrets={canStoreSecrets} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("settings.customers.section")}
          description={t("settings.customers.sectionBody")}
        >
          <CustomerSettingsCard backupDays={customers.backupDays} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("areas.settings.privacyHeading")}>
          <Card>
            <BlockStack gap="200">
              <Text as="p">{t("areas.settings.privacyBody")}</Text>
              <Box>
                <Button url="/app/privacy">{t("areas.settings.privacyOpen")}</Button>
              </Box>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("areas.settings.scopesHeading")}>
          <Card>
            <BlockStack gap="200">
              <Text as="p">{t("areas.settings.scopesBody")}</Text>
              <List>
                {scopes.map((scope) => (
                  <List.Item key={scope}>
                    <code>{scope}</code>
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
