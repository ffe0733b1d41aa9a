// The offer as both blocks show it (Polaris web components of checkout and
// customer accounts: s-banner, s-stack, s-text, s-button, s-clipboard-item).
import { useEffect, useState } from "preact/hooks";
import {
  askOffer,
  offerLines,
  pollOffer,
  type Formatter,
  type Line,
  type Offer,
  type Surface,
  type View,
} from "./logic";

export type Translate = (key: string, options?: Record<string, string | number>) => string;

const say = (t: Translate, line: Line) => t(line.key, line.params);

// One copy target per page: both blocks never share one.
const COPY_ID = "patron-offer-code";

export function OfferCard({ offer, t, format }: { offer: Offer; t: Translate; format: Formatter }) {
  const lines = offerLines(offer, format);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <s-banner tone="success" heading={t("heading")}>
      <s-stack gap="small-200">
        <s-text type="strong">{say(t, lines.value)}</s-text>
        <s-stack direction="inline" gap="base" alignItems="center">
          <s-text>{t("codeLabel")}</s-text>
          <s-text type="strong">{offer.code}</s-text>
          <s-button variant="secondary" commandFor={COPY_ID} command="--copy">
            {copied === "yes" ? t("copied") : t("copy")}
          </s-button>
        </s-stack>
        <s-clipboard-item
          id={COPY_ID}
          text={offer.code}
          onCopy={() => setCopied("yes")}
          onCopyError={() => setCopied("failed")}
        />
        {copied === "failed" && <s-text tone="critical">{t("copyFailed")}</s-text>}
        <s-text color="subdued">
          {lines.minimum
            ? `${say(t, lines.expires)} · ${say(t, lines.minimum)}`
            : say(t, lines.expires)}
        </s-text>
      </s-stack>
    </s-banner>
  );
}

/** Everything a view shows; nothing at all while checking and when there is no offer. */
export function OfferView({
  view,
  t,
  format,
  laterKey,
}: {
  view: View;
  t: Translate;
  format: Formatter;
  /** What "later" says on this surface. */
  laterKey: string;
}) {
  switch (view.kind) {
    case "checking":
    case "none":
      return null;
    case "pending":
      return (
        <s-banner tone="info" heading={t("heading")}>
          <s-stack direction="inline" gap="base" alignItems="center">
            <s-spinner accessibilityLabel={t("pending")} />
            <s-text>{t("pending")}</s-text>
          </s-stack>
        </s-banner>
      );
    case "later":
      return (
        <s-banner tone="info" heading={t("heading")}>
          <s-text>{t(laterKey)}</s-text>
        </s-banner>
      );
    case "issued":
      return <OfferCard offer={view.offer} t={t} format={format} />;
  }
}

/** The order's offer as the block shows it: asked of Patron's backend, polled while pending. */
export function useOfferView(
  surface: Surface,
  orderId: string | null,
  token: () => Promise<string>,
): View {
  const [view, setView] = useState<View>({ kind: "checking" });
  useEffect(() => {
    if (!orderId) return;
    let live = true;
    void pollOffer({
      ask: () => askOffer(surface, orderId, token),
      onView: setView,
      isLive: () => live,
    });
    return () => {
      live = false;
    };
    // The token getter is the host's and stays the same for the page's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [surface, orderId]);
  return view;
}
