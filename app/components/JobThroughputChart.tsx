import { Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { CountChart } from "./CountChart";
import { useJobFormat } from "./JobFormat";

export type ThroughputPoint = { at: string; count: number };

/** Items finished per minute, a point a minute. */
export function JobThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  if (points.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {t("jobs.detail.chartEmpty")}
      </Text>
    );
  }
  return (
    <CountChart
      label={format.time}
      showLegend={false}
      series={[
        {
          name: t("jobs.detail.chartSeries"),
          data: points.map((point) => ({ key: point.at, value: point.count })),
        },
      ]}
    />
  );
}
