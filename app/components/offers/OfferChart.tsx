import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "../JobFormat";

export type OfferDay = { day: string; issued: number; redeemed: number };

const HEIGHT = 240;
const THEMES = { Light: { line: { hasSpline: false } } };

/** Offers issued and codes used per day over the window. */
export function OfferChart({ points }: { points: OfferDay[] }) {
  const { t, i18n } = useTranslation();
  const format = useJobFormat();
  // The chart measures its container: drawn in the browser only, in a box of its final size.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const day = new Intl.DateTimeFormat(i18n.language, {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  const label = (value: string | number | null) =>
    typeof value === "string" ? day.format(new Date(`${value}T00:00:00Z`)) : String(value ?? "");
  return (
    <div style={{ height: HEIGHT }}>
      {mounted ? (
        <PolarisVizProvider themes={THEMES}>
          <LineChart
            theme="Light"
            isAnimated={false}
            data={[
              {
                name: t("offers.figures.issued"),
                data: points.map((p) => ({ key: p.day, value: p.issued })),
              },
              {
                name: t("offers.figures.redeemed"),
                data: points.map((p) => ({ key: p.day, value: p.redeemed })),
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
