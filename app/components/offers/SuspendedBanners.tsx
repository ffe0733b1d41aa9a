import { Banner, BlockStack } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

type Suspended = { id: string; name: string; status: string; suspendedReason: string | null };

/** An automation that stopped itself always says so, wherever its list is shown. */
export function SuspendedBanners({ automations }: { automations: Suspended[] }) {
  const { t } = useTranslation();
  const suspended = automations.filter((a) => a.status === "suspended");
  if (!suspended.length) return null;
  return (
    <BlockStack gap="200">
      {suspended.map((a) => (
        <Banner
          key={a.id}
          tone="critical"
          title={t(`offers.suspended.${a.suspendedReason ?? "discount_deleted"}`, { name: a.name })}
          action={{ content: t("offers.suspended.open"), url: `/app/offers/${a.id}` }}
        >
          {t("offers.notice.body")}
        </Banner>
      ))}
    </BlockStack>
  );
}
