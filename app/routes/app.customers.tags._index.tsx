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
  Button,
  Card,
  ChoiceList,
  IndexTable,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listSegments, storeCustomerTags } from "../audiences/segments.server";
import { checkTags, splitTags } from "../customers/tags";
import {
  listTagOperations,
  NewTagOperation,
  previewTagOperation,
  TagInputError,
} from "../customers/tags.server";
import db from "../db/db.server";
import { readForm } from "../http/body.server";
import { getQueue } from "../jobs/queue.server";
import { staffOf } from "../shop/staff.server";
import { authenticate } from "../shopify.server";
import { AudienceFields, type Source } from "../components/audiences/AudienceFields";
import { ErrorBanner } from "../components/ErrorBanner";
import { JobTime } from "../components/JobFormat";
import { pickedSource } from "../components/audiences/picked";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [segments, storeTags, operations] = await Promise.all([
    listSegments(admin),
    storeCustomerTags(admin),
    listTagOperations(db, session.shop, 10),
  ]);
  return {
    segments,
    storeTags,
    picked: pickedSource(request),
    operations: operations.map((o) => ({
      id: o.id,
      op: o.op,
      tags: o.tags,
      undoOf: o.undoOf,
      createdAt: o.createdAt.toISOString(),
    })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  let payload: unknown;
  try {
    payload = JSON.parse(String((await readForm(request)).get("payload") ?? ""));
  } catch {
    return json({ error: "invalid" as const, problems: [] }, { status: 400 });
  }
  const input = NewTagOperation.safeParse(payload);
  if (!input.success) return json({ error: "invalid" as const, problems: [] }, { status: 400 });
  try {
    const operation = await previewTagOperation({ db, queue: getQueue() }, shop, input.data, {
      staff: staffOf(context),
      storeTags: await storeCustomerTags(context.admin),
    });
    return redirect(`/app/customers/tags/${operation.id}`);
  } catch (error) {
    if (error instanceof TagInputError)
      return json(
        {
          error: error.checked.tooMany ? ("tooMany" as const) : ("tags" as const),
          problems: error.checked.problems,
        },
        { status: 400 },
      );
    throw error;
  }
};

export default function BulkTagsPage() {
  const { segments, storeTags, picked, operations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [op, setOp] = useState<"add" | "remove">("add");
  const [text, setText] = useState("");
  const [source, setSource] = useState<Source>(picked ?? { type: "all" });
  const checked = checkTags(splitTags(text), storeTags);
  const busy = navigation.state !== "idle";
  const preview = () =>
    submit({ payload: JSON.stringify({ op, tags: splitTags(text), source }) }, { method: "post" });
  return (
    <Page>
      <TitleBar title={t("customers.tags.title")}>
        <button variant="breadcrumb" onClick={() => navigate("/app/customers")}>
          {t("areas.customers.title")}
        </button>
      </TitleBar>
      <Layout>
        {result?.error ? (
          <Layout.Section>
            <Banner tone="critical" title={t(`customers.tags.errors.${result.error}`)}>
              {result.problems.length ? (
                <List>
                  {(result.problems as { tag: string; problem: string }[]).map((p, i) => (
                    <List.Item key={i}>
                      {t(`customers.tags.problems.${p.problem}`, { tag: p.tag.slice(0, 40) })}
                    </List.Item>
                  ))}
                </List>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("customers.tags.what")}
              </Text>
              <ChoiceList
                title={t("customers.tags.op")}
                titleHidden
                choices={[
                  { value: "add", label: t("customers.tags.add") },
                  { value: "remove", label: t("customers.tags.remove") },
                ]}
                selected={[op]}
                onChange={([value]) => setOp(value as "add" | "remove")}
              />
              <TextField
                label={t("customers.tags.tags")}
                helpText={t("customers.tags.tagsHelp")}
                value={text}
                onChange={setText}
                autoComplete="off"
                error={
                  checked.problems.length
                    ? t(`customers.tags.problems.${checked.problems[0]!.problem}`, {
                        tag: checked.problems[0]!.tag.slice(0, 40),
                      })
                    : checked.tooMany
                      ? t("customers.tags.errors.tooMany")
                      : undefined
                }
              />
              {checked.caseDiffers.length ? (
                <Banner tone="warning">
                  {t("customers.tags.caseDiffers", {
                    tags: checked.caseDiffers.map((c) => `${c.tag} → ${c.existing}`).join(", "),
                  })}
                </Banner>
              ) : null}
              {checked.repeated.length ? (
                <Text as="p" tone="subdued">
                  {t("invitations.new.tagsRepeated", { tags: checked.repeated.join(", ") })}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("customers.tags.who")}
              </Text>
              <AudienceFields source={source} onChange={setSource} segments={segments} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineStack align="end">
            <Button
              variant="primary"
              onClick={preview}
              loading={busy}
              disabled={!checked.tags.length || checked.problems.length > 0 || checked.tooMany}
            >
              {t("customers.tags.preview")}
            </Button>
          </InlineStack>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="h2" variant="headingMd">
                  {t("customers.tags.recent")}
                </Text>
              </div>
              {operations.length ? (
                <IndexTable
                  resourceName={{
                    singular: t("customers.tags.singular"),
                    plural: t("customers.tags.plural"),
                  }}
                  itemCount={operations.length}
                  selectable={false}
                  headings={[
                    { title: t("customers.tags.change") },
                    { title: t("customers.tags.when") },
                  ]}
                >
                  {operations.map((o, index) => (
                    <IndexTable.Row id={o.id} key={o.id} position={index}>
                      <IndexTable.Cell>
                        <Link to={`/app/customers/tags/${o.id}`}>
                          {t(`customers.tags.summary.${o.undoOf ? "undo" : o.op}`, {
                            tags: o.tags.join(", "),
                          })}
                        </Link>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <JobTime iso={o.createdAt} />
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              ) : (
                <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                  <Text as="p" tone="subdued">
                    {t("customers.tags.none")}
                  </Text>
                </div>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <ErrorBanner error={useRouteError()} messageKey="customers.errors.load" />;
}
