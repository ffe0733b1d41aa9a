import { Badge, type BadgeProps } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/** A campaign's state for the merchant, from its job's: a draft until sent. */
export function campaignStatus(jobStatus: string | null, sent: boolean) {
  if (!jobStatus) return "draft";
  if (["cancelling", "cancelled"].includes(jobStatus)) return sent ? "stopped" : "discarded";
  if (!sent) return jobStatus === "preparing" ? "previewing" : "draft";
  if (jobStatus === "completed") return "sent";
  if (jobStatus === "failed") return "failed";
  if (jobStatus === "paused") return "paused";
  return "sending";
}

const LOOK: Record<string, Pick<BadgeProps, "tone" | "progress">> = {
  previewing: { tone: "info", progress: "incomplete" },
  draft: { tone: "info", progress: "incomplete" },
  sending: { tone: "attention", progress: "partiallyComplete" },
  paused: { tone: "warning", progress: "partiallyComplete" },
  sent: { tone: "success", progress: "complete" },
  stopped: { progress: "complete" },
  discarded: { progress: "complete" },
  failed: { tone: "critical", progress: "complete" },
};

export function CampaignStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge {...LOOK[status]}>{t(`invitations.status.${status}`)}</Badge>;
}
