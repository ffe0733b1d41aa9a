import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import {
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { PageNumber, parseQuery } from "../http/query.server";
import { listCampaigns } from "../invitations/campaigns.server";
import { dailyInvitations, invitationFigures } from "../invitations/metrics.server";
import {
  InvitationSettingsInput,
  invitationSettings,
  saveInvitationSettings,
} from "../invitations/settings.server";
import { mailSettingsView } from "../mail/settings.server";
import { readStoreOverview } from "../shop/store-overview.server";
import { authenticate } from "../shopify.server";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobTime, useJobFormat } from "../components/JobFormat";
import { ListPagination } from "../components/ListPagination";
import { AcceptanceChart } from "../components/invitations/AcceptanceChart";
import { AcceptanceFigures } from "../components/invitations/AcceptanceFigures";
import { AccountModeBanner } from "../components/invitations/AccountModeBanner";
import { CampaignStatusBadge, campaignStatus } from "../components/invitations/CampaignStatus";
import { EMPTY_STATE_IMAGE } from "../components/illustration";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

const Query = z.object({ page: PageNumber });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const { page } = parseQuery(request, Query);
  const [store, figures, daily, list, settings, mail] = await Promise.all([
    readStoreOverview(admin),
    invitationFigures(db, session.shop),
    dailyInvitations(db, session.shop, { days: 30 }),
    listCampaigns(db, session.shop, page),
    invitationSettings(db, session.shop),
    mailSettingsView(db, session.shop),
  ]);
  return { store, figures, daily, page, ...list, settings, mailReady: mail !== null };
};

const Settings = InvitationSettingsInput.extend({ autoInvite: z.literal("on").optional() });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = Settings.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return json({ ok: false, errors: parsed.error.flatten().fieldErrors }, { status: 400 });
  await saveInvitationSettings(db, session.shop, {
    ...parsed.data,
    autoInvite: parsed.data.autoInvite === "on",
  });
  return json({ ok: true, errors: {} });
};

export default function Invitations() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pageUrl = (n: number) => `/app/invitations${n > 1 ? `?page=${n}` : ""}`;
  return (
    <Page>
      <TitleBar title={t("invitations.title")}>
        <button variant="primary" onClick={() => navigate("/app/invitations/new")}>
          {t("invitations.newCampaign")}
        </button>
        <button onClick={() => navigate("/app/invitations/templates")}>
          {t("invitations.templates.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <AccountModeBanner mode={data.store.mode} mailReady={data.mailReady} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("invitations.overallHeading")}
              </Text>
              <AcceptanceFigures figures={data.figures} clicks={data.store.mode === "new"} />
              <Text as="h3" variant="headingSm">
                {t("invitations.chartHeading")}
              </Text>
              <AcceptanceChart points={data.daily} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {data.campaigns.length === 0 ? (
              <EmptyState
                heading={t("invitations.emptyHeading")}
                action={{ content: t("invitations.newCampaign"), url: "/app/invitations/new" }}
                image={EMPTY_STATE_IMAGE}
              >
                <p>{t("invitations.emptyBody")}</p>
              </EmptyState>
            ) : (
              <CampaignTable campaigns={data.campaigns} />
            )}
            <ListPagination
              page={data.page}
              pages={data.pages}
              url={pageUrl}
              label={t("invitations.page", { page: data.page, pages: data.pages })}
            />
          </Card>
        </Layout.Section>
        <Layout.AnnotatedSection
          title={t("invitations.settings.heading")}
          description={t("invitations.settings.description")}
        >
          <SettingsCard settings={data.settings} />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

type CampaignRow = ReturnType<typeof useLoaderData<typeof loader>>["campaigns"][number];

function CampaignTable({ campaigns }: { campaigns: CampaignRow[] }) {
  const { t } = useTranslation();
  const format = useJobFormat();
  return (
    <IndexTable
      resourceName={{ singular: t("invitations.campaign"), plural: t("invitations.campaigns") }}
      itemCount={campaigns.length}
      selectable={false}
      headings={[
        { title: t("invitations.columns.name") },
        { title: t("invitations.columns.status") },
        { title: t("invitations.figures.invited"), alignment: "end" },
        { title: t("invitations.figures.accepted"), alignment: "end" },
        { title: t("invitations.figures.rate"), alignment: "end" },
        { title: t("invitations.columns.created") },
      ]}
    >
      {campaigns.map((c, index) => (
        <IndexTable.Row id={c.id} key={c.id} position={index}>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Link url={`/app/invitations/${c.id}`} monochrome removeUnderline dataPrimaryLink>
                <Text as="span" fontWeight="semibold">
                  {c.name}
                </Text>
              </Link>
              <Text as="span" variant="bodySm" tone="subdued">
                {t(`invitations.kinds.${c.kind}`)} · {t(`invitations.origins.${c.origin}`)}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <CampaignStatusBadge status={campaignStatus(c.jobStatus, c.sent)} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {format.number(c.invited)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {format.number(c.accepted)}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {c.invited ? format.percent(c.accepted, c.invited) : "–"}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" tone="subdued">
              <JobTime iso={c.createdAt} />
            </Text>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

function SettingsCard({
  settings,
}: {
  settings: {
    autoInvite: boolean;
    recentDays: number;
    remindAfterDays: number | null;
    remindMax: number;
  };
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; errors: Record<string, string[] | undefined> }>();
  const [auto, setAuto] = useState(settings.autoInvite);
  const [recent, setRecent] = useState(String(settings.recentDays));
  const [after, setAfter] = useState(
    settings.remindAfterDays ? String(settings.remindAfterDays) : "",
  );
  const [max, setMax] = useState(String(settings.remindMax));
  const errors = fetcher.data?.errors ?? {};
  const saving = fetcher.state !== "idle";
  return (
    <Card>
      <fetcher.Form method="post">
        <FormLayout>
          <Checkbox
            label={t("invitations.settings.autoInvite")}
            helpText={t("invitations.settings.autoInviteHelp")}
            checked={auto}
            onChange={setAuto}
          />
          {auto ? <input type="hidden" name="autoInvite" value="on" /> : null}
          <TextField
            label={t("invitations.settings.recentDays")}
            helpText={t("invitations.settings.recentDaysHelp")}
            type="number"
            min={1}
            max={365}
            name="recentDays"
            value={recent}
            onChange={setRecent}
            autoComplete="off"
            error={errors.recentDays?.length ? t("invitations.errors.number") : undefined}
          />
          <FormLayout.Group>
            <TextField
              label={t("invitations.settings.remindAfterDays")}
              helpText={t("invitations.settings.remindAfterDaysHelp")}
              type="number"
              min={1}
              max={29}
              name="remindAfterDays"
              value={after}
              onChange={setAfter}
              autoComplete="off"
              error={errors.remindAfterDays?.length ? t("invitations.errors.number") : undefined}
            />
            <TextField
              label={t("invitations.settings.remindMax")}
              type="number"
              min={0}
              max={3}
              name="remindMax"
              value={max}
              onChange={setMax}
              autoComplete="off"
              error={errors.remindMax?.length ? t("invitations.errors.number") : undefined}
            />
          </FormLayout.Group>
          <InlineStack align="end" gap="200" blockAlign="center">
            {fetcher.data?.ok && !saving ? (
              <Text as="span" tone="success">
                {t("invitations.settings.saved")}
              </Text>
            ) : null}
            <Box>
              <Button submit variant="primary" loading={saving}>
                {t("invitations.settings.save")}
              </Button>
            </Box>
          </InlineStack>
        </FormLayout>
      </fetcher.Form>
    </Card>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="invitations.errors.load" />;
}
