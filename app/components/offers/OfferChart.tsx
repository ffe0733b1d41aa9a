import { useTranslation } from "react-i18next";
import { CountChart, useDayLabel } from "../CountChart";

export type OfferDay = { day: string; issued: number; redeemed: number };

/** Offers issued and codes used per day over the window. */
export function OfferChart({ points }: { points: OfferDay[] }) {
  const { t } = useTranslation();
  return (
    <CountChart
      label={useDayLabel()}
      series={[
        {
          name: t("offers.figures.issued"),
          data: points.map((p) => ({ key: p.day, value: p.issued })),
        },
        {
          name: t("offers.figures.redeemed"),
          data: points.map((p) => ({ key: p.day, value: p.redeemed })),
        },
      ]}
    />
  );
}
