import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button, InlineStack, Modal, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export const JOB_INTENTS = ["pause", "resume", "cancel", "retry"] as const;
export type JobIntent = (typeof JOB_INTENTS)[number];
export type JobActionResult = { intent: JobIntent; changed: boolean } | { error: string };

/** Which controls a job in this status offers (the job functions refuse the others). */
export function jobIntents(status: string, failed: number): JobIntent[] {
  const intents: JobIntent[] = [];
  if (["queued", "running"].includes(status)) intents.push("pause");
  if (status === "paused") intents.push("resume");
  // A failed job goes on with what it had left once its cause is fixed.
  if ((failed > 0 && ["completed", "paused"].includes(status)) || status === "failed")
    intents.push("retry");
  if (["preparing", "ready", "queued", "running", "paused"].includes(status))
    intents.push("cancel");
  return intents;
}

/** Pause, resume, retry and cancel (after a confirmation), posted to the page's action. */
export function JobActions({ status, failed }: { status: string; failed: number }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const fetcher = useFetcher<JobActionResult>();
  const [confirming, setConfirming] = useState(false);
  const sending = fetcher.state === "idle" ? null : fetcher.formData?.get("intent");
  const submit = (intent: JobIntent) => fetcher.submit({ intent }, { method: "post" });

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result) return;
    if ("error" in result) shopify.toast.show(t("jobs.actions.invalid"), { isError: true });
    else if (result.changed) shopify.toast.show(t(`jobs.actions.done.${result.intent}`));
    else shopify.toast.show(t("jobs.actions.unchanged"), { isError: true });
  }, [fetcher.state, fetcher.data, shopify, t]);

  const intents = jobIntents(status, failed);
  if (intents.length === 0) return null;
  return (
    <InlineStack gap="200">
      {intents.includes("pause") ? (
        <Button onClick={() => submit("pause")} loading={sending === "pause"} disabled={!!sending}>
          {t("jobs.actions.pause")}
        </Button>
      ) : null}
      {intents.includes("resume") ? (
        <Button
          variant="primary"
          onClick={() => submit("resume")}
          loading={sending === "resume"}
          disabled={!!sending}
        >
          {t("jobs.actions.resume")}
        </Button>
      ) : null}
      {intents.includes("retry") ? (
        <Button onClick={() => submit("retry")} loading={sending === "retry"} disabled={!!sending}>
          {t("jobs.actions.retry")}
        </Button>
      ) : null}
      {intents.includes("cancel") ? (
        <Button
          tone="critical"
          onClick={() => setConfirming(true)}
          loading={sending === "cancel"}
          disabled={!!sending}
        >
          {t("jobs.actions.cancel")}
        </Button>
      ) : null}
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("jobs.actions.confirmTitle")}
        primaryAction={{
          content: t("jobs.actions.confirm"),
          destructive: true,
          onAction: () => {
            setConfirming(false);
            submit("cancel");
          },
        }}
        secondaryActions={[
          { content: t("jobs.actions.keep"), onAction: () => setConfirming(false) },
        ]}
      >
        <Modal.Section>
          <Text as="p">{t("jobs.actions.confirmBody")}</Text>
        </Modal.Section>
      </Modal>
    </InlineStack>
  );
}
