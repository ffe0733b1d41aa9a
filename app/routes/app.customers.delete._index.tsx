import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRouteError,
  useSubmit,
} from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listSegments } from "../audiences/segments.server";
import { UploadNotReadyError } from "../audiences/uploads.server";
import { listDeletions, NewDeletion, reportDeletion } from "../customers/deletions.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { AudienceFields, type Source } from "../components/audiences/AudienceFields";
import { pickedSource } from "../components/audiences/picked";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobTime } from "../components/JobFormat";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [segments, deletions] = await Promise.all([
    listSegments(admin),
    listDeletions(db, session.shop, 10),
  ]);
  return {
    segments,
    picked: pickedSource(request),
    deletions: deletions.map((d) => ({
      id: d.id,
      confirmedAt: d.confirmedAt?.toISOString() ?? null,
      backupCount: d.backupCount,
      createdAt: d.createdAt.toISOString(),
    })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  let payload: unknown;
  try {
    payload = JSON.parse(String((await readForm(request)).get("payload") ?? ""));
  } catch {
    return json({ error: "invalid" }, { status: 400 });
  }
  const input = NewDeletion.safeParse(payload);
  if (!input.success) return json({ error: "invalid" }, { status: 400 });
  try {
    const deletion = await reportDeletion(
      { db, queue: getQueue() },
      context.session.shop,
      input.data,
      { staff: staffOf(context) },
    );
    return redirect(`/app/customers/delete/${deletion.id}`);
  } catch (error) {
    if (error instanceof UploadNotReadyError)
      return json({ error: "uploadNotReady" }, { status: 400 });
    throw error;
  }
};

export default function BulkDeletePage() {
  const { segments, picked, deletions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [source, setSource] = useState<Source>(picked ?? { type: "search", query: "" });
  return (
    <Page>
      <TitleBar title={t("customers.delete.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/customers")}>
          {t("areas.customers.title")}
        </button>
      </TitleBar>
      <Layout>
        <Layout.Section>
          <Banner tone="warning" title={t("customers.delete.stepsTitle")}>
            <p>{t("customers.delete.steps")}</p>
          </Banner>
        </Layout.Section>
        {result?.error ? (
          <Layout.Section>
            <Banner tone="critical">{t(`customers.delete.errors.${result.error}`)}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("customers.delete.who")}
              </Text>
              <AudienceFields source={source} onChange={setSource} segments={segments} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineStack align="end">
            <Button
              variant="primary"
              loading={navigation.state !== "idle"}
              onClick={() => submit({ payload: JSON.stringify({ source }) }, { method: "post" })}
            >
              {t("customers.delete.report")}
            </Button>
          </InlineStack>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingMd">
                {t("customers.delete.recent")}
              </Text>
            </Box>
            {deletions.length ? (
              <IndexTable
                resourceName={{
                  singular: t("customers.delete.singular"),
                  plural: t("customers.delete.plural"),
                }}
                itemCount={deletions.length}
                selectable={false}
                headings={[
                  { title: t("customers.delete.deletion") },
                  { title: t("customers.tags.when") },
                ]}
              >
                {deletions.map((d, index) => (
                  <IndexTable.Row id={d.id} key={d.id} position={index}>
                    <IndexTable.Cell>
                      <Link to={`/app/customers/delete/${d.id}`}>
                        {d.confirmedAt
                          ? t("customers.delete.confirmedSummary", { count: d.backupCount })
                          : t("customers.delete.draftSummary")}
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <JobTime iso={d.createdAt} />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            ) : (
              <Box padding="400" paddingBlockStart="0">
                <Text as="p" tone="subdued">
                  {t("customers.delete.none")}
                </Text>
              </Box>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="customers.errors.load" />;
}
