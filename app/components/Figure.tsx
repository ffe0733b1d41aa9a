import { BlockStack, Text } from "@shopify/polaris";

/** A number a merchant follows, with its label above it. */
export function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="span" variant="headingLg" numeric>
        {value}
      </Text>
    </BlockStack>
  );
}
