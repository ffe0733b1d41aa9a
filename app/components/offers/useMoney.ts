import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { currencyDecimals } from "../../offers/money";

/** Minor units of a currency as the admin user reads money: 123450 EUR → "1 234,50 €". */
export function useMoney() {
  const { i18n } = useTranslation();
  return useMemo(
    () => (minor: number, currencyCode: string | null) => {
      if (!currencyCode) return "–";
      return new Intl.NumberFormat(i18n.language, {
        style: "currency",
        currency: currencyCode,
      }).format(minor / 10 ** currencyDecimals(currencyCode));
    },
    [i18n.language],
  );
}
