import { BlockStack, Box, Button, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { offerSnippet, previewSnippet, type SnippetWords } from "../../offers/snippet";

/**
 * The Liquid snippet for the shipping confirmation (and later mails), in the
 * merchant's language, with a preview of what the customer sees and a copy button.
 */
export function SnippetCard() {
  const { t, i18n } = useTranslation();
  const words: SnippetWords = {
    heading: t("offers.snippet.words.heading"),
    body: t("offers.snippet.words.body", { value: "{{value}}" }),
    freeShipping: t("offers.snippet.words.freeShipping"),
    code: t("offers.snippet.words.code"),
    until: t("offers.snippet.words.until", { date: "{{date}}" }),
    button: t("offers.snippet.words.button"),
  };
  const liquid = offerSnippet(words);
  const sampleDate = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date("2026-12-31T00:00:00Z"));
  const preview = previewSnippet(words, { value: "15 %", code: "THANKS-7Q4M2K", date: sampleDate });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(liquid);
      shopify.toast.show(t("offers.snippet.copied"));
    } catch {
      shopify.toast.show(t("offers.snippet.copyFailed"), { isError: true });
    }
  };
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="p">{t("offers.snippet.where")}</Text>
        <Box padding="400" borderWidth="025" borderColor="border" borderRadius="200">
          <BlockStack gap="200" inlineAlign="center">
            <Text as="h3" variant="headingMd">
              {preview.heading}
            </Text>
            <Text as="p">{preview.body}</Text>
            <Text as="p" tone="subdued">
              {preview.code}
            </Text>
            <Text as="p" variant="headingLg">
              {preview.offerCode}
            </Text>
            <Text as="p" tone="subdued">
              {preview.until}
            </Text>
            <Box background="bg-fill-brand" padding="200" paddingInline="400" borderRadius="100">
              <Text as="span" tone="text-inverse">
                {preview.button}
              </Text>
            </Box>
          </BlockStack>
        </Box>
        <Divider />
        <Box background="bg-surface-secondary" padding="300" borderRadius="200" overflowX="scroll">
          <pre style={{ margin: 0, fontSize: 12, maxHeight: 180, overflow: "auto" }}>{liquid}</pre>
        </Box>
        <InlineStack align="end">
          <Button onClick={copy}>{t("offers.snippet.copy")}</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
