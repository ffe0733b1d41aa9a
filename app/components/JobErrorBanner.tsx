import { Banner, BlockStack, Layout } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/** Why a job stopped or waits, in the merchant's words, with Shopify's own message when there is one. */
export function JobErrorBanner({
  job,
}: {
  job: { status: string; errorCode: string | null; error: string | null };
}) {
  const { t } = useTranslation();
  if (!job.errorCode && !job.error) return null;
  const detail = job.error ? <p>{t("jobs.detail.shopifySaid", { message: job.error })}</p> : null;
  const [tone, title, body] = job.errorCode
    ? [
        job.status === "failed" ? ("critical" as const) : ("warning" as const),
        job.status === "failed" ? t("jobs.detail.errorTitle") : t("jobs.detail.waitingTitle"),
        t(`jobs.errors.codes.${job.errorCode}`, { defaultValue: "" }),
      ]
    : ["info" as const, t("jobs.detail.noticeTitle"), t("jobs.detail.noticeBody")];
  return (
    <Layout.Section>
      <Banner tone={tone} title={title}>
        <BlockStack gap="100">
          {body ? <p>{body}</p> : null}
          {detail}
        </BlockStack>
      </Banner>
    </Layout.Section>
  );
}
