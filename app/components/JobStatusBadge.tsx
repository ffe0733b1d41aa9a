import { Badge, type BadgeProps } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/** Statuses in which a job still moves on its own: its pages follow it live. */
export const LIVE_STATUSES = ["preparing", "queued", "running", "cancelling"];

const LOOK: Record<string, Pick<BadgeProps, "tone" | "progress">> = {
  preparing: { tone: "info", progress: "incomplete" },
  ready: { tone: "info", progress: "incomplete" },
  queued: { tone: "info", progress: "incomplete" },
  running: { tone: "attention", progress: "partiallyComplete" },
  paused: { tone: "warning", progress: "partiallyComplete" },
  cancelling: { tone: "warning", progress: "partiallyComplete" },
  cancelled: { progress: "complete" },
  completed: { tone: "success", progress: "complete" },
  failed: { tone: "critical", progress: "complete" },
};

export function JobStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge {...LOOK[status]}>{t(`jobs.status.${status}`, { defaultValue: status })}</Badge>;
}

export function useJobKindName() {
  const { t } = useTranslation();
  return (kind: string) => t(`jobs.kinds.${kind}`, { defaultValue: kind });
}
