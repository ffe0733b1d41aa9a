import { Banner } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { AccountMode } from "../../shop/store-overview.server";

/**
 * Customer account extensions exist only with new customer accounts: on a
 * classic store the order status block cannot show, and the merchant is told
 * where the offer reaches the customer instead.
 */
export function ClassicAccountsNote({ mode }: { mode: AccountMode }) {
  const { t } = useTranslation();
  if (mode === "new") return null;
  return (
    <Banner tone="info" title={t("offers.classic.title")}>
      {t("offers.classic.body")}
    </Banner>
  );
}
