import {
  Badge,
  BlockStack,
  Box,
  Card,
  IndexTable,
  InlineStack,
  List,
  SkeletonBodyText,
  SkeletonDisplayText,
  Text,
  Tooltip,
  useIndexResourceState,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { SpamReason } from "../../customers/spam";
import { JobTime } from "../JobFormat";

export type SuspectRow = {
  id: string;
  score: number;
  reasons: SpamReason[];
  name: string | null;
  email: string | null;
  createdAt: string | null;
};

/** The reasons of one customer's score, each with what it means on hover. */
export function ReasonBadges({ reasons }: { reasons: SpamReason[] }) {
  const { t } = useTranslation();
  return (
    <InlineStack gap="100" wrap>
      {reasons.map((reason) => (
        <Tooltip key={reason} content={t(`customers.spam.reasonHelp.${reason}`)}>
          <Badge
            tone={reason === "no_orders" || reason === "unverified_email" ? undefined : "warning"}
          >
            {t(`customers.spam.reasons.${reason}`)}
          </Badge>
        </Tooltip>
      ))}
    </InlineStack>
  );
}

export function ScoreBadge({ score }: { score: number }) {
  const { t } = useTranslation();
  return (
    <span aria-label={t("customers.spam.scoreLabel", { score })}>
      <Badge tone={score >= 80 ? "critical" : "warning"}>{String(score)}</Badge>
    </span>
  );
}

/**
 * One page of suspects, highest score first, to select and hand to the bulk
 * tag or delete flow (each gets the chosen customers' ids).
 */
export function SuspectTable({
  suspects,
  onTag,
  onDelete,
}: {
  suspects: SuspectRow[];
  onTag: (ids: string[]) => void;
  onDelete: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const { selectedResources, allResourcesSelected, handleSelectionChange } =
    useIndexResourceState(suspects);
  const selected = allResourcesSelected ? suspects.map((s) => s.id) : selectedResources;
  return (
    <IndexTable
      resourceName={{
        singular: t("customers.spam.resource.singular"),
        plural: t("customers.spam.resource.plural"),
      }}
      itemCount={suspects.length}
      selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
      onSelectionChange={handleSelectionChange}
      // Both open their own flow, which checks and confirms before anything changes.
      promotedBulkActions={[
        { content: t("customers.spam.actions.tag"), onAction: () => onTag(selected) },
        { content: t("customers.spam.actions.delete"), onAction: () => onDelete(selected) },
      ]}
      headings={[
        { title: t("customers.spam.columns.customer") },
        { title: t("customers.spam.columns.score"), alignment: "end" },
        { title: t("customers.spam.columns.reasons") },
        { title: t("customers.spam.columns.signedUp") },
      ]}
    >
      {suspects.map((s, index) => (
        <IndexTable.Row
          id={s.id}
          key={s.id}
          position={index}
          selected={selectedResources.includes(s.id)}
        >
          <IndexTable.Cell>
            {/* Table cells do not wrap: a bot's long name would push the reasons out of the card. */}
            <BlockStack gap="050">
              <div style={{ whiteSpace: "normal", maxWidth: 200 }}>
                <Text as="span" fontWeight="semibold" breakWord>
                  {s.name ?? t("customers.spam.noName")}
                </Text>
              </div>
              <Text as="span" variant="bodySm" tone="subdued" breakWord>
                {s.email ?? "–"}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack align="end">
              <ScoreBadge score={s.score} />
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", minWidth: 220, maxWidth: 300 }}>
              <ReasonBadges reasons={s.reasons} />
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">
              {s.createdAt ? <JobTime iso={s.createdAt} /> : "–"}
            </Text>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

/**
 * The list while it loads (a scan running with no earlier list, a page
 * loading): rows of the table's own height, so nothing moves when it comes.
 */
export function SuspectListSkeleton({ rows }: { rows: number }) {
  return (
    <BlockStack>
      {Array.from({ length: rows }, (_, i) => (
        <Box
          key={i}
          paddingInline="300"
          paddingBlock="300"
          borderBlockEndWidth="025"
          borderColor="border-secondary"
        >
          <InlineStack gap="400" wrap={false} blockAlign="center">
            <Box width="35%">
              <SkeletonBodyText lines={2} />
            </Box>
            <Box width="8%">
              <SkeletonDisplayText size="small" />
            </Box>
            <Box width="35%">
              <SkeletonBodyText lines={1} />
            </Box>
            <Box width="15%">
              <SkeletonBodyText lines={1} />
            </Box>
          </InlineStack>
        </Box>
      ))}
    </BlockStack>
  );
}

/** How to keep fake accounts from signing up, as Shopify's help (seed 001) advises. */
export function PreventionCard() {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customers.spam.help.heading")}
        </Text>
        <Text as="p">{t("customers.spam.help.intro")}</Text>
        <List type="number">
          <List.Item>{t("customers.spam.help.captcha")}</List.Item>
          <List.Item>{t("customers.spam.help.forms")}</List.Item>
          <List.Item>{t("customers.spam.help.api")}</List.Item>
          <List.Item>{t("customers.spam.help.monitor")}</List.Item>
        </List>
      </BlockStack>
    </Card>
  );
}
