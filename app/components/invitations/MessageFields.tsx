import {
  BlockStack,
  Box,
  Card,
  InlineStack,
  Select,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  LOCALES,
  messageFor,
  signInMail,
  type CampaignMessage,
  type Locale,
} from "../../invitations/messages";

export type Template = {
  id: string;
  kind: string;
  locale: string;
  name: string;
  subject: string;
  body: string;
};

/**
 * The campaign's words: one message for everyone, and one per language for
 * customers whose language is known. Empty means the default: Shopify's
 * invitation template, or Patron's sign-in mail.
 */
export function MessageFields({
  kind,
  message,
  onChange,
  templates,
  shopName,
  errors,
}: {
  kind: "account_invite" | "sign_in";
  message: CampaignMessage;
  onChange: (message: CampaignMessage) => void;
  templates: Template[];
  shopName: string;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const tabs = ["fallback", ...LOCALES] as const;
  const [tab, setTab] = useState(0);
  const key = tabs[tab]!;
  const current =
    key === "fallback" ? message.fallback : (message.byLocale[key] ?? { subject: "", body: "" });
  const set = (value: { subject: string; body: string }) =>
    onChange(
      key === "fallback"
        ? { ...message, fallback: value }
        : { ...message, byLocale: { ...message.byLocale, [key]: value } },
    );
  const mine = templates.filter(
    (tpl) => tpl.kind === kind && (key === "fallback" || tpl.locale === key),
  );
  return (
    <BlockStack gap="400">
      <Tabs
        tabs={tabs.map((id) => ({
          id,
          content: id === "fallback" ? t("invitations.message.everyone") : t(`languages.${id}`),
        }))}
        selected={tab}
        onSelect={setTab}
      />
      <Text as="p" tone="subdued">
        {key === "fallback"
          ? t(`invitations.message.fallbackHelp.${kind}`)
          : t("invitations.message.localeHelp")}
      </Text>
      {mine.length ? (
        <Select
          label={t("invitations.message.template")}
          placeholder={t("invitations.message.pickTemplate")}
          options={mine.map((tpl) => ({
            value: tpl.id,
            label: `${tpl.name} (${t(`languages.${tpl.locale}`)})`,
          }))}
          onChange={(id) => {
            const tpl = mine.find((m) => m.id === id);
            if (tpl) set({ subject: tpl.subject, body: tpl.body });
          }}
        />
      ) : null}
      <TextField
        label={t("invitations.message.subject")}
        value={current.subject}
        onChange={(subject) => set({ ...current, subject })}
        maxLength={255}
        autoComplete="off"
        placeholder={t("invitations.message.defaultPlaceholder")}
        error={errors.subject}
      />
      <TextField
        label={t(`invitations.message.body.${kind}`)}
        value={current.body}
        onChange={(body) => set({ ...current, body })}
        multiline={5}
        maxLength={5000}
        autoComplete="off"
        placeholder={t("invitations.message.defaultPlaceholder")}
        error={errors.body}
      />
      <InlineStack gap="400" wrap>
        <Box minWidth="240px">
          <TextField
            label={t(`invitations.message.from.${kind}`)}
            type="email"
            value={message.from ?? ""}
            onChange={(from) => onChange({ ...message, from: from.trim() || null })}
            autoComplete="email"
            error={errors.from}
          />
        </Box>
        <Box minWidth="240px">
          <TextField
            label={t("invitations.message.bcc")}
            helpText={t("invitations.message.bccHelp")}
            value={message.bcc.join(", ")}
            onChange={(bcc) =>
              onChange({
                ...message,
                bcc: bcc
                  .split(",")
                  .map((b) => b.trim())
                  .filter(Boolean),
              })
            }
            autoComplete="off"
            error={errors.bcc}
          />
        </Box>
      </InlineStack>
      <MailPreview
        kind={kind}
        message={message}
        locale={key === "fallback" ? null : key}
        shopName={shopName}
      />
    </BlockStack>
  );
}

/** The mail as the customer will see it (Shopify's invitation is shown with the campaign's words in it). */
function MailPreview({
  kind,
  message,
  locale,
  shopName,
}: {
  kind: "account_invite" | "sign_in";
  message: CampaignMessage;
  locale: Locale | null;
  shopName: string;
}) {
  const { t } = useTranslation();
  if (kind === "sign_in") {
    const mail = signInMail({ message, locale, shopName: shopName || "Shop", link: "#" });
    return (
      <Card background="bg-surface-secondary">
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("invitations.message.preview")} · {mail.subject}
          </Text>
          <iframe
            title={mail.subject}
            srcDoc={mail.html}
            sandbox=""
            style={{ width: "100%", height: 360, border: 0, borderRadius: 8 }}
          />
        </BlockStack>
      </Card>
    );
  }
  const own = messageFor(message, locale);
  return (
    <Card background="bg-surface-secondary">
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t("invitations.message.preview")} ·{" "}
          {own.subject || t("invitations.message.shopifySubject")}
        </Text>
        <Box background="bg-surface" padding="400" borderRadius="200">
          <BlockStack gap="300">
            <Text as="p" variant="headingMd">
              {shopName}
            </Text>
            <Text as="p">{t("invitations.message.shopifyIntro")}</Text>
            {own.body ? (
              <Box padding="300" background="bg-surface-secondary" borderRadius="100">
                <Text as="p">{own.body}</Text>
              </Box>
            ) : null}
            <Box>
              <Text as="span" fontWeight="semibold">
                {t("invitations.message.shopifyButton")}
              </Text>
            </Box>
          </BlockStack>
        </Box>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("invitations.message.shopifyNote")}
        </Text>
      </BlockStack>
    </Card>
  );
}
