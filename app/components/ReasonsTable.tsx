import { DataTable, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "./JobFormat";

/**
 * Customers left out, by reason, most first. Reason codes are translated
 * under `reasonKeys`; Shopify's own words (a refusal) show as they are.
 */
export function ReasonsTable({
  skipped,
  reasonKeys,
  empty,
  headings,
}: {
  skipped: Record<string, number>;
  reasonKeys: string;
  empty: string;
  headings: [string, string];
}) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const rows = Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => [
      t(`${reasonKeys}.${reason}`, { defaultValue: reason }),
      format.number(n),
    ]);
  if (!rows.length)
    return (
      <Text as="p" tone="subdued">
        {empty}
      </Text>
    );
  return <DataTable columnContentTypes={["text", "numeric"]} headings={headings} rows={rows} />;
}
