import { useFetcher } from "@remix-run/react";
import { Box, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";

type SettingsAnswer = { intent: "settings"; ok: boolean; errors: { reviewTag?: string[] } };

/** The tag new orders to a broken military address get (orders/create). */
export function ReviewTagCard({ reviewTag }: { reviewTag: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsAnswer>();
  const [tag, setTag] = useState(reviewTag);
  const saving = fetcher.state !== "idle";
  const error = fetcher.data?.errors?.reviewTag?.[0];
  const k = (key: string) => `customers.addresses.settings.${key}`;
  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="settings" />
        <FormLayout>
          <TextField
            label={t(k("reviewTag"))}
            name="reviewTag"
            value={tag}
            onChange={setTag}
            autoComplete="off"
            maxLength={255}
            error={error ? t(k(`errors.${error}`)) : undefined}
          />
          <InlineStack align="end" gap="200" blockAlign="center">
            {fetcher.data?.ok && !saving ? (
              <Text as="span" tone="success">
                {t(k("saved"))}
              </Text>
            ) : null}
            <Box>
              <Button submit variant="primary" loading={saving}>
                {t(k("save"))}
              </Button>
            </Box>
          </InlineStack>
        </FormLayout>
      </fetcher.Form>
    </Card>
  );
}
