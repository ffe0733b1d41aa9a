import { useFetcher } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export type MailView = {
  host: string;
  port: number;
  security: string;
  user: string | null;
  fromAddress: string;
  fromName: string | null;
  noticeAddress: string | null;
  hasPassword: boolean;
  verifiedAt: string | null;
} | null;

type Result = {
  intent: string;
  ok: boolean;
  errors?: Record<string, string[] | undefined>;
  code?: string;
  message?: string;
};

/**
 * The store's own mail server: sign-in invitations and Patron's notices go
 * through it. The password is write-only (encrypted at rest); "Send a test
 * mail" proves the settings before a campaign relies on them.
 */
export function MailSettingsCard({
  mail,
  demo,
  canStoreSecrets,
}: {
  mail: MailView;
  demo: { host: string; port: number; security: string } | null;
  canStoreSecrets: boolean;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Result>();
  const start =
    mail ??
    (demo ? { ...demo, user: null, fromAddress: "", fromName: null, noticeAddress: null } : null);
  const [host, setHost] = useState(start?.host ?? "");
  const [port, setPort] = useState(String(start?.port ?? 587));
  const [security, setSecurity] = useState(start?.security ?? "starttls");
  const [user, setUser] = useState(start?.user ?? "");
  const [password, setPassword] = useState("");
  const [fromAddress, setFrom] = useState(start?.fromAddress ?? "");
  const [fromName, setFromName] = useState(start?.fromName ?? "");
  const [noticeAddress, setNotice] = useState(start?.noticeAddress ?? "");
  const [testTo, setTestTo] = useState(mail?.noticeAddress ?? "");
  const result = fetcher.data;
  const errors = result?.intent === "mail" ? (result.errors ?? {}) : {};
  const busy = (intent: string) =>
    fetcher.state !== "idle" && fetcher.formData?.get("intent") === intent;
  const err = (key: string) => (errors[key]?.length ? t("settings.mail.invalid") : undefined);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {t("settings.mail.heading")}
          </Text>
          {mail?.verifiedAt ? (
            <Badge tone="success">{t("settings.mail.verified")}</Badge>
          ) : mail ? (
            <Badge tone="attention">{t("settings.mail.unverified")}</Badge>
          ) : null}
        </InlineStack>
        <Text as="p" tone="subdued">
          {t("settings.mail.body")}
        </Text>
        {demo && !mail ? <Banner tone="info">{t("settings.mail.demo")}</Banner> : null}
        {!canStoreSecrets ? <Banner tone="warning">{t("settings.mail.noKey")}</Banner> : null}
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="mail" />
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label={t("settings.mail.host")}
                name="host"
                value={host}
                onChange={setHost}
                autoComplete="off"
                error={err("host")}
              />
              <TextField
                label={t("settings.mail.port")}
                name="port"
                type="number"
                value={port}
                onChange={setPort}
                autoComplete="off"
                error={err("port")}
              />
              <Select
                label={t("settings.mail.security")}
                name="security"
                options={["starttls", "tls", "none"].map((s) => ({
                  value: s,
                  label: t(`settings.mail.securities.${s}`),
                }))}
                value={security}
                onChange={setSecurity}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label={t("settings.mail.user")}
                name="user"
                value={user}
                onChange={setUser}
                autoComplete="off"
              />
              <TextField
                label={t("settings.mail.password")}
                name="password"
                type="password"
                value={password}
                onChange={setPassword}
                autoComplete="new-password"
                helpText={mail?.hasPassword ? t("settings.mail.passwordKept") : undefined}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label={t("settings.mail.fromAddress")}
                name="fromAddress"
                type="email"
                value={fromAddress}
                onChange={setFrom}
                autoComplete="email"
                error={err("fromAddress")}
              />
              <TextField
                label={t("settings.mail.fromName")}
                name="fromName"
                value={fromName}
                onChange={setFromName}
                autoComplete="off"
              />
            </FormLayout.Group>
            <TextField
              label={t("settings.mail.noticeAddress")}
              helpText={t("settings.mail.noticeHelp")}
              name="noticeAddress"
              type="email"
              value={noticeAddress}
              onChange={setNotice}
              autoComplete="email"
              error={err("noticeAddress")}
            />
            <InlineStack align="end">
              <Button submit variant="primary" loading={busy("mail")} disabled={!canStoreSecrets}>
                {t("settings.mail.save")}
              </Button>
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
        {result?.intent === "mail" && result.ok ? (
          <Banner tone="success">{t("settings.mail.saved")}</Banner>
        ) : null}
        {mail ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="testMail" />
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label={t("settings.mail.testTo")}
                  name="to"
                  type="email"
                  value={testTo}
                  onChange={setTestTo}
                  autoComplete="email"
                />
              </div>
              <Button submit loading={busy("testMail")}>
                {t("settings.mail.test")}
              </Button>
            </InlineStack>
          </fetcher.Form>
        ) : null}
        {result?.intent === "testMail" ? (
          result.ok ? (
            <Banner tone="success">{t("settings.mail.testSent")}</Banner>
          ) : (
            <Banner
              tone="critical"
              title={t(`settings.mail.failures.${result.code}`, {
                defaultValue: t("settings.mail.failures.refused"),
              })}
            >
              {result.message ? <p>{result.message}</p> : null}
            </Banner>
          )
        ) : null}
      </BlockStack>
    </Card>
  );
}
