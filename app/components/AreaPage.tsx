import { TitleBar } from "@shopify/app-bridge-react";
import { Card, EmptyState, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { EMPTY_STATE_IMAGE } from "./illustration";

// The landing of an area whose tools are not in this release yet: it says what
// the area will do rather than showing an empty frame.
export function AreaPage({ area }: { area: "invitations" | "customers" | "offers" }) {
  const { t } = useTranslation();
  return (
    <Page>
      <TitleBar title={t(`areas.${area}.title`)} />
      <Card>
        <EmptyState heading={t(`areas.${area}.heading`)} image={EMPTY_STATE_IMAGE}>
          <p>{t(`areas.${area}.body`)}</p>
          <p>{t("areas.comingSoon")}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
