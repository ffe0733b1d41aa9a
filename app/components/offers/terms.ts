import type { TFunction } from "i18next";

type Terms = {
  discountKind: string;
  value: string | null;
  currencyCode: string;
  codeMode: string;
  code?: string | null;
};

/** "15 % · a unique code per customer", "10.00 EUR · shared code THANKS". */
export function offerTerms(t: TFunction, a: Terms) {
  const value =
    a.discountKind === "percentage"
      ? t("offers.value.percentage", { value: a.value })
      : a.discountKind === "fixed_amount"
        ? t("offers.value.fixed_amount", { value: a.value, currency: a.currencyCode })
        : t("offers.value.free_shipping");
  const mode =
    a.codeMode === "unique"
      ? t("offers.mode.unique")
      : t("offers.mode.shared", { code: a.code ?? "" });
  return `${value} · ${mode}`;
}
