// Pieces both actions show: a failed call and the campaign link. Every text
// comes from the locales through `t` (the target's shopify.i18n.translate).
import { failureView, type Failure, type ResultView } from "./logic";

export type Translate = (key: string, options?: Record<string, string | number>) => string;

export function FailureBanner({ failure, t }: { failure: Failure; t: Translate }) {
  const view = failureView(failure);
  return (
    <s-banner tone="critical" heading={t("error.heading")}>
      <s-paragraph>{view.backendMessage ?? t(view.textKey)}</s-paragraph>
      {view.retryable && <s-paragraph>{t("error.retry")}</s-paragraph>}
    </s-banner>
  );
}

export function CampaignLink({ href, t }: { href: string; t: Translate }) {
  return <s-link href={href}>{t("result.viewCampaign")}</s-link>;
}

/** Queued and skipped counts of a bulk call, skipped grouped by reason. */
export function ResultSummary({ view, t }: { view: ResultView; t: Translate }) {
  const queuedKey = view.mode === "new" ? "result.queuedNew" : "result.queued";
  return (
    <s-stack gap="base">
      <s-banner
        tone={view.queued > 0 ? "success" : "warning"}
        heading={view.queued > 0 ? t(queuedKey, { count: view.queued }) : t("result.noneQueued")}
      >
        {view.skippedTotal > 0 && (
          <s-stack gap="small">
            <s-paragraph>{t("result.skipped", { count: view.skippedTotal })}</s-paragraph>
            <s-unordered-list>
              {view.skipped.map(({ reason, count }) => (
                <s-list-item key={reason}>{t(`reason.${reason}`, { count })}</s-list-item>
              ))}
            </s-unordered-list>
          </s-stack>
        )}
      </s-banner>
      <CampaignLink href={view.campaignHref} t={t} />
    </s-stack>
  );
}
