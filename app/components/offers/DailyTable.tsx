import { DataTable, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "../JobFormat";
import { useMoney } from "./useMoney";

type Day = {
  day: string;
  issued: number;
  redeemed: number;
  salesMinor: number;
  cancelledMinor: number;
  refundedMinor: number;
};

/** The days of the window that saw anything, newest first, with the window's totals. */
export function DailyTable({ days, currencyCode }: { days: Day[]; currencyCode: string }) {
  const { t, i18n } = useTranslation();
  const format = useJobFormat();
  const money = useMoney();
  const active = days.filter(
    (d) => d.issued || d.redeemed || d.salesMinor || d.cancelledMinor || d.refundedMinor,
  );
  if (!active.length)
    return (
      <Text as="p" tone="subdued">
        {t("offers.detail.noActivity")}
      </Text>
    );
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  const sum = (pick: (d: Day) => number) => days.reduce((total, d) => total + pick(d), 0);
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
      headings={[
        t("offers.daily.day"),
        t("offers.figures.issued"),
        t("offers.figures.redeemed"),
        t("offers.daily.sales"),
        t("offers.figures.takenBack"),
      ]}
      rows={[...active]
        .reverse()
        .map((d) => [
          date.format(new Date(`${d.day}T00:00:00Z`)),
          format.number(d.issued),
          format.number(d.redeemed),
          money(d.salesMinor, currencyCode),
          money(d.cancelledMinor + d.refundedMinor, currencyCode),
        ])}
      totals={[
        "",
        format.number(sum((d) => d.issued)),
        format.number(sum((d) => d.redeemed)),
        money(
          sum((d) => d.salesMinor),
          currencyCode,
        ),
        money(
          sum((d) => d.cancelledMinor + d.refundedMinor),
          currencyCode,
        ),
      ]}
      showTotalsInFooter
      totalsName={{ singular: t("offers.daily.total"), plural: t("offers.daily.total") }}
    />
  );
}
