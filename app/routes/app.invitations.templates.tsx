import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  BlockStack,
  Button,
  Card,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { LOCALES } from "../invitations/messages";
import {
  deleteTemplate,
  listTemplates,
  saveTemplate,
  TemplateInput,
} from "../invitations/templates.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobTime } from "../components/JobFormat";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const templates = await listTemplates(db, session.shop);
  return {
    templates: templates.map((tpl) => ({ ...tpl, updatedAt: tpl.updatedAt.toISOString() })),
  };
};

const Input = z.discriminatedUnion("intent", [
  TemplateInput.extend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("delete"), id: z.string().min(1).max(40) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = Input.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return json(
      { ok: false, errors: parsed.error.flatten().fieldErrors as Record<string, string[]> },
      { status: 400 },
    );
  if (parsed.data.intent === "delete") {
    const deleted = await deleteTemplate(db, session.shop, parsed.data.id);
    return json({ ok: deleted, errors: {} }, { status: deleted ? 200 : 404 });
  }
  await saveTemplate(db, session.shop, parsed.data);
  return json({ ok: true, errors: {} });
};

type Fields = { kind: string; locale: string; name: string; subject: string; body: string };
const EMPTY: Fields = { kind: "account_invite", locale: "en", name: "", subject: "", body: "" };

export default function Templates() {
  const { templates } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fetcher = useFetcher<{ ok: boolean; errors: Record<string, string[]> }>();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const set = (key: keyof Fields) => (value: string) => setFields({ ...fields, [key]: value });
  const errors = fetcher.data?.errors ?? {};
  const saving = fetcher.state !== "idle" && fetcher.formData?.get("intent") === "save";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && fetcher.formData === undefined)
      setFields(EMPTY);
  }, [fetcher.state, fetcher.data, fetcher.formData]);
  return (
    <Page>
      <TitleBar title={t("invitations.templates.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/invitations")}>
          {t("invitations.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {templates.length === 0 ? (
              <EmptyState
                heading={t("invitations.templates.emptyHeading")}
                image={EMPTY_STATE_IMAGE}
              >
                <p>{t("invitations.templates.emptyBody")}</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{
                  singular: t("invitations.templates.singular"),
                  plural: t("invitations.templates.plural"),
                }}
                itemCount={templates.length}
                selectable={false}
                headings={[
                  { title: t("invitations.templates.name") },
                  { title: t("invitations.templates.kind") },
                  { title: t("invitations.templates.language") },
                  { title: t("invitations.templates.updated") },
                  { title: "" },
                ]}
              >
                {templates.map((tpl, index) => (
                  <IndexTable.Row id={tpl.id} key={tpl.id} position={index}>
                    <IndexTable.Cell>
                      <Button variant="plain" onClick={() => setFields(tpl)}>
                        {tpl.name}
                      </Button>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(`invitations.kinds.${tpl.kind}`)}</IndexTable.Cell>
                    <IndexTable.Cell>{t(`languages.${tpl.locale}`)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <JobTime iso={tpl.updatedAt} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <fetcher.Form method="post">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="id" value={tpl.id} />
                        <Button submit variant="plain" tone="critical">
                          {t("invitations.templates.delete")}
                        </Button>
                      </fetcher.Form>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.AnnotatedSection
          title={t("invitations.templates.editHeading")}
          description={t("invitations.templates.editBody")}
        >
          <Card>
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="save" />
              <FormLayout>
                <FormLayout.Group>
                  <Select
                    label={t("invitations.templates.kind")}
                    name="kind"
                    options={["account_invite", "sign_in"].map((kind) => ({
                      value: kind,
                      label: t(`invitations.kinds.${kind}`),
                    }))}
                    value={fields.kind}
                    onChange={set("kind")}
                  />
                  <Select
                    label={t("invitations.templates.language")}
                    name="locale"
                    options={LOCALES.map((locale) => ({
                      value: locale,
                      label: t(`languages.${locale}`),
                    }))}
                    value={fields.locale}
                    onChange={set("locale")}
                  />
                </FormLayout.Group>
                <TextField
                  label={t("invitations.templates.name")}
                  name="name"
                  value={fields.name}
                  onChange={set("name")}
                  autoComplete="off"
                  error={errors.name ? t("invitations.errors.required") : undefined}
                />
                <TextField
                  label={t("invitations.message.subject")}
                  name="subject"
                  value={fields.subject}
                  onChange={set("subject")}
                  maxLength={255}
                  autoComplete="off"
                />
                <TextField
                  label={t(`invitations.message.body.${fields.kind}`)}
                  name="body"
                  value={fields.body}
                  onChange={set("body")}
                  multiline={5}
                  maxLength={5000}
                  autoComplete="off"
                />
                <InlineStack align="end" gap="200">
                  <Button onClick={() => setFields(EMPTY)}>
                    {t("invitations.templates.clear")}
                  </Button>
                  <Button submit variant="primary" loading={saving}>
                    {t("invitations.templates.save")}
                  </Button>
                </InlineStack>
                {fetcher.data?.ok && !saving ? (
                  <BlockStack>
                    <Text as="p" tone="success">
                      {t("invitations.templates.saved")}
                    </Text>
                  </BlockStack>
                ) : null}
              </FormLayout>
            </fetcher.Form>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="invitations.errors.load" />;
}
