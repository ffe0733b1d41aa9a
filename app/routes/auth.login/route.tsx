import { useState } from "react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useTranslation } from "react-i18next";
import { localeFromRequest } from "../../i18n/config";
import { polarisTranslations } from "../../i18n/polaris";
import { readForm } from "../../http/body.server";
import { login } from "../../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

// login() answers null when there is nothing to report, or { shop: "MissingShop" | "InvalidShop" }.
async function loginErrors(request: Request) {
  const result = await login(request);
  return { error: result?.shop ?? null };
}

export const loader = async ({ request }: LoaderFunctionArgs) => ({
  ...(await loginErrors(request)),
  polaris: polarisTranslations[localeFromRequest(request)],
});

// A shop's handle is one DNS label: at most 63 characters.
const SHOP = /^[a-z0-9][a-z0-9-]{0,62}(\.myshopify\.com)?$/i;

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const shop = form.get("shop");
  if (typeof shop !== "string" || !shop.trim())
    return json({ error: "MissingShop" }, { status: 400 });
  if (!SHOP.test(shop.trim())) return json({ error: "InvalidShop" }, { status: 400 });
  const result = await loginErrors(
    new Request(request.url, { method: "POST", headers: request.headers, body: form }),
  );
  return result.error ? json(result, { status: 400 }) : result;
};

export default function Login() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData?.error ?? loaderData.error;
  return (
    <AppProvider i18n={loaderData.polaris}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                {t("login.title")}
              </Text>
              <TextField
                type="text"
                name="shop"
                label={t("login.shopLabel")}
                helpText={t("login.shopHelp")}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error ? t(`login.errors.${error}`) : undefined}
              />
              <Button submit>{t("login.submit")}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
