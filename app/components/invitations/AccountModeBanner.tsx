import { Banner } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/** What invitations can do on this store, in plain words (classic, new accounts, accounts off). */
export function AccountModeBanner({
  mode,
  mailReady,
}: {
  mode: "classic" | "classicDisabled" | "new";
  mailReady: boolean;
}) {
  const { t } = useTranslation();
  if (mode === "classicDisabled")
    return (
      <Banner tone="critical" title={t("invitations.mode.disabledTitle")}>
        <p>{t("invitations.mode.disabledBody")}</p>
      </Banner>
    );
  if (mode === "new")
    return (
      <Banner
        tone={mailReady ? "info" : "warning"}
        title={t("invitations.mode.newTitle")}
        action={
          mailReady ? undefined : { content: t("invitations.mode.setUpMail"), url: "/app/settings" }
        }
      >
        <p>{t("invitations.mode.newBody")}</p>
        {mailReady ? null : <p>{t("invitations.mode.noMail")}</p>}
      </Banner>
    );
  return (
    <Banner tone="info" title={t("invitations.mode.classicTitle")}>
      <p>{t("invitations.mode.classicBody")}</p>
    </Banner>
  );
}
