import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "./JobFormat";

export type ThroughputPoint = { at: string; count: number };

const HEIGHT = 240;
// Straight segments: a smoothed curve would show counts between minutes that never happened.
const THEMES = { Light: { line: { hasSpline: false } } };

/** Items finished per minute, a point a minute. */
export function JobThroughputChart({ points }: { points: ThroughputPoint[] }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  // The chart measures its container: it draws in the browser only.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  if (points.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {t("jobs.detail.chartEmpty")}
      </Text>
    );
  }
  const label = (value: string | number | null) =>
    typeof value === "string" ? format.time(value) : String(value ?? "");
  return (
    <div style={{ height: HEIGHT }}>
      {mounted ? (
        <PolarisVizProvider themes={THEMES}>
          <LineChart
            theme="Light"
            isAnimated={false}
            showLegend={false}
            data={[
              {
                name: t("jobs.detail.chartSeries"),
                data: points.map((point) => ({ key: point.at, value: point.count })),
              },
            ]}
            xAxisOptions={{ labelFormatter: label }}
            yAxisOptions={{ integersOnly: true }}
            tooltipOptions={{
              keyFormatter: label,
              titleFormatter: label,
              valueFormatter: (value) => format.number(Number(value ?? 0)),
            }}
          />
        </PolarisVizProvider>
      ) : null}
    </div>
  );
}
