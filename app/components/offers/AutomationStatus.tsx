import { Badge } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

const TONES = {
  draft: undefined,
  active: "success",
  paused: "attention",
  suspended: "critical",
} as const;

export function AutomationStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const tone = TONES[status as keyof typeof TONES];
  return <Badge tone={tone}>{t(`offers.status.${status}`, { defaultValue: status })}</Badge>;
}
