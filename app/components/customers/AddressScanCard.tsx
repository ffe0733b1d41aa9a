import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  ProgressBar,
  Spinner,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { useJobFormat } from "../JobFormat";

export type ScanView = {
  status: "running" | "completed" | "failed";
  total: number;
  read: number;
  checked: number;
  military: number;
  flagged: number;
  errorCode: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
} | null;

type ScanAnswer = { intent: "scan"; started: boolean };

/**
 * The scan: start it, follow it (Shopify reads the addresses, then Patron
 * checks them), and what the last one found or why it failed.
 */
export function AddressScanCard({ scan }: { scan: ScanView }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  const fetcher = useFetcher<ScanAnswer>();
  const running = scan?.status === "running";
  const starting = fetcher.state !== "idle";
  const k = (key: string) => `customers.addresses.scan.${key}`;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t(k("heading"))}
          </Text>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="scan" />
            <Button submit variant="primary" loading={starting} disabled={running}>
              {scan ? t(k("again")) : t(k("start"))}
            </Button>
          </fetcher.Form>
        </InlineStack>
        {fetcher.data && !starting ? (
          <Banner tone={fetcher.data.started ? "success" : "info"}>
            <p>{t(fetcher.data.started ? k("started") : k("alreadyRunning"))}</p>
          </Banner>
        ) : null}
        {!scan ? <Text as="p">{t(k("never"))}</Text> : null}
        {running && scan.checked === 0 ? (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel={t(k("running"))} />
            <Text as="p">{t(k("reading"), { read: format.number(scan.read) })}</Text>
          </InlineStack>
        ) : null}
        {running && scan.checked > 0 ? (
          <BlockStack gap="100">
            <ProgressBar
              progress={Math.floor(Math.min(1, scan.checked / Math.max(1, scan.total)) * 100)}
              size="small"
              animated={false}
            />
            <Text as="p" variant="bodySm" tone="subdued">
              {t(k("checking"), {
                checked: format.number(scan.checked),
                total: format.number(scan.total),
              })}
            </Text>
          </BlockStack>
        ) : null}
        {scan?.status === "completed" ? (
          <BlockStack gap="100">
            <Text as="p">
              {t(k("completed"), {
                checked: format.number(scan.checked),
                military: format.number(scan.military),
                flagged: format.number(scan.flagged),
              })}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              <FinishedAt iso={scan.finishedAt ?? scan.startedAt} />
            </Text>
          </BlockStack>
        ) : null}
        {scan?.status === "failed" ? (
          <Banner tone="critical" title={t(k("failed"))}>
            <BlockStack gap="100">
              <p>{t(k(`errors.${scan.errorCode ?? "scan_error"}`))}</p>
              {scan.error ? (
                <Box>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t(k("shopifySaid"), { message: scan.error })}
                  </Text>
                </Box>
              ) : null}
            </BlockStack>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}

// The server renders in its own time zone and the browser in the merchant's
// (see JobTime): the browser's text is kept at hydration.
function FinishedAt({ iso }: { iso: string }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {t("customers.addresses.scan.finishedAt", { when: format.dateTime(iso) })}
    </time>
  );
}
