import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, Card, Layout, List, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return {
    scopes: (session.scope ?? "").split(",").filter(Boolean),
  };
};

export default function Settings() {
  const { scopes } = useLoaderData<typeof loader>();
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
