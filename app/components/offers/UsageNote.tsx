import { Banner, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

export type UsageComparison = {
  scope: "shared" | "unique";
  shopify: number;
  patron: number;
} | null;

/**
 * Our count beside Shopify's own (the discount's asyncUsageCount), with a
 * word on why they may differ: Shopify counts late, counts every customer of
 * a shared code, and keeps counting cancelled orders.
 */
export function UsageNote({ usage }: { usage: UsageComparison }) {
  const { t } = useTranslation();
  if (!usage) return null;
  const words = { shopify: usage.shopify, patron: usage.patron };
  if (usage.shopify === usage.patron)
    return (
      <Text as="p" tone="subdued">
        {t(`offers.usage.same.${usage.scope}`, words)}
      </Text>
    );
  return <Banner tone="info">{t(`offers.usage.differ.${usage.scope}`, words)}</Banner>;
}
