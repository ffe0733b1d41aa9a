import { BlockStack, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "./JobFormat";

const TONE: Record<string, "highlight" | "primary" | "success" | "critical"> = {
  completed: "success",
  failed: "critical",
};

type Progress = { done: number; total: number; status: string; counts: { cancelled: number } };

/**
 * How many items were processed, out of the job's total. Cancelled items were
 * never sent: they count as left undone, so a cancelled job does not read 100 %.
 */
export function JobProgressBar({
  job,
  size = "small",
}: {
  job: Progress;
  size?: "small" | "medium";
}) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const processed = job.done - job.counts.cancelled;
  const percent = job.total > 0 ? Math.floor(Math.min(1, processed / job.total) * 100) : 0;
  return (
    <BlockStack gap="100">
      <ProgressBar
        progress={percent}
        size={size}
        tone={TONE[job.status] ?? "highlight"}
        animated={false}
      />
      <InlineStack align="space-between" gap="200">
        <Text as="span" variant="bodySm" tone="subdued">
          {t("jobs.progress", { done: format.number(processed), total: format.number(job.total) })}
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          {format.percent(processed, job.total)}
        </Text>
      </InlineStack>
    </BlockStack>
  );
}
