// admin.customer-details.action.render: "More actions › Send account
// invitation" on one customer's page.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.customer-details.action.render";
import {
  CUSTOMER_QUERY,
  MAX_SELECTION,
  campaignHref,
  canSend,
  eligibility,
  readCustomer,
  sendInvitations,
  singleOutcome,
  stateLabelKey,
  validateSelection,
  type CustomerFacts,
  type Eligibility,
  type Outcome,
} from "./logic";
import { CampaignLink, FailureBanner, type Translate } from "./ui";

declare const shopify: Api;

export default async () => {
  render(<CustomerAction />, document.body);
};

type Load =
  | { status: "loading" }
  | { status: "loaded"; customer: CustomerFacts }
  // The query failed (for instance a field the app may not read): the modal
  // still offers to send, since the backend checks the customer itself.
  | { status: "unreadable"; message: string | null };

// States where the explanation is a warning rather than a plain paragraph.
const BLOCKED: Partial<Record<Eligibility, "info" | "warning">> = {
  enabled: "info",
  no_email: "warning",
  accounts_disabled: "warning",
};

function CustomerAction() {
  const t: Translate = (key, options) => shopify.i18n.translate(key, options);
  const selection = validateSelection(shopify.data.selected);
  const customerId = selection.ok ? selection.customerIds[0] : undefined;
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    if (!customerId) return;
    let live = true;
    shopify
      .query(CUSTOMER_QUERY, { variables: { id: customerId } })
      .then(({ data, errors }) => {
        const customer = errors?.length ? null : readCustomer(data);
        if (live)
          setLoad(
            customer
              ? { status: "loaded", customer }
              : { status: "unreadable", message: errors?.[0]?.message ?? null },
          );
      })
      .catch((error: unknown) => {
        if (live)
          setLoad({ status: "unreadable", message: error instanceof Error ? error.message : null });
      });
    return () => {
      live = false;
    };
  }, [customerId]);

  // Without a customer id (a selection the check refused) nothing loads.
  const loading = customerId !== undefined && load.status === "loading";
  const customer = load.status === "loaded" ? load.customer : null;
  const state = customer ? eligibility(customer) : null;
  const name = customer?.name ?? t("customer.unnamed");
  const sent = outcome?.kind === "sent";
  const allowed =
    customerId !== undefined &&
    !loading &&
    (state === null || canSend(state)) &&
    !sent &&
    (outcome?.kind !== "failed" || outcome.failure.retryable);

  async function send() {
    if (!customerId) return;
    setSending(true);
    setOutcome(await sendInvitations([customerId]));
    setSending(false);
  }

  const stateKey = customer ? stateLabelKey(customer) : null;

  return (
    <s-admin-action heading={t("customer.heading")} loading={loading}>
      <s-stack gap="base">
        {!selection.ok && (
          <s-banner tone="critical" heading={t("selection.heading")}>
            <s-paragraph>
              {t(`selection.${selection.problem}`, { count: selection.count, max: MAX_SELECTION })}
            </s-paragraph>
          </s-banner>
        )}

        {loading && <s-spinner accessibilityLabel={t("loading")} />}

        {customer && state && (
          <s-stack gap="small">
            <s-stack direction="inline" gap="small" alignItems="center">
              <s-text type="strong">{name}</s-text>
              {stateKey && <s-badge>{t(stateKey)}</s-badge>}
            </s-stack>
            <s-text color="subdued">{customer.email ?? t("customer.noEmail")}</s-text>
          </s-stack>
        )}

        {customer && state && !sent && <Explanation state={state} name={name} t={t} />}

        {load.status === "unreadable" && !sent && (
          <s-banner tone="warning" heading={t("customer.unreadable")}>
            {load.message && <s-paragraph>{load.message}</s-paragraph>}
            <s-paragraph>{t("customer.unreadableHint")}</s-paragraph>
          </s-banner>
        )}

        {outcome?.kind === "sent" && customerId && (
          <SentOne outcome={outcome} customerId={customerId} name={name} t={t} />
        )}
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
          {t("action.send")}
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

function Explanation({ state, name, t }: { state: Eligibility; name: string; t: Translate }) {
  const text = t(`explain.${state}`, { name });
  const tone = BLOCKED[state];
  return tone ? (
    <s-banner tone={tone}>
      <s-paragraph>{text}</s-paragraph>
    </s-banner>
  ) : (
    <s-paragraph>{text}</s-paragraph>
  );
}

function SentOne({
  outcome,
  customerId,
  name,
  t,
}: {
  outcome: Extract<Outcome, { kind: "sent" }>;
  customerId: string;
  name: string;
  t: Translate;
}) {
  const one = singleOutcome(outcome.result, customerId);
  const href = campaignHref(outcome.result);
  if (one.queued) {
    const mode = outcome.result.mode;
    return (
      <s-stack gap="base">
        <s-banner tone="success" heading={t(`sent.${mode}.heading`)}>
          <s-paragraph>{t(`sent.${mode}.text`, { name })}</s-paragraph>
        </s-banner>
        <CampaignLink href={href} t={t} />
      </s-stack>
    );
  }
  return (
    <s-stack gap="base">
      <s-banner tone="warning" heading={t("sent.skipped.heading")}>
        <s-paragraph>
          {t(one.reason ? `skippedOne.${one.reason}` : "sent.skipped.text")}
        </s-paragraph>
      </s-banner>
      <CampaignLink href={href} t={t} />
    </s-stack>
  );
}
