import { BlockStack, InlineGrid, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "../JobFormat";

export type Figures = {
  invited: number;
  accepted: number;
  rate: number | null;
  medianHoursToAccept: number | null;
  expired: number;
  clicks: number;
  reminders: number;
};

/** The figures a merchant follows: invited, accepted, the rate, how long it takes. */
export function AcceptanceFigures({ figures, clicks }: { figures: Figures; clicks?: boolean }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const hours = figures.medianHoursToAccept;
  const items: [string, string][] = [
    [t("invitations.figures.invited"), format.number(figures.invited)],
    [t("invitations.figures.accepted"), format.number(figures.accepted)],
    [
      t("invitations.figures.rate"),
      figures.rate === null ? "–" : format.percent(figures.accepted, figures.invited),
    ],
    [
      t("invitations.figures.timeToAccept"),
      hours === null
        ? "–"
        : hours < 1
          ? t("invitations.figures.underHour")
          : hours < 48
            ? t("invitations.figures.hours", { count: Math.round(hours) })
            : t("invitations.figures.days", { count: Math.round(hours / 24) }),
    ],
    [t("invitations.figures.expired"), format.number(figures.expired)],
    ...(clicks
      ? [[t("invitations.figures.clicks"), format.number(figures.clicks)] as [string, string]]
      : []),
  ];
  return (
    <InlineGrid columns={{ xs: 2, md: items.length > 5 ? 6 : 5 }} gap="400">
      {items.map(([label, value]) => (
        <BlockStack key={label} gap="100">
          <Text as="span" variant="bodySm" tone="subdued">
            {label}
          </Text>
          <Text as="span" variant="headingLg" numeric>
            {value}
          </Text>
        </BlockStack>
      ))}
    </InlineGrid>
  );
}
