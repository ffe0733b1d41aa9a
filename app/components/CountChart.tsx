import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "./JobFormat";

export type CountSeries = { name: string; data: { key: string; value: number }[] };

const HEIGHT = 240;
// Straight segments: a smoothed curve would show counts between points that never happened.
const THEMES = { Light: { line: { hasSpline: false } } };

/** Counts over time as lines (polaris-viz), in a box of its final size. */
export function CountChart({
  series,
  label,
  showLegend = true,
}: {
  series: CountSeries[];
  label: (key: string) => string;
  showLegend?: boolean;
}) {
  const format = useJobFormat();
  // The chart measures its container: it draws in the browser only.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const keyLabel = (value: string | number | null) =>
    typeof value === "string" ? label(value) : String(value ?? "");
  return (
    <div style={{ height: HEIGHT }}>
      {mounted ? (
        <PolarisVizProvider themes={THEMES}>
          <LineChart
            theme="Light"
            isAnimated={false}
            showLegend={showLegend}
            data={series}
            xAxisOptions={{ labelFormatter: keyLabel }}
            yAxisOptions={{ integersOnly: true }}
            tooltipOptions={{
              keyFormatter: keyLabel,
              titleFormatter: keyLabel,
              valueFormatter: (value) => format.number(Number(value ?? 0)),
            }}
          />
        </PolarisVizProvider>
      ) : null}
    </div>
  );
}

/** "2026-11-30" as the admin user reads a day: "30 nov." */
export function useDayLabel() {
  const { i18n } = useTranslation();
  const day = new Intl.DateTimeFormat(i18n.language, {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  return (key: string) => day.format(new Date(`${key}T00:00:00Z`));
}
