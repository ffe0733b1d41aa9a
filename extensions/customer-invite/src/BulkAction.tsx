// admin.customer-index.selection-action.render: "More actions › Send account
// invitations" after selecting customers on the customer index.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.customer-index.selection-action.render";
import {
  MAX_SELECTION,
  SHOP_QUERY,
  readShopAccounts,
  resultView,
  sendInvitations,
  validateSelection,
  type Outcome,
  type ShopAccounts,
} from "./logic";
import { FailureBanner, ResultSummary, type Translate } from "./ui";

declare const shopify: Api;

export default async () => {
  render(<BulkAction />, document.body);
};

function BulkAction() {
  const t: Translate = (key, options) => shopify.i18n.translate(key, options);
  const selection = validateSelection(shopify.data.selected);
  // undefined while loading; null when the shop could not be read (the
  // explanation then stays general and the backend decides).
  const [accounts, setAccounts] = useState<ShopAccounts | null | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    let live = true;
    shopify
      .query(SHOP_QUERY)
      .then(({ data }) => live && setAccounts(readShopAccounts(data)))
      .catch(() => live && setAccounts(null));
    return () => {
      live = false;
    };
  }, []);

  const count = selection.ok ? selection.customerIds.length : selection.count;
  const sent = outcome?.kind === "sent";
  const allowed =
    selection.ok &&
    accounts !== undefined &&
    accounts?.enabled !== false &&
    !sent &&
    (outcome?.kind !== "failed" || outcome.failure.retryable);

  async function send() {
    if (!selection.ok) return;
    setSending(true);
    setOutcome(await sendInvitations(selection.customerIds));
    setSending(false);
  }

  const explainKey =
    accounts === null || accounts === undefined
      ? "bulk.explainUnknown"
      : !accounts.enabled
        ? "explain.accounts_disabled"
        : accounts.mode === "new"
          ? "bulk.explainNew"
          : "bulk.explainClassic";

  return (
    <s-admin-action heading={t("bulk.heading")} loading={accounts === undefined}>
      <s-stack gap="base">
        <s-text type="strong">{t("bulk.selected", { count })}</s-text>

        {!selection.ok && (
          <s-banner tone="warning" heading={t("selection.heading")}>
            <s-paragraph>
              {t(`selection.${selection.problem}`, { count, max: MAX_SELECTION })}
            </s-paragraph>
            {selection.problem === "too_many" && (
              <s-link href="/app/invitations">{t("selection.openCampaigns")}</s-link>
            )}
          </s-banner>
        )}

        {selection.ok && accounts !== undefined && !sent && (
          <s-paragraph>{t(explainKey)}</s-paragraph>
        )}

        {outcome?.kind === "sent" && <ResultSummary view={resultView(outcome.result)} t={t} />}
        {outcome?.kind === "failed" && <FailureBanner failure={outcome.failure} t={t} />}
      </s-stack>

      {sent ? (
        <s-button slot="primary-action" variant="primary" onClick={() => shopify.close()}>
          {t("action.done")}
        </s-button>
      ) : (
        <s-button
          slot="primary-action"
          variant="primary"
          disabled={!allowed || sending}
          loading={sending}
          onClick={() => void send()}
        >
          {t("bulk.send", { count })}
        </s-button>
      )}
      {!sent && (
        <s-button slot="secondary-actions" onClick={() => shopify.close()}>
          {t("action.cancel")}
        </s-button>
      )}
    </s-admin-action>
  );
}
