import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRouteError,
  useSubmit,
} from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Modal,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { executorFor } from "../admin-api/client.server";
import { UploadNotReadyError } from "../audiences/uploads.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import {
  AccountsDisabledError,
  createCampaign,
  NewCampaign,
} from "../invitations/campaigns.server";
import type { CampaignMessage } from "../invitations/messages";
import { invitationSettings } from "../invitations/settings.server";
import { listTemplates } from "../invitations/templates.server";
import { getQueue } from "../jobs/queue.server";
import { mailSettingsView } from "../mail/settings.server";
import { staffOf } from "../shop/staff.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { authenticate } from "../shopify.server";
import { listSegments } from "../audiences/segments.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { AccountModeBanner } from "../components/invitations/AccountModeBanner";
import { AudienceFields, type Source } from "../components/audiences/AudienceFields";
import { MessageFields } from "../components/invitations/MessageFields";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [store, segments, templates, settings, mail] = await Promise.all([
    readStoreOverview(admin),
    listSegments(admin),
    listTemplates(db, session.shop),
    invitationSettings(db, session.shop),
    mailSettingsView(db, session.shop),
  ]);
  return {
    store,
    segments,
    templates: templates.map((tpl) => ({ ...tpl, updatedAt: tpl.updatedAt.toISOString() })),
    settings,
    mailReady: mail !== null,
  };
};

type Errors = Record<string, string>;

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin, session } = context;
  const form = await readForm(request);
  let payload: unknown;
  try {
    payload = JSON.parse(String(form.get("payload") ?? ""));
  } catch {
    return json({ errors: { form: "invalid" } as Errors }, { status: 400 });
  }
  const parsed = NewCampaign.safeParse(payload);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
    return json({ errors }, { status: 400 });
  }
  const store = await readStoreOverview(admin);
  try {
    const campaign = await createCampaign(
      { db, queue: getQueue(), executor: executorFor(session.shop) },
      session.shop,
      parsed.data,
      { store, staff: staffOf(context) },
    );
    return redirect(`/app/invitations/${campaign.id}`);
  } catch (error) {
    if (error instanceof AccountsDisabledError)
      return json({ errors: { form: "accountsDisabled" } as Errors }, { status: 409 });
    if (error instanceof UploadNotReadyError)
      return json({ errors: { "audience.source": "uploadNotReady" } as Errors }, { status: 400 });
    throw error;
  }
};

const EMPTY_MESSAGE: CampaignMessage = {
  fallback: { subject: "", body: "" },
  byLocale: {},
  from: null,
  bcc: [],
};

export default function NewCampaignPage() {
  const { store, segments, templates, settings, mailReady } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? {};
  const { t } = useTranslation();
  const submit = useSubmit();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const kind = store.mode === "new" ? "sign_in" : "account_invite";

  const [name, setName] = useState("");
  const [source, setSource] = useState<Source>({ type: "all" });
  const [declined, setDeclined] = useState(true);
  const [recent, setRecent] = useState(true);
  const [recentDays, setRecentDays] = useState(String(settings.recentDays));
  const [consent, setConsent] = useState(true);
  const [consentWaived, setConsentWaived] = useState(false);
  const [askConsent, setAskConsent] = useState(false);
  const [excludeTag, setExcludeTag] = useState("");
  const [message, setMessage] = useState<CampaignMessage>(EMPTY_MESSAGE);
  const [remind, setRemind] = useState(
    settings.remindAfterDays ? `${settings.remindAfterDays}:${settings.remindMax}` : "none",
  );

  const preview = () => {
    const [after, max] = remind === "none" ? [null, 0] : remind.split(":").map(Number);
    const payload = {
      name,
      audience: {
        source,
        exclusions: {
          declined,
          recentDays: recent ? Number(recentDays) : null,
          requireConsent: consent,
          excludeTag: excludeTag.trim() || null,
        },
      },
      message,
      consentWaived,
      remindAfterDays: after,
      remindMax: max,
    };
    submit({ payload: JSON.stringify(payload) }, { method: "post" });
  };

  const fieldError = (path: string) =>
    errors[path] ? t("invitations.errors.field", { message: errors[path] }) : undefined;
  const messageErrors = {
    subject: fieldError("message.fallback.subject"),
    body: fieldError("message.fallback.body"),
    from: fieldError("message.from"),
    bcc: Object.keys(errors).some((k) => k.startsWith("message.bcc"))
      ? t("invitations.errors.bcc")
      : undefined,
  };
  const sourceError = Object.entries(errors).find(([path]) => path.startsWith("audience.source"));

  return (
    <Page>
      <TitleBar title={t("invitations.new.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/invitations")}>
          {t("invitations.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <AccountModeBanner mode={store.mode} mailReady={mailReady} />
        </Layout.Section>
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical">{t(`invitations.errors.${errors.form}`)}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <FormLayout>
              <TextField
                label={t("invitations.new.name")}
                value={name}
                onChange={setName}
                autoComplete="off"
                placeholder={t("invitations.new.namePlaceholder")}
                error={fieldError("name")}
              />
            </FormLayout>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("invitations.new.audienceHeading")}
              </Text>
              <AudienceFields
                source={source}
                onChange={setSource}
                segments={segments}
                error={
                  sourceError
                    ? t(
                        `invitations.errors.${sourceError[1] === "uploadNotReady" ? "uploadNotReady" : "source"}`,
                      )
                    : undefined
                }
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("invitations.new.exclusionsHeading")}
              </Text>
              <Text as="p" tone="subdued">
                {t(`invitations.new.exclusionsIntro.${kind}`)}
              </Text>
              {kind === "account_invite" ? (
                <Checkbox
                  label={t("invitations.new.excludeDeclined")}
                  checked={declined}
                  onChange={setDeclined}
                />
              ) : null}
              <InlineStack gap="300" blockAlign="center">
                <Checkbox
                  label={t("invitations.new.excludeRecent")}
                  checked={recent}
                  onChange={setRecent}
                />
                <TextField
                  label={t("invitations.new.days")}
                  labelHidden
                  type="number"
                  min={1}
                  max={365}
                  value={recentDays}
                  onChange={setRecentDays}
                  autoComplete="off"
                  disabled={!recent}
                  suffix={t("invitations.new.daysSuffix")}
                />
              </InlineStack>
              <Checkbox
                label={t("invitations.new.requireConsent")}
                helpText={t("invitations.new.requireConsentHelp")}
                checked={consent}
                onChange={(checked) =>
                  checked ? (setConsent(true), setConsentWaived(false)) : setAskConsent(true)
                }
              />
              <TextField
                label={t("invitations.new.excludeTag")}
                value={excludeTag}
                onChange={setExcludeTag}
                autoComplete="off"
                error={fieldError("audience.exclusions.excludeTag")}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("invitations.new.messageHeading")}
              </Text>
              <MessageFields
                kind={kind}
                message={message}
                onChange={setMessage}
                templates={templates}
                shopName={store.name}
                errors={messageErrors}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Select
              label={t("invitations.new.reminders")}
              options={[
                { value: "none", label: t("invitations.new.noReminders") },
                ...[3, 7, 14].flatMap((days) =>
                  [1, 2].map((times) => ({
                    value: `${days}:${times}`,
                    label: t("invitations.new.remindEvery", { days, count: times }),
                  })),
                ),
              ]}
              value={remind}
              onChange={setRemind}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineStack align="end" gap="200">
            <Button url="/app/invitations">{t("invitations.new.cancel")}</Button>
            <Button
              variant="primary"
              onClick={preview}
              loading={navigation.state !== "idle"}
              disabled={store.mode === "classicDisabled"}
            >
              {t("invitations.new.preview")}
            </Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={askConsent}
        onClose={() => setAskConsent(false)}
        title={t("invitations.new.consentTitle")}
        primaryAction={{
          content: t("invitations.new.consentConfirm"),
          destructive: true,
          onAction: () => {
            setConsent(false);
            setConsentWaived(true);
            setAskConsent(false);
          },
        }}
        secondaryActions={[
          { content: t("invitations.new.consentKeep"), onAction: () => setAskConsent(false) },
        ]}
      >
        <Modal.Section>
          <Text as="p">{t("invitations.new.consentBody")}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="invitations.errors.load" />;
}
