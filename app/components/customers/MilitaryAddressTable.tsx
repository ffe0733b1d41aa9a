import { useFetcher } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  IndexTable,
  InlineStack,
  Link,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";

export type AddressRow = {
  id: string;
  customerId: string;
  isDefault: boolean;
  status: "open" | "fixed" | "gone" | "failed";
  error: string | null;
  address: {
    address1?: string | null;
    address2?: string | null;
    city?: string | null;
    provinceCode?: string | null;
    countryCodeV2?: string | null;
    zip?: string | null;
  };
  problems: { rule: string; field: string; fix?: string; found?: string }[];
  fixable: boolean;
};

type FixAnswer = {
  intent: "fix";
  ok: boolean;
  code?: string;
  remaining?: number;
  message?: string;
};

const K = "customers.addresses.";
const BADGE = { open: "attention", fixed: "success", gone: undefined, failed: "critical" } as const;

function useHeadings() {
  const { t } = useTranslation();
  return [
    { title: t(`${K}list.address`) },
    { title: t(`${K}list.problems`) },
    { title: t(`${K}list.status`) },
  ] as [{ title: string }, ...{ title: string }[]];
}

/** The flagged addresses of one page, each with its problems, suggested fixes and the fix button. */
export function MilitaryAddressTable({ rows }: { rows: AddressRow[] }) {
  const { t } = useTranslation();
  const headings = useHeadings();
  return (
    <IndexTable
      resourceName={{ singular: t(`${K}list.singular`), plural: t(`${K}list.plural`) }}
      itemCount={rows.length}
      selectable={false}
      headings={headings}
    >
      {rows.map((row, index) => (
        <AddressTableRow key={row.id} row={row} index={index} />
      ))}
    </IndexTable>
  );
}

/** While another page of the list loads: the same rows, as skeletons (nothing shifts). */
export function MilitaryAddressTableSkeleton({ rows }: { rows: number }) {
  const { t } = useTranslation();
  const headings = useHeadings();
  return (
    <IndexTable
      resourceName={{ singular: t(`${K}list.singular`), plural: t(`${K}list.plural`) }}
      itemCount={rows}
      selectable={false}
      headings={headings}
    >
      {Array.from({ length: rows }, (_, index) => (
        <IndexTable.Row id={`skeleton-${index}`} key={index} position={index}>
          <IndexTable.Cell>
            <SkeletonBodyText lines={3} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <SkeletonBodyText lines={3} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <SkeletonBodyText lines={1} />
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

function AddressTableRow({ row, index }: { row: AddressRow; index: number }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<FixAnswer>();
  const fixing = fetcher.state !== "idle";
  const a = row.address;
  const lines = [
    a.address1,
    a.address2,
    [a.city, a.provinceCode, a.zip].filter(Boolean).join(" "),
    a.countryCodeV2,
  ].filter((line): line is string => !!line);
  const answer = fetcher.data && !fixing ? fetcher.data : null;
  const customer = row.customerId.split("/").pop();
  return (
    <IndexTable.Row id={row.id} position={index}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          {lines.map((line, i) => (
            <Text as="span" key={i}>
              {line}
            </Text>
          ))}
          <InlineStack gap="200">
            {row.isDefault ? <Badge>{t(`${K}list.default`)}</Badge> : null}
            <Link url={`shopify://admin/customers/${customer}`} target="_top">
              {t(`${K}list.openCustomer`)}
            </Link>
          </InlineStack>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="200">
          {row.problems.map((p, i) => (
            <BlockStack gap="050" key={i}>
              <Text as="span">{t(`${K}rules.${p.rule}`, { fix: p.fix, found: p.found })}</Text>
              {p.fix !== undefined ? (
                <Text as="span" tone="success" variant="bodySm">
                  {t(`${K}fix.suggestion`, { field: t(`${K}fields.${p.field}`), value: p.fix })}
                </Text>
              ) : null}
            </BlockStack>
          ))}
          {!row.fixable && row.status === "open" ? (
            <Text as="span" tone="subdued" variant="bodySm">
              {t(`${K}fix.askCustomer`)}
            </Text>
          ) : null}
          {answer ? <FixOutcome answer={answer} /> : null}
          {row.error && !answer ? (
            <Text as="span" tone="critical" variant="bodySm">
              {row.error}
            </Text>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="200" inlineAlign="start">
          <Badge tone={BADGE[row.status]}>{t(`${K}status.${row.status}`)}</Badge>
          {row.fixable && (row.status === "open" || row.status === "failed") ? (
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="fix" />
              <input type="hidden" name="id" value={row.id} />
              <Button submit size="slim" loading={fixing}>
                {t(`${K}fix.apply`)}
              </Button>
            </fetcher.Form>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function FixOutcome({ answer }: { answer: FixAnswer }) {
  const { t } = useTranslation();
  if (answer.ok)
    return (
      <Text as="span" tone="success" variant="bodySm">
        {answer.remaining
          ? t(`${K}fix.outcomes.partial`, { count: answer.remaining })
          : t(`${K}fix.outcomes.ok`)}
      </Text>
    );
  return (
    <Text as="span" tone="critical" variant="bodySm">
      {t(`${K}fix.outcomes.${answer.code ?? "refused"}`, { message: answer.message ?? "" })}
    </Text>
  );
}
