import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** How long the backups of bulk deletes are kept, then deleted with the personal data they hold. */
export function CustomerSettingsCard({ backupDays }: { backupDays: number }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const fetcher = useFetcher<{ intent: string; ok: boolean }>();
  const [days, setDays] = useState(String(backupDays));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.intent === "customers" && fetcher.data.ok)
      shopify.toast.show(t("settings.customers.saved"));
  }, [fetcher.state, fetcher.data, shopify, t]);
  const invalid = fetcher.data?.intent === "customers" && !fetcher.data.ok;
  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="customers" />
        <BlockStack gap="300">
          <TextField
            label={t("settings.customers.backupDays")}
            helpText={t("settings.customers.backupDaysHelp")}
            name="backupDays"
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={setDays}
            autoComplete="off"
            suffix={t("invitations.new.daysSuffix")}
            error={invalid ? t("invitations.errors.number") : undefined}
          />
          <InlineStack align="end">
            <Button submit loading={fetcher.state !== "idle"}>
              {t("settings.customers.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
