import { useTranslation } from "react-i18next";
import { CountChart, useDayLabel } from "../CountChart";

export type DailyPoint = { day: string; invited: number; accepted: number };

/** Invitations sent and accepted per day: how a campaign lands over time. */
export function AcceptanceChart({ points }: { points: DailyPoint[] }) {
  const { t } = useTranslation();
  return (
    <CountChart
      label={useDayLabel()}
      series={[
        {
          name: t("invitations.figures.invited"),
          data: points.map((p) => ({ key: p.day, value: p.invited })),
        },
        {
          name: t("invitations.figures.accepted"),
          data: points.map((p) => ({ key: p.day, value: p.accepted })),
        },
      ]}
    />
  );
}
