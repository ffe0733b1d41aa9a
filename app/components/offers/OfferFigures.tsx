import { InlineGrid } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { Figure } from "../Figure";
import { useJobFormat } from "../JobFormat";
import { useMoney } from "./useMoney";

export type FigureSet = {
  currencyCode: string | null;
  issued: number;
  redeemedOrders: number;
  salesMinor: number;
  cancelledMinor: number;
  refundedMinor: number;
  netSalesMinor: number;
};

/** The 30-day figures of one automation or all: issued, used, sales (net, and what was taken back). */
export function OfferFigures({
  figures,
  currencyCode,
}: {
  figures: FigureSet;
  currencyCode: string;
}) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const money = useMoney();
  const currency = figures.currencyCode ?? currencyCode;
  return (
    <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
      <Figure label={t("offers.figures.issued")} value={format.number(figures.issued)} />
      <Figure label={t("offers.figures.redeemed")} value={format.number(figures.redeemedOrders)} />
      <Figure
        label={t("offers.figures.rate")}
        value={figures.issued ? format.percent(figures.redeemedOrders, figures.issued) : "–"}
      />
      <Figure label={t("offers.figures.netSales")} value={money(figures.netSalesMinor, currency)} />
      <Figure
        label={t("offers.figures.takenBack")}
        value={money(figures.cancelledMinor + figures.refundedMinor, currency)}
      />
    </InlineGrid>
  );
}
