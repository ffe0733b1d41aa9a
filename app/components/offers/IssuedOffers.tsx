import { Badge, Card, EmptyState, IndexTable, Link, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { JobTime } from "../JobFormat";
import { ListPagination } from "../ListPagination";

type Offer = {
  id: string;
  code: string | null;
  status: "issuing" | "issued" | "failed" | "revoked";
  orderId: string;
  customerId: string | null;
  issuedAt: string;
  endsAt: string;
  usedAt: string | null;
  error: string | null;
};

const numeric = (gid: string | null) => gid?.split("/").pop() ?? "";

/** The codes an automation gave, newest first, one page at a time. */
export function IssuedOffers({
  automationId,
  list,
}: {
  automationId: string;
  list: { offers: Offer[]; page: number; pages: number; total: number };
}) {
  const { t } = useTranslation();
  return (
    <Card padding="0">
      {list.offers.length === 0 ? (
        <EmptyState heading={t("offers.issued.emptyHeading")} image="">
          <p>{t("offers.issued.emptyBody")}</p>
        </EmptyState>
      ) : (
        <IndexTable
          resourceName={{
            singular: t("offers.issued.singular"),
            plural: t("offers.issued.plural"),
          }}
          itemCount={list.offers.length}
          selectable={false}
          headings={[
            { title: t("offers.issued.code") },
            { title: t("offers.issued.order") },
            { title: t("offers.issued.customer") },
            { title: t("offers.issued.issuedAt") },
            { title: t("offers.issued.endsAt") },
            { title: t("offers.issued.state") },
          ]}
        >
          {list.offers.map((o, index) => (
            <IndexTable.Row id={o.id} key={o.id} position={index}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">
                  {o.code ?? "–"}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Link url={`shopify://admin/orders/${numeric(o.orderId)}`} target="_top">
                  #{numeric(o.orderId)}
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {o.customerId ? (
                  <Link url={`shopify://admin/customers/${numeric(o.customerId)}`} target="_top">
                    {numeric(o.customerId)}
                  </Link>
                ) : (
                  "–"
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <JobTime iso={o.issuedAt} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <JobTime iso={o.endsAt} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <OfferState offer={o} />
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
      <ListPagination
        page={list.page}
        pages={list.pages}
        url={(n) => `/app/offers/${automationId}${n > 1 ? `?page=${n}` : ""}`}
        label={t("offers.issued.page", { page: list.page, pages: list.pages, total: list.total })}
      />
    </Card>
  );
}

function OfferState({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  if (offer.status === "failed")
    return <Badge tone="critical">{t("offers.issued.states.failed")}</Badge>;
  if (offer.status === "issuing") return <Badge>{t("offers.issued.states.issuing")}</Badge>;
  if (offer.status === "revoked")
    return <Badge tone="critical">{t("offers.issued.states.revoked")}</Badge>;
  if (offer.usedAt) return <Badge tone="success">{t("offers.issued.states.used")}</Badge>;
  if (new Date(offer.endsAt) <= new Date())
    return <Badge tone="attention">{t("offers.issued.states.expired")}</Badge>;
  return <Badge tone="info">{t("offers.issued.states.open")}</Badge>;
}
